package io.sparkdigits.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.common.storage.HadoopFiles;
import io.sparkdigits.common.storage.StorageLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's promotions, lock and retention on the local filesystem, with real concurrent attempts. */
class ModelRegistryTest {
  private static final Duration STALE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private FileSystem fs;
  private StorageLayout layout;
  private ModelRegistry registry;

  @BeforeEach
  void emptyRegistry() throws IOException {
    Configuration conf = new Configuration();
    layout = StorageLayout.at(dir.toString(), conf);
    fs = layout.fileSystem(conf);
    registry = new ModelRegistry(fs, layout, "digits");
  }

  /** A published run as the publish stage leaves it (the registry reads only these two files). */
  private void publish(String runId, double accuracy) throws IOException {
    Path run = Files.createDirectories(dir.resolve("models/digits/runs/" + runId));
    Files.writeString(run.resolve("model.zip"), "a model");
    Files.writeString(run.resolve("metrics.json"), "{\"test\":{\"accuracy\":" + accuracy + "}}");
  }

  @Test
  void theChampionIsTheNewestPromotionOfAPublishedRun() throws IOException {
    assertThat(registry.champion()).isEmpty();
    assertThatThrownBy(() -> registry.promote("missing", 0.9, "first"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not published");

    publish("run-1", 0.95);
    publish("run-2", 0.97);
    assertThat(registry.promote("run-1", 0.95, "first run")).isTrue();
    assertThat(registry.promote("run-2", 0.97, "better")).isTrue();
    assertThat(registry.champion()).contains(layout.forModel("digits").run("run-2"));
    assertThat(registry.promote("run-1", 0.95, "rolled back")).as("a rollback is a promotion").isTrue();
    assertThat(registry.championPromotion().orElseThrow().reason()).isEqualTo("rolled back");
    assertThat(registry.promotions()).extracting(Promotion::runId).containsExactly("run-1", "run-2", "run-1");
  }

  @Test
  void ofManyRacingForOnePathOnlyOneCreatesIt() throws Exception {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir.resolve("contended.json").toUri());
    List<Boolean> created = race(16, i -> HadoopFiles.createExclusively(fs, target, ("writer " + i).getBytes()));
    assertThat(created).filteredOn(Boolean::booleanValue).hasSize(1);
    assertThat(Files.readString(dir.resolve("contended.json"))).startsWith("writer ");
  }

  @Test
  void racingPromotionsNeverShareAPlaceInTheLog() throws Exception {
    for (int i = 0; i < 8; i++) {
      publish("run-" + i, 0.9);
    }
    List<Boolean> promoted = race(8, i -> registry.promote("run-" + i, 0.9, "racing"));
    long succeeded = promoted.stream().filter(Boolean::booleanValue).count();
    assertThat(succeeded).isPositive();
    assertThat(registry.promotions()).as("one log entry per promotion that succeeded").hasSize((int) succeeded);
  }

  @Test
  void theLockAdmitsOneRunAndIsTakenOverWhenItsHolderFallsSilent() throws Exception {
    org.apache.hadoop.fs.Path lockPath = layout.lock("digits");
    List<RegistryLock> acquired = race(6, i -> {
      try {
        return RegistryLock.acquire(fs, lockPath, RegistryLock.Owner.of("run-" + i), STALE, Duration.ZERO);
      } catch (RegistryLock.HeldException held) {
        return null;
      }
    });
    List<RegistryLock> holders = acquired.stream().filter(java.util.Objects::nonNull).toList();
    assertThat(holders).as("runs that got the lock at once").hasSize(1);

    assertThatThrownBy(() -> RegistryLock.acquire(fs, lockPath, RegistryLock.Owner.of("late"), STALE, Duration.ZERO))
        .isInstanceOf(RegistryLock.HeldException.class).hasMessageContaining("is being retrained by run run-");

    // the holder dies: its lock is no longer renewed
    holders.get(0).abandon();
    Files.setLastModifiedTime(Path.of(lockPath.toUri()), FileTime.from(Instant.now().minus(STALE).minusSeconds(5)));
    try (RegistryLock taken = RegistryLock.acquire(fs, lockPath, RegistryLock.Owner.of("next"), STALE, Duration.ZERO)) {
      assertThat(Files.readString(Path.of(lockPath.toUri()))).containsPattern("\"runId\"\\s*:\\s*\"next\"");
    }
    assertThat(Path.of(lockPath.toUri())).as("let go on close").doesNotExist();
  }

  @Test
  void retentionKeepsTheChampionAndTheNewestRuns() throws IOException {
    for (int i = 1; i <= 5; i++) {
      publish("run-" + i, 0.9);
    }
    registry.promote("run-1", 0.9, "first");
    assertThat(registry.retain(2)).containsExactly("run-2", "run-3");
    assertThat(registry.runs()).extracting(ModelRegistry.RunSummary::runId).containsExactly("run-1", "run-4", "run-5");
    assertThat(registry.champion()).contains(layout.forModel("digits").run("run-1"));
  }

  /** Runs {@code attempt} on {@code threads} threads released at the same moment. */
  private static <T> List<T> race(int threads, IntAttempt<T> attempt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit((Callable<T>) () -> {
          start.await();
          return attempt.run(index);
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface IntAttempt<T> {
    T run(int index) throws Exception;
  }
}
