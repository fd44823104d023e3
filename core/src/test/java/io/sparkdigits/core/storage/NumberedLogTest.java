package io.sparkdigits.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.testing.UntrustedFileSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  @Test
  void anUpdateDecidesAgainAgainstTheEntryAnotherWriterAppendedFirst() throws IOException {
    NumberedLog<String> log = log(dir.toUri().toString());
    log.appendAfter(0, "first");
    List<Optional<NumberedLog.Entry<String>>> seen = new ArrayList<>();
    Optional<NumberedLog.Entry<String>> appended = log.update(2, latest -> {
      seen.add(latest);
      if (seen.size() == 1) {
        assertThat(log.appendAfter(1, "another writer's")).isTrue();
      }
      return Optional.of("after " + latest.orElseThrow().value());
    });
    assertThat(seen).containsExactly(Optional.of(new NumberedLog.Entry<>(1, "first")),
        Optional.of(new NumberedLog.Entry<>(2, "another writer's")));
    assertThat(appended).contains(new NumberedLog.Entry<>(3, "after another writer's"));
    assertThat(log.history()).extracting(NumberedLog.Entry::value)
        .containsExactly("first", "another writer's", "after another writer's");
  }

  @Test
  void anUpdateAppendsNothingWhenTheWriterDecidesSoAndGivesUpAfterItsAttempts() throws IOException {
    NumberedLog<String> log = log(dir.toUri().toString());
    assertThat(log.update(1, latest -> Optional.empty())).isEmpty();
    assertThat(log.latest()).isEmpty();
    assertThatThrownBy(() -> log.update(1, latest -> {
      log.appendAfter(latest.map(NumberedLog.Entry::number).orElse(0L), "always in first");
      return Optional.of("never appended");
    })).isInstanceOf(NumberedLog.ContendedException.class).hasMessageEndingWith("first 1 times");
    assertThat(log.history()).extracting(NumberedLog.Entry::value).containsExactly("always in first");
  }

  @Test
  void aNewestOnlyLogKeepsOnlyItsNewestEntry() throws IOException {
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.toUri().toString());
    NumberedLog<String> log = NumberedLog.newestOnly(folder.getFileSystem(new Configuration()), folder, String.class);
    assertThat(log.appendAfter(0, "first")).isTrue();
    assertThat(log.appendAfter(1, "second")).isTrue();
    assertThat(log.appendAfter(0, "first again")).as("a deleted entry recreated below the newest").isFalse();
    assertThat(log.update(3, latest -> Optional.of("third"))).contains(new NumberedLog.Entry<>(3, "third"));
    assertThat(log.history()).containsExactly(new NumberedLog.Entry<>(3, "third"));
  }
}
