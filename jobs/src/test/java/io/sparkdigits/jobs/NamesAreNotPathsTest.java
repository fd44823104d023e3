package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.spark.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model, dataset or run name is one folder under the storage root: a name that would reach
 * elsewhere is a one-line usage error naming the option, and nothing inside or outside the root is
 * touched. What the project itself names things still works.
 */
class NamesAreNotPathsTest extends SparkTestBase {
  private static final String RUN = "20261201-000000-aaaaaa";
  private static final String RULE =
      "is not a name (names are 1 to 128 ASCII letters, digits, '-', '_' and '.', starting with a letter or digit)";

  @TempDir Path dir;

  /**
   * A storage root with a model's published run and one an older version published at the root,
   * beside a folder outside it.
   */
  private Path storageRoot(String model) throws IOException {
    Path root = dir.resolve("warehouse");
    for (Path run : List.of(root.resolve("models").resolve(model).resolve("runs").resolve(RUN),
        root.resolve("runs").resolve(RUN))) {
      Files.createDirectories(run);
      Files.writeString(run.resolve("model.zip"), "a model");
      Files.writeString(run.resolve("metrics.json"), "{\"runId\": \"" + RUN + "\", \"test\": {\"accuracy\": 0.5}}");
    }
    Files.createDirectories(dir.resolve("outside/runs/" + RUN));
    return root;
  }

  private Path syntheticMnist() {
    return CommandLineTest.syntheticMnist(dir.resolve("inbox/2026-12-01"));
  }

  @Test
  void aNameThatIsNotOneSegmentIsRefusedAndNothingIsTouched() throws IOException {
    Path root = storageRoot("digits");
    String out = root.toString();
    Path data = syntheticMnist();
    Map<String, String> before = tree(dir);

    for (String notAName : List.of("..", "../evil", "", "/abs/dir", ".hidden", "a/b", "s3a://bucket/x",
        "_staging", "x".repeat(129))) {
      refused(new ModelsJob(), "--model", notAName, "list", "--out", out, "--model", notAName);
      refused(new ModelsJob(), "--model", notAName, "champion", "--out", out, "--model", notAName);
      refused(new ModelsJob(), "--model", notAName, "rollback", RUN, "--out", out, "--model", notAName);
      refused(new ModelsJob(), "RUN_ID", notAName, "rollback", "--out", out, "--", notAName);
      refused(new RetrainJob(), "--model", notAName, "--inbox", data.getParent().toString(), "--out", out,
          "--model", notAName, "--keep", "1", "--epochs", "1", "--force");
      refused(new IngestJob(), "--dataset", notAName, "--data", data.toString(), "--out", out, "--dataset", notAName);
      refused(new TrainJob(), "--run-id", notAName, "--out", out, "--run-id", notAName);
      refused(new EvaluateJob(), "--run-id", notAName, "--out", out, "--run-id", notAName);
      refused(new PublishJob(), "--run-id", notAName, "--out", out, "--run-id", notAName);
      refused(new AugmentJob(), "--into", notAName, "--out", out, "--into", notAName);
      refused(new PredictJob(), "--champion", notAName, "--out", out, "--champion", notAName, "--split", "test");
      refused(new SweepJob(), "--model", notAName, "--out", out, "--model", notAName, "--grid", "epochs=1,2");
    }
    assertThat(tree(dir)).as("nothing written or deleted, inside the storage root or outside it").isEqualTo(before);
  }

  @Test
  void aNameInAConfigFileIsCheckedAsOnTheCommandLine() throws IOException {
    Path root = storageRoot("digits");
    Path config = Files.writeString(dir.resolve("job.properties"), "model=../..\n");
    Map<String, String> before = tree(dir);
    refused(new ModelsJob(), "--model", "../..", "list", "--out", root.toString(), "--config", config.toString());
    assertThat(tree(dir)).isEqualTo(before);
  }

  @Test
  void namesOfTheAlphabetStillWork() throws IOException {
    Path root = storageRoot("digits-2.v1_b");
    String out = root.toString();

    JobOutput list = JobOutput.run(new ModelsJob(), "list", "--out", out, "--model", "digits-2.v1_b");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).contains(RUN + " ").contains("50.00%");

    // a run that never was the champion becomes it now; returning to it again is a rollback
    JobOutput rollback = JobOutput.run(new ModelsJob(), "rollback", RUN, "--out", out, "--model", "digits-2.v1_b");
    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(rollback.out()).isEqualTo("Run " + RUN + " is the champion of model digits-2.v1_b now"
        + System.lineSeparator());
    JobOutput again = JobOutput.run(new ModelsJob(), "rollback", RUN, "--out", out, "--model", "digits-2.v1_b");
    assertThat(again.out()).isEqualTo("Run " + RUN + " is the champion of model digits-2.v1_b again"
        + System.lineSeparator());

    JobOutput ingest = JobOutput.run(new IngestJob(), "--data", syntheticMnist().toString(), "--out", out,
        "--dataset", "Digits_2.v1", "--validation-fraction", "0");
    assertThat(ingest.exitCode()).as("%s%s", ingest.out(), ingest.err()).isZero();
    try (Stream<Path> datasets = Files.list(root.resolve("datasets"))) {
      assertThat(datasets.map(path -> path.getFileName().toString())).containsExactly("Digits_2.v1");
    }
  }

  /** {@code job} refuses {@code args} with one line naming {@code option} and the rule, exit status 2. */
  private static void refused(Object job, String option, String notAName, String... args) {
    JobOutput result = JobOutput.run(job, args);
    String shown = String.join(" ", args);
    assertThat(result.exitCode()).as("%s: %s%s", shown, result.out(), result.err()).isEqualTo(2);
    assertThat(result.err().strip()).as(shown).doesNotContain("\n").contains(option)
        .contains("'" + notAName + "' " + RULE);
  }

  /** Every file and folder under {@code top}, with each file's size and contents' hash. */
  private static Map<String, String> tree(Path top) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(top)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        tree.put(top.relativize(path).toString(),
            Files.isDirectory(path) ? "folder" : Files.size(path) + " bytes, " + Arrays.hashCode(Files.readAllBytes(path)));
      }
    }
    return tree;
  }
}
