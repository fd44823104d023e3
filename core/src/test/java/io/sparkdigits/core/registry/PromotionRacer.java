package io.sparkdigits.core.registry;

import io.sparkdigits.core.storage.ProcessOwner;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * One of several processes retraining model {@code digits} of one registry over and over, as
 * {@code RetrainStage} does without the training: {@code PromotionRacer ROOT CHILD ITERATIONS SEED}.
 * Each round takes the lock (taking over stale ones), publishes a challenger and decides about it
 * against the champion with a compare-and-swap promotion. A quarter of the rounds hang as they
 * decide, their lock falling silent, so that others take it over and promote meanwhile. The last
 * round may die holding the lock, with exit status {@link #DIED}. Prints {@code generation N RUN_ID}
 * for each lock taken and {@code decided RUN_ID OUTCOME JUDGEMENTS} for each decision.
 */
public final class PromotionRacer {
  /** How long a silent lock is held: short, so that takeovers are many. */
  static final Duration STALE_AFTER = Duration.ofMillis(150);
  /** A challenger is promoted when its accuracy is at least the champion's plus this (negative: most are). */
  static final double MARGIN = -0.25;
  /** The exit status of a racer that died holding the lock, on purpose. */
  static final int DIED = 3;

  private PromotionRacer() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int child = Integer.parseInt(args[1]);
    int iterations = Integer.parseInt(args[2]);
    Random random = new Random(Long.parseLong(args[3]) + child);
    Configuration conf = new Configuration();
    StorageLayout layout = StorageLayout.at(root.toString(), conf);
    FileSystem fs = layout.fileSystem(conf);
    ModelRegistry registry = new ModelRegistry(fs, layout, "digits");

    for (int round = 1; round <= iterations; round++) {
      String runId = String.format("c%d-%03d", child, round);
      double accuracy = 0.5 + random.nextDouble() / 2;
      try (RegistryLock lock = registry.retrainingLock(ProcessOwner.current(runId),
          STALE_AFTER, Duration.ofMinutes(1))) {
        System.out.println("generation " + lock.generation() + " " + runId);
        if (round == iterations && random.nextBoolean()) {
          System.out.flush();
          Runtime.getRuntime().halt(DIED);
        }
        boolean hangs = random.nextInt(4) == 0;
        if (hangs) {
          lock.abandon();
        }
        ModelRegistryTest.publish(root, runId, accuracy);
        int[] judgements = {0};
        Decision decision = registry.decideAndPromote(runId, accuracy, champion -> {
          judgements[0]++;
          // the first judgement takes as long as scoring a champion would; a hung run's longer than its lock lasts
          pause(judgements[0] > 1 ? 0 : hangs ? 2 * STALE_AFTER.toMillis() + random.nextInt(100) : random.nextInt(10));
          return decide(runId, accuracy, champion);
        });
        System.out.println("decided " + runId + " " + decision.outcome() + " " + judgements[0]);
      } catch (RegistryLock.HeldException held) {
        System.out.println("held " + runId);
      }
    }
  }

  private static void pause(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new InterruptedIOException("interrupted while deciding");
    }
  }

  private static Decision decide(String runId, double accuracy, Optional<Champion> champion) {
    double championAccuracy = champion.map(c -> c.promotion().testAccuracy()).orElse(Double.NaN);
    boolean promoted = champion.isEmpty() || accuracy >= championAccuracy + MARGIN;
    return new Decision(runId, promoted ? Decision.Outcome.PROMOTED : Decision.Outcome.KEPT_CHAMPION, "racing",
        Instant.now().toString(), champion.map(Champion::runId).orElse(null), championAccuracy, accuracy, MARGIN,
        "data", "configuration");
  }
}
