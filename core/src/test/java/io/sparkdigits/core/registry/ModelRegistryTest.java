package io.sparkdigits.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.ProcessOwner;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.core.testing.ThreadRace;
import io.sparkdigits.core.testing.UntrustedFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's promotions and retention on the local filesystem, with real concurrent attempts. */
class ModelRegistryTest {
  private static final Duration STALE = Duration.ofSeconds(30);
  private static final ProcessOwner BY_HAND = ProcessOwner.current("by-hand");

  @TempDir Path dir;
  private FileSystem fs;
  private StorageLayout layout;
  private ModelRegistry registry;
  /** Where a rollback or a retention runs while the test holds the lock, as another process would. */
  private final ExecutorService otherProcess = Executors.newSingleThreadExecutor();

  @BeforeEach
  void emptyRegistry() throws IOException {
    Configuration conf = new Configuration();
    layout = StorageLayout.at(dir.toString(), conf);
    fs = layout.fileSystem(conf);
    registry = new ModelRegistry(fs, layout, "digits");
  }

  @AfterEach
  void stopOtherProcess() {
    otherProcess.shutdownNow();
  }

  private void publish(String runId, double accuracy) throws IOException {
    publish(dir, runId, accuracy);
  }

  /** A published run of model digits under {@code root} as the publish stage leaves it (the registry reads only these two files). */
  static void publish(Path root, String runId, double accuracy) throws IOException {
    Path run = Files.createDirectories(root.resolve("models/digits/runs/" + runId));
    Files.writeString(run.resolve("model.zip"), "a model");
    Files.writeString(run.resolve("metrics.json"), "{\"test\":{\"accuracy\":" + accuracy + "}}");
  }

