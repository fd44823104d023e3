package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.json.Json;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.testing.DatasetFolders;
import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.core.testing.SyntheticDigits;
import io.sparkdigits.core.testing.UntrustedFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled retraining from its command line, on synthetic data landing in a dated inbox. */
class RetrainJobTest extends SparkTestBase {
  @TempDir static Path dir;


  private static void land(Path inbox, String date, long seed) {
    Path folder = inbox.resolve(date);
    new SyntheticDigits(2_000, 28, 28, 10, seed).writeMnistFiles(folder, "train", true);
    new SyntheticDigits(500, 28, 28, 10, seed + 1).writeMnistFiles(folder, "t10k", true);
  }

  private static JobOutput retrain(Path inbox, Path warehouse, String... options) {
    List<String> args = new ArrayList<>(List.of("--inbox", inbox.toString(), "--out", warehouse.toString(),
        "--layers", "784-32-10", "--floor", "0.2"));
    args.addAll(List.of(options));
    return JobOutput.run(new RetrainJob(), args.toArray(String[]::new));
  }

  @Test
  void promotesOnlyWhatBeatsTheChampionAndSkipsWhenNothingChanged() throws IOException {
    Path inbox = dir.resolve("inbox");
    Path warehouse = dir.resolve("warehouse");
    land(inbox, "2026-11-01", 1);

    JobOutput first = retrain(inbox, warehouse, "--epochs", "1", "--learning-rate", "0.0005");
    assertThat(first.exitCode()).as("first run: %s%s", first.out(), first.err()).isZero();
    assertThat(first.out()).contains("PROMOTED").contains("first run");

    JobOutput better = retrain(inbox, warehouse, "--epochs", "2");
    assertThat(better.exitCode()).as("a better challenger: %s%s", better.out(), better.err()).isZero();

    JobOutput unchanged = retrain(inbox, warehouse, "--epochs", "2");
    assertThat(unchanged.exitCode()).as("nothing changed: %s%s", unchanged.out(), unchanged.err()).isEqualTo(11);
    assertThat(unchanged.out()).contains("SKIPPED").contains("neither the data nor the configuration changed");
    JobOutput forAirflow = retrain(inbox, warehouse, "--epochs", "2", "--exit-status", "success");
    assertThat(forAirflow.exitCode()).as("skipped, for a scheduler that retries non-zero: %s%s", forAirflow.out(),
        forAirflow.err()).isZero();
    assertThat(forAirflow.out()).contains("SKIPPED");
    // a retraining killed after its promotion, before it recorded its decision: the champion's run says what it
    // was trained on
    Path decided = warehouse.resolve("models/digits/decisions/" + runId(better) + ".json");
    Path aside = dir.resolve("decision-aside.json");
    Files.move(decided, aside);
    JobOutput undecided = retrain(inbox, warehouse, "--epochs", "2");
    assertThat(undecided.exitCode()).as("a champion without a decision: %s%s", undecided.out(), undecided.err())
        .isEqualTo(11);
    assertThat(undecided.out()).contains("SKIPPED").contains("since champion " + runId(better));
    Files.move(aside, decided);

    JobOutput worse = retrain(inbox, warehouse, "--epochs", "1", "--learning-rate", "0.00001");
    assertThat(worse.exitCode()).as("a worse challenger: %s%s", worse.out(), worse.err()).isEqualTo(10);
    assertThat(worse.out()).contains("KEPT_CHAMPION").contains("does not beat it");

    Path champion = Path.of(java.net.URI.create(champion(warehouse)));
    assertThat(champion.getFileName().toString()).as("the champion is the better run").isEqualTo(runId(better));
    MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(champion.resolve("model.zip").toFile());
    assertThat(model.layerSize(0)).isEqualTo(32);

    // new data lands: no longer the champion's, so the same configuration trains again
    land(inbox, "2026-11-02", 7);
    JobOutput newData = retrain(inbox, warehouse, "--epochs", "2");
    assertThat(newData.exitCode()).as("new data: %s%s", newData.out(), newData.err()).isIn(0, 10);
    Decision decision = Json.mapper().readValue(
        warehouse.resolve("models/digits/decisions/" + runId(newData) + ".json").toFile(), Decision.class);
    Decision championDecision = Json.mapper().readValue(
        warehouse.resolve("models/digits/decisions/" + runId(better) + ".json").toFile(), Decision.class);
    assertThat(decision.dataFingerprint()).isNotEqualTo(championDecision.dataFingerprint());
    assertThat(decision.configurationFingerprint()).isEqualTo(championDecision.configurationFingerprint());
    assertThat(decision.championBefore()).isEqualTo(runId(better));

    JobOutput list = JobOutput.run(new ModelsJob(), "list", "--out", warehouse.toString());
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains(runId(better) + " ").contains("<- champion").contains("kept_champion")
        .as("each run's network as trained").contains(" 784-32-10 ");
  }

