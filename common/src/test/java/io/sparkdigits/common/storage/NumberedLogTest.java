package io.sparkdigits.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.common.testing.UntrustedFileSystem;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's compare-and-swap where the store has an atomic exclusive create, and its use where it has none. */
class NumberedLogTest {
  @TempDir Path dir;

  private static NumberedLog<String> log(String folder) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(folder);
    return new NumberedLog<>(path.getFileSystem(new Configuration()), path, String.class);
  }

  @Test
  void anAppendAfterAnEntryAlreadyFollowedFails() throws IOException {
    NumberedLog<String> log = log(dir.toUri().toString());
    assertThat(log.latest()).isEmpty();
    assertThat(log.appendAfter(0, "first")).as("the first entry").isTrue();
    assertThat(log.appendAfter(0, "also first")).as("a second writer that read the same empty log").isFalse();
    assertThat(log.appendAfter(1, "second")).isTrue();
    assertThat(log.latest().orElseThrow()).isEqualTo(new NumberedLog.Entry<>(2, "second"));
    assertThat(log.history()).extracting(NumberedLog.Entry::value).containsExactly("first", "second");
  }

  @Test
  void aStoreWithoutAnAtomicExclusiveCreateStillKeepsWholeEntriesInOrder() throws IOException {
    NumberedLog<String> log = log(UntrustedFileSystem.uri(dir));
    FileSystem fs = new org.apache.hadoop.fs.Path(UntrustedFileSystem.uri(dir)).getFileSystem(new Configuration());
    assertThat(fs).isInstanceOf(UntrustedFileSystem.class);
    assertThat(log.appendAfter(0, "first")).isTrue();
    assertThat(log.appendAfter(0, "also first")).as("an entry seen there is not replaced").isFalse();
    assertThat(log.appendAfter(1, "second")).isTrue();
    assertThat(log.history()).extracting(NumberedLog.Entry::value).containsExactly("first", "second");
  }
}
