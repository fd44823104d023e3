package io.sparkdigits.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.registry.RegistryLock.Generation;
import io.sparkdigits.core.storage.NumberedLog;
import io.sparkdigits.core.storage.ProcessOwner;
import io.sparkdigits.core.testing.ChildJvm;
import io.sparkdigits.core.testing.ThreadRace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retraining lock on the local filesystem, with real concurrent takers, threads and processes. */
class RegistryLockTest {
  private static final Duration STALE = Duration.ofSeconds(30);
  private static final Duration QUICKLY_STALE = Duration.ofMillis(400);

  @TempDir Path dir;
  private FileSystem fs;
  private org.apache.hadoop.fs.Path folder;
  private NumberedLog<Generation> generations;

  @BeforeEach
  void noLock() throws IOException {
    folder = new org.apache.hadoop.fs.Path(dir.resolve("_retrain-lock").toUri());
    fs = folder.getFileSystem(new Configuration());
    generations = new NumberedLog<>(fs, folder, Generation.class);
  }

  private RegistryLock acquire(String runId, Duration staleAfter, Duration waitFor) throws Exception {
    return RegistryLock.acquire(fs, folder, "being retrained", ProcessOwner.current(runId), staleAfter, waitFor);
  }

  private Generation newest() throws IOException {
    return generations.latest().orElseThrow().value();
  }

  @Test
  void theLockAdmitsOneRunAndIsTakenOverWhenItsHolderFallsSilent() throws Exception {
    List<RegistryLock> acquired = ThreadRace.race(6, i -> {
      try {
        return acquire("run-" + i, STALE, Duration.ZERO);
      } catch (RegistryLock.HeldException held) {
        return null;
      }
    });
    List<RegistryLock> holders = acquired.stream().filter(Objects::nonNull).toList();
    assertThat(holders).as("runs that got the lock at once").hasSize(1);
    assertThatThrownBy(() -> acquire("late", STALE, Duration.ZERO))
        .isInstanceOf(RegistryLock.HeldException.class).hasMessageContaining("is being retrained by run run-")
        .hasMessageContaining("renewed 0 s ago");

    // the holder hangs: its lock is no longer renewed
    holders.get(0).abandon();
    Thread.sleep(QUICKLY_STALE.toMillis() + 200);
    try (RegistryLock taken = acquire("next", QUICKLY_STALE, Duration.ZERO)) {
      assertThat(taken.generation()).isGreaterThan(holders.get(0).generation());
      assertThat(newest().holder().runId()).isEqualTo("next");
    }
    assertThat(newest().released()).as("let go on close").isTrue();
    holders.get(0).close();
    assertThat(newest().holder().runId()).as("the hung run, closing at last, lets go of nothing").isEqualTo("next");

    for (int i = 0; i < 10; i++) {
      acquire("again-" + i, STALE, Duration.ZERO).close();
    }
    try (Stream<Path> files = Files.list(dir.resolve("_retrain-lock"))) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .as("the generations kept after many runs").containsExactly(String.format("%010d.json",
              holders.get(0).generation() + 2 + 2 * 10));
    }
  }

  @Test
  void aHolderTakenOverStopsRenewingAndLetsGoOfNothing() throws Exception {
    RegistryLock slow = acquire("slow", QUICKLY_STALE, Duration.ZERO);
    // a taker that counts any silence as stale takes the lock over from the live, renewing holder
    RegistryLock taker = acquire("taker", Duration.ZERO, Duration.ofSeconds(10));
    taker.abandon();
    slow.close();
    assertThat(newest()).as("after the slow run let go").extracting(g -> g.holder().runId(), Generation::released)
        .containsExactly("taker", false);
    assertThatThrownBy(() -> acquire("late", STALE, Duration.ZERO)).hasMessageContaining("by run taker");

    // the slow run's heartbeat does not keep the taker's lock alive: once silent for long enough, it is stale
    Thread.sleep(QUICKLY_STALE.toMillis() + 200);
    try (RegistryLock next = acquire("next", QUICKLY_STALE, Duration.ZERO)) {
      assertThat(next.generation()).isEqualTo(taker.generation() + 1);
    }
  }

  @Test
  void aHolderWhoseProcessIsGoneFromThisHostIsTakenOverAtOnce() throws Exception {
    Path log = dir.resolve("holder.log");
    Process holder = ChildJvm.start(log, ChildJvm.withoutSpark(), LockHolder.class,
        List.of(folder.toString(), "holder"));
    try {
      assertThat(ChildJvm.awaitOutput(holder, log, "holding generation 1", Duration.ofMinutes(1)))
          .as("the holder takes the lock: %s", Files.readString(log)).isTrue();
      assertThatThrownBy(() -> acquire("while-alive", STALE, Duration.ZERO))
          .isInstanceOf(RegistryLock.HeldException.class)
          .hasMessageContaining("is being retrained by run holder on ").hasMessageContaining("(pid " + holder.pid() + ")");
    } finally {
      ChildJvm.kill(holder);
    }
    try (RegistryLock taken = acquire("after-death", STALE, Duration.ZERO)) {
      assertThat(taken.generation()).as("taken over from the dead holder, renewed a moment ago").isEqualTo(2);
    }
  }
}
