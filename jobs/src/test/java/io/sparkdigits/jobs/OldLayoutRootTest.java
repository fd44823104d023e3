package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.spark.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage root written before every run belonged to a model, its runs in {@code ROOT/runs}: its
 * runs still predict, the registry's commands say in one line how to move them, and {@code models
 * migrate} moves them into the model, after which they are listed and rolled back to as any other.
 */
class OldLayoutRootTest extends SparkTestBase {
  private static final String OLDER = "20261130-120000-aaaaaa";
  private static final String NEWER = "20261201-120000-bbbbbb";

  @TempDir Path dir;

  /** Two runs where the pipeline published them before, and no model folder. */
  private Path oldRoot() throws IOException {
    Path root = dir.resolve("warehouse");
    for (String runId : List.of(OLDER, NEWER)) {
      Path run = Files.createDirectories(root.resolve("runs").resolve(runId));
      TestModels.untrained(run.resolve("model.zip"));
      Files.writeString(run.resolve("metrics.json"), "{\"runId\": \"" + runId + "\", \"test\": {\"accuracy\": 0.5}}");
    }
    return root;
  }

  private static String notice(Path root) {
    return "file:" + root.resolve("runs") + " holds 2 runs published before every run belonged to a model: "
        + "scripts/models.sh migrate --out file:" + root + " --model digits moves them into model digits";
  }

  @Test
  void theRunsOfAnOldRootPredictAndTheRegistrySaysHowToMoveThem() throws IOException {
    Path root = oldRoot();
    String out = root.toString();

    JobOutput list = JobOutput.run(new ModelsJob(), "list", "--out", out);
    assertThat(list.exitCode()).isEqualTo(2);
    assertThat(list.err().strip()).isEqualTo("list: --model digits: no such model under file:" + root
        + " (it has none); " + notice(root));
    JobOutput rollback = JobOutput.run(new ModelsJob(), "rollback", OLDER, "--out", out);
    assertThat(rollback.exitCode()).isEqualTo(2);
    assertThat(rollback.err().strip()).isEqualTo("rollback: model digits has no published run " + OLDER + "; "
        + notice(root));

    assertThat(JobOutput.run(new IngestJob(), "--data", CommandLineTest.syntheticMnist(dir.resolve("mnist"))
        .toString(), "--out", out).exitCode()).isZero();
    JobOutput predicted = JobOutput.run(new PredictJob(), "--out", out, "--model", root.resolve("runs/" + OLDER)
        .toString(), "--split", "test", "--output", dir.resolve("predictions").toString());
    assertThat(predicted.exitCode()).as("predict; stderr: %s", predicted.err()).isZero();
    assertThat(predicted.out()).contains("Predicted 20 images, 0 could not be read");
  }

  @Test
  void migrateMovesTheRunsIntoTheModelWhereTheyAreListedAndRolledBackTo() throws IOException {
    Path root = oldRoot();
    String out = root.toString();

    JobOutput migrated = JobOutput.run(new ModelsJob(), "migrate", "--out", out);
    assertThat(migrated.exitCode()).as(migrated.err()).isZero();
    assertThat(migrated.out().strip()).isEqualTo("Moved 2 runs into model digits: file:" + root
        + "/models/digits/runs\nModel digits has no champion: make one with scripts/models.sh rollback " + NEWER);
    assertThat(names(root.resolve("runs"))).isEmpty();
    assertThat(names(root.resolve("models/digits/runs"))).containsExactly(OLDER, NEWER);
    assertThat(root.resolve("models/digits/runs/" + OLDER + "/model.zip")).isRegularFile();

    JobOutput rollback = JobOutput.run(new ModelsJob(), "rollback", OLDER, "--out", out);
    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(rollback.out().strip()).isEqualTo("Run " + OLDER + " is the champion of model digits now");
    JobOutput list = JobOutput.run(new ModelsJob(), "list", "--out", out);
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.err()).as("nothing left to move").isEmpty();
    assertThat(list.out().lines().skip(1).toList()).hasSize(2)
        .satisfiesExactly(older -> assertThat(older).startsWith(OLDER).endsWith("<- champion"),
            newer -> assertThat(newer).startsWith(NEWER).doesNotContain("champion"));

    JobOutput again = JobOutput.run(new ModelsJob(), "migrate", "--out", out);
    assertThat(again.out().strip()).isEqualTo("Moved 0 runs into model digits: file:" + root + "/models/digits/runs");
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }
}
