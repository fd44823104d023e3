package io.sparkdigits.core.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.registry.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project file that is not what it should be is named, with where and what, and no Java class. */
class JsonFilesTest {
  @TempDir Path dir;

  private void refused(String content, String problem) throws IOException {
    Path file = Files.writeString(dir.resolve("decision.json"), content);
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
    // the local filesystem's checksummed stream, whose class Jackson's messages named
    assertThatThrownBy(() -> JsonFiles.read(FileSystem.getLocal(new Configuration()), path, Decision.class))
        .as(content).isInstanceOf(IOException.class).hasMessage("Failed to read " + path + ": " + problem);
  }

  @Test
  void whatIsWrongWithAFileIsSaidInItsOwnTerms() throws IOException {
    refused("{\"runId\": \"a\"", "line 1, column 14: Unexpected end-of-input: expected close marker for Object "
        + "(start marker at [line: 1, column: 1])");
    refused("{\"outcome\": \"WON\"}", "line 1, column 13: outcome: expected one of PROMOTED, KEPT_CHAMPION, SKIPPED");
    refused("{\"margin\": [1]}", "line 1, column 12: margin: expected a number");
    refused("[]", "line 1, column 1: the document: expected an object");
  }
}