  @Test
  void theChampionIsTheNewestPromotionOfAPublishedRunAndEachNamesTheOneItReplaced() throws Exception {
    assertThat(registry.champion()).isEmpty();
    assertThatThrownBy(() -> registry.promote(Optional.empty(), "missing", 0.9, "first"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not published");

    publish("run-1", 0.95);
    publish("run-2", 0.97);
    assertThat(registry.promote(registry.currentChampion(), "run-1", 0.95, "first run")).isTrue();
    Optional<Champion> first = registry.currentChampion();
    assertThat(registry.promote(first, "run-2", 0.97, "better")).isTrue();
    assertThat(registry.promote(first, "run-2", 0.97, "again"))
        .as("a promotion decided against champion 1 when 2 exists").isFalse();
    assertThat(registry.champion()).contains(layout.forModel("digits").run("run-2"));
    registry.rollBackTo("run-1", "rolled back", BY_HAND, STALE);
    assertThat(registry.currentChampion()).contains(new Champion(3, registry.championPromotion().orElseThrow()));
    assertThat(registry.championPromotion().orElseThrow().reason()).isEqualTo("rolled back");
    assertThat(registry.promotions()).extracting(Promotion::runId, Promotion::replacesRunId)
        .containsExactly(tuple("run-1", null), tuple("run-2", "run-1"), tuple("run-1", "run-2"));
    assertThatThrownBy(() -> registry.rollBackTo("run-9", "no such run", BY_HAND, STALE))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("model digits has no published run run-9");
  }

  @Test
  void aPromotionOvertakenByAnotherIsDecidedAgainAgainstTheNewChampion() throws IOException {
    publish("old", 0.90);
    publish("overtaker", 0.93);
    publish("challenger", 0.95);
    registry.promote(Optional.empty(), "old", 0.90, "first run");
    List<String> judgedAgainst = new ArrayList<>();
    Decision decision = registry.decideAndPromote("challenger", 0.95, champion -> {
      judgedAgainst.add(champion.orElseThrow().runId());
      if (judgedAgainst.size() == 1) {
        // another run promotes while this one is deciding
        assertThat(registry.promote(champion, "overtaker", 0.93, "overtakes")).isTrue();
      }
      return promoted("challenger", champion.orElseThrow());
    });
    assertThat(judgedAgainst).as("the champions the challenger was judged against").containsExactly("old", "overtaker");
    assertThat(decision.championBefore()).isEqualTo("overtaker");
    assertThat(registry.decision("challenger")).as("the decision taken is recorded").contains(decision);
    assertThat(registry.promotions()).extracting(Promotion::runId, Promotion::replacesRunId)
        .containsExactly(tuple("old", null), tuple("overtaker", "old"), tuple("challenger", "overtaker"));
  }

  @Test
  void aPointerLogWrittenBeforePromotionsNamedWhatTheyReplacedIsRead() throws IOException {
    publish("old", 0.9);
    publish("new", 0.95);
    Path pointer = Files.createDirectories(dir.resolve("models/digits/champion")).resolve("0000000001.json");
    Files.writeString(pointer, "{\"runId\": \"old\", \"promotedAt\": \"2026-11-01T02:00:00Z\", "
        + "\"testAccuracy\": 0.9, \"reason\": \"first run\"}");
    assertThat(registry.currentChampion()).contains(
        new Champion(1, new Promotion("old", "2026-11-01T02:00:00Z", 0.9, "first run", null)));
    Decision decision = registry.decideAndPromote("new", 0.95, champion -> promoted("new", champion.orElseThrow()));
    assertThat(decision.championBefore()).isEqualTo("old");
    assertThat(registry.currentChampion().orElseThrow()).extracting(Champion::number, c -> c.promotion().replacesRunId())
        .containsExactly(2L, "old");
  }

  @Test
  void anAccuracyThatThereWasNoneOfIsNullInTheDecisionFileAndReadsAsNaN() throws IOException {
    registry.recordDecision(new Decision("20261201-000000-aaaaaa", Decision.Outcome.PROMOTED, "first run",
        "2026-12-01T00:00:00Z", null, Double.NaN, 0.97, 0.001, "data", "configuration"));
    Path file = dir.resolve("models/digits/decisions/20261201-000000-aaaaaa.json");
    assertThat(Files.readString(file)).contains("\"championAccuracy\" : null").contains("\"challengerAccuracy\" : 0.97")
        .doesNotContain("NaN");
    Decision read = registry.decision("20261201-000000-aaaaaa").orElseThrow();
    assertThat(read.championAccuracy()).isNaN();
    assertThat(read.challengerAccuracy()).isEqualTo(0.97);

    // as earlier releases wrote it, without the checksum beside it that a hand's edit would leave wrong
    Files.delete(file.resolveSibling("." + file.getFileName() + ".crc"));
    Files.writeString(file, Files.readString(file).replace("\"championAccuracy\" : null", "\"championAccuracy\" : \"NaN\""));
    assertThat(registry.decision("20261201-000000-aaaaaa").orElseThrow().championAccuracy()).isNaN();
    Files.writeString(file, Files.readString(file).replace("\"championAccuracy\" : \"NaN\",", ""));
    assertThat(registry.decision("20261201-000000-aaaaaa").orElseThrow().championAccuracy()).as("left out").isNaN();
  }

  /**
   * Rounds of eight threads that each read the champion, wait until all have read it, then promote
   * their own run over it: they collide every round, one wins and the seven others are refused, and
   * the rounds' winners form one chain.
   */
  @Test
  void racingPromotionsCollideAndFormOneChain() throws Exception {
    int threads = 8;
    int rounds = 3;
    for (int i = 0; i < threads * rounds; i++) {
      publish("run-" + i, 0.9);
    }
    CyclicBarrier allHaveRead = new CyclicBarrier(threads);
    for (int round = 0; round < rounds; round++) {
      int first = round * threads;
      List<Boolean> promoted = ThreadRace.race(threads, i -> {
        Optional<Champion> seen = registry.currentChampion();
        allHaveRead.await();
        return registry.promote(seen, "run-" + (first + i), 0.9, "racing");
      });
      assertThat(promoted).as("promotions of round %d that succeeded", round + 1).containsOnlyOnce(true);
    }
    List<Promotion> promotions = registry.promotions();
    assertThat(promotions).as("one log entry per promotion that succeeded").hasSize(rounds);
    for (int i = 1; i < promotions.size(); i++) {
      assertThat(promotions.get(i).replacesRunId()).as("promotion %d replaces", i + 1)
          .isEqualTo(promotions.get(i - 1).runId());
    }
  }

  @Test
  void ofManyRacingForOnePathOnlyOneCreatesIt() throws Exception {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir.resolve("contended.json").toUri());
    List<Boolean> created = ThreadRace.race(16, i -> HadoopFiles.createExclusively(fs, target, ("writer " + i).getBytes()));
    assertThat(created).filteredOn(Boolean::booleanValue).hasSize(1);
    assertThat(Files.readString(dir.resolve("contended.json"))).startsWith("writer ");
  }

  @Test
  void aStoreWithoutAnAtomicExclusiveCreateIsRefusedAPromotion() throws IOException {
    publish("run-1", 0.95);
    String root = UntrustedFileSystem.uri(dir);
    StorageLayout untrusted = StorageLayout.at(root, new Configuration());
    ModelRegistry refusing = new ModelRegistry(untrusted.fileSystem(new Configuration()), untrusted, "digits");
    assertThat(refusing.run("run-1")).as("the registry reads the store").isPresent();
    String refusal = "untrusted:/// has no atomic exclusive create (UntrustedFileSystem): model digits cannot be "
        + "promoted there safely; keep the registry on HDFS or a local filesystem";
    assertThatThrownBy(refusing::requirePromotable).isInstanceOf(IllegalArgumentException.class).hasMessage(refusal);
    assertThatThrownBy(() -> refusing.rollBackTo("run-1", "by hand", BY_HAND, STALE)).hasMessage(refusal);
    assertThatThrownBy(() -> refusing.decideAndPromote("run-1", 0.95, champion -> promoted("run-1", null)))
        .hasMessage(refusal);
    assertThatThrownBy(() -> RegistryLock.acquire(untrusted.fileSystem(new Configuration()), untrusted.lock("digits"),
        "being retrained", ProcessOwner.current("run-2"), STALE, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("untrusted:/// has no atomic exclusive create");
    assertThat(dir.resolve("models/digits/champion")).as("nothing written").doesNotExist();
    assertThat(dir.resolve("models/digits/_retrain-lock")).as("nothing written").doesNotExist();
  }

  /** A decision to promote {@code runId} over {@code champion} (null: none). */
  private static Decision promoted(String runId, Champion champion) {
    return new Decision(runId, Decision.Outcome.PROMOTED, "better", Instant.now().toString(),
        champion == null ? null : champion.runId(), champion == null ? Double.NaN : champion.promotion().testAccuracy(),
        0.95, 0.001, "data", "configuration");
  }

  @Test
  void retentionKeepsTheChampionAndTheNewestRuns() throws Exception {
    for (int i = 1; i <= 5; i++) {
      publish("run-" + i, 0.9);
    }
    registry.promote(Optional.empty(), "run-1", 0.9, "first");
    assertThat(registry.retain(2, BY_HAND, STALE)).containsExactly("run-2", "run-3");
    assertThat(registry.runs()).extracting(ModelRegistry.RunSummary::runId).containsExactly("run-1", "run-4", "run-5");
    assertThat(registry.champion()).contains(layout.forModel("digits").run("run-1"));
  }

  /** Takes the retention lock as retraining {@code runId} does while it deletes old runs. */
  private RegistryLock retentionLockOf(String runId) throws Exception {
    return RegistryLock.acquire(fs, layout.retentionLock("digits"), "having old runs deleted",
        ProcessOwner.current(runId), STALE, Duration.ZERO);
  }

  @Test
  void aRollbackWaitsWhileOldRunsAreDeletedAndThenFindsItsRunGone() throws Exception {
    for (int i = 1; i <= 3; i++) {
      publish("run-" + i, 0.9);
    }
    registry.promote(Optional.empty(), "run-3", 0.9, "first");
    Future<?> rollback;
    try (RegistryLock deleting = retentionLockOf("run-4")) {
      rollback = otherProcess.submit(() -> {
        registry.rollBackTo("run-1", "by hand", BY_HAND, STALE);
        return null;
      });
      Thread.sleep(500);
      assertThat(rollback).as("the rollback waits for the lock").isNotDone();
      // what the retention holding the lock deletes: had the rollback not waited, run-1 would now be
      // the champion and gone
      fs.delete(layout.forModel("digits").run("run-1"), true);
    }
    assertThatThrownBy(() -> rollback.get(1, TimeUnit.MINUTES)).cause()
        .isInstanceOf(UsageException.class).hasMessage("model digits has no published run run-1");
    assertThat(registry.championPromotion().map(Promotion::runId)).contains("run-3");
  }

  @Test
  void aRetentionWaitsWhileARollbackMovesTheChampionAndKeepsTheRunItReturnedTo() throws Exception {
    for (int i = 1; i <= 4; i++) {
      publish("run-" + i, 0.9);
    }
    registry.promote(Optional.empty(), "run-4", 0.9, "first");
    Future<List<String>> retention;
    try (RegistryLock rollingBack = retentionLockOf("rollback-to-run-1")) {
      retention = otherProcess.submit(() -> registry.retain(1, ProcessOwner.current("run-5"), STALE));
      Thread.sleep(500);
      assertThat(retention).as("the retention waits for the lock").isNotDone();
      // what the rollback holding the lock does
      registry.promote(registry.currentChampion(), "run-1", 0.9, "by hand");
    }
    assertThat(retention.get(1, TimeUnit.MINUTES)).containsExactly("run-2", "run-3");
    assertThat(registry.champion()).contains(layout.forModel("digits").run("run-1"));
  }
}