  @Test
  void aRollbackMakesAnEarlierRunTheChampionAndRetentionKeepsIt() throws IOException {
    Path inbox = dir.resolve("inbox-rollback");
    Path warehouse = dir.resolve("warehouse-rollback");
    land(inbox, "2026-11-01", 3);
    JobOutput first = retrain(inbox, warehouse, "--epochs", "1");
    JobOutput second = retrain(inbox, warehouse, "--epochs", "2", "--margin", "-1");
    assertThat(second.exitCode()).as("%s%s", second.out(), second.err()).isZero();

    JobOutput rollback = JobOutput.run(new ModelsJob(), "rollback", runId(first), "--out", warehouse.toString(),
        "--reason", "the new one misbehaves");
    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(champion(warehouse)).endsWith("/" + runId(first));
    String bySplit = dir.resolve("by-split").toString();
    JobOutput predict = JobOutput.run(new PredictJob(), "--champion", "digits", "--split", "test", "--out",
        warehouse.toString(), "--output", bySplit);
    assertThat(predict.exitCode()).as(predict.err()).isZero();
    assertThat(predict.out()).as("predict follows the rolled-back pointer")
        .contains("The champion of model digits: " + champion(warehouse)).contains("Predicted 500 images");
    // the same split read as plain Parquet in the ingest schema
    String byParquet = dir.resolve("by-parquet").toString();
    JobOutput parquet = JobOutput.run(new PredictJob(), "--champion", "digits", "--out", warehouse.toString(),
        "--parquet", DatasetFolders.current(warehouse, "mnist").resolve("split=test").toString(), "--output", byParquet);
    assertThat(parquet.exitCode()).as(parquet.err()).isZero();
    check(spark -> assertThat(spark.read().parquet(byParquet).select("id", "predicted").collectAsList())
        .containsExactlyInAnyOrderElementsOf(spark.read().parquet(bySplit).select("id", "predicted").collectAsList()));
    JobOutput notDigits = JobOutput.run(new PredictJob(), "--champion", "digits", "--out", warehouse.toString(),
        "--parquet", byParquet);
    assertThat(notDigits.exitCode()).isEqualTo(2);
    assertThat(notDigits.err()).contains("--parquet " + byParquet + ": no column index (--id-col); its columns: id, ");

    JobOutput third = retrain(inbox, warehouse, "--epochs", "1", "--learning-rate", "0.00001", "--keep", "1");
    assertThat(third.exitCode()).isEqualTo(10);
    try (Stream<Path> runs = Files.list(warehouse.resolve("models/digits/runs"))) {
      assertThat(runs.map(run -> run.getFileName().toString()))
          .as("the champion and the newest run are kept").containsExactlyInAnyOrder(runId(first), runId(third));
    }
  }

  @Test
  void aStoreWithoutAnAtomicExclusiveCreateIsRefusedBeforeAnythingRuns() {
    Path warehouse = dir.resolve("warehouse-untrusted");
    String refusal = "untrusted:/// has no atomic exclusive create (UntrustedFileSystem): model digits cannot be "
        + "promoted there safely; keep the registry on HDFS or a local filesystem";
    JobOutput retrain = JobOutput.run(new RetrainJob(), "--out", UntrustedFileSystem.uri(warehouse));
    assertThat(retrain.exitCode()).as("%s%s", retrain.out(), retrain.err()).isEqualTo(2);
    // refused among the checks of the options, before Spark starts
    assertThat(retrain.err()).as("one line naming the store")
        .isEqualTo("retrain: " + refusal + " (see --help)" + System.lineSeparator());
    JobOutput rollback = JobOutput.run(new ModelsJob(), "rollback", "20261125-020501-7dd57f", "--out",
        UntrustedFileSystem.uri(warehouse));
    assertThat(rollback.exitCode()).as("%s%s", rollback.out(), rollback.err()).isEqualTo(2);
    assertThat(rollback.err()).isEqualTo("rollback: " + refusal + System.lineSeparator());
    assertThat(warehouse).as("nothing written").doesNotExist();
  }

  private static String champion(Path warehouse) {
    JobOutput champion = JobOutput.run(new ModelsJob(), "champion", "--out", warehouse.toString());
    assertThat(champion.exitCode()).as(champion.err()).isZero();
    return champion.out().strip();
  }

  /** The run id a retrain printed: {@code OUTCOME: run ID of model NAME: reason}. */
  private static String runId(JobOutput retrain) {
    String line = retrain.out().lines().filter(l -> l.contains(": run ")).findFirst().orElseThrow();
    return line.substring(line.indexOf(": run ") + 6, line.indexOf(" of model "));
  }
}
