package io.sparkdigits.serve;

import io.sparkdigits.core.metrics.EvaluationReport;
import io.sparkdigits.core.metrics.RunMetrics;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.model.Updater;
import io.sparkdigits.core.registry.Champion;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.report.RunReport;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A real registry of model digits in a storage root: runs of real networks, trained here with
 * DL4J on {@link Digits} (the network the jobs train, 784-128-10), published as the publish stage
 * leaves them (model.zip, metrics.json, the report), and promoted through {@link ModelRegistry}.
 * Networks are trained once per seed and JVM.
 */
final class TestRegistry {
  static final String MODEL = "digits";
  private static final int EPOCHS = 2;
  private static final int BATCH = 64;
  private static final Map<Long, MultiLayerNetwork> TRAINED = new HashMap<>();

  final String root;
  final Configuration conf = new Configuration();
  final FileSystem fs;
  final StorageLayout layout;
  final ModelRegistry registry;

  TestRegistry(java.nio.file.Path folder) throws IOException {
    root = folder.toString();
    layout = StorageLayout.at(root, conf);
    fs = layout.fileSystem(conf);
    registry = new ModelRegistry(fs, layout, MODEL);
  }

  static NetworkSpec spec(long seed) {
    return new NetworkSpec(List.of(Digits.SIDE * Digits.SIDE, 128, Digits.CLASSES), Activation.RELU, Updater.ADAM,
        0.004, 1.0, seed);
  }

  /** The network trained from seed {@code seed}: two epochs of minibatches of 64. */
  static synchronized MultiLayerNetwork trained(long seed) {
    return TRAINED.computeIfAbsent(seed, s -> {
      MultiLayerNetwork network = new MultiLayerNetwork(spec(s).toConfiguration());
      network.init();
      DataSet train = Digits.get().train.copy();
      for (int epoch = 0; epoch < EPOCHS; epoch++) {
        train.shuffle(s + epoch);
        for (DataSet minibatch : train.batchBy(BATCH)) {
          network.fit(minibatch);
        }
      }
      return network;
    });
  }

  /** Publishes the network of {@code seed} as run {@code runId}, with its metrics and report. */
  Path publish(String runId, long seed) throws IOException {
    return publish(runId, trained(seed), spec(seed), Digits.get().test);
  }

  /**
   * Publishes {@code network}, made from {@code spec} and trained elsewhere, as run {@code runId},
   * with its metrics on {@code test} and its report.
   */
  Path publish(String runId, MultiLayerNetwork network, NetworkSpec spec, DataSet test) throws IOException {
    Path run = registry.runLayout().run(runId);
    ModelFiles.write(fs, new Path(run, StorageLayout.MODEL_FILE), network);
    INDArray output = network.output(test.getFeatures());
    Evaluation evaluation = new Evaluation(Digits.CLASSES);
    evaluation.eval(test.getLabels(), output);
    EvaluationReport report = EvaluationReport.of(evaluation, Digits.CLASSES, network.score(test));
    RunMetrics metrics = new RunMetrics(runId, Instant.now().toString(), report, List.of(), Map.of(), spec,
        new TrainingSpec(EPOCHS, BATCH, 0, 1), 1, "mnist", null, Map.of(), null);
    JsonFiles.write(fs, new Path(run, StorageLayout.METRICS_FILE), metrics);
    RunReport.write(fs, new Path(run, RunReport.DIRECTORY), metrics, List.of(), Digits.SIDE, Digits.SIDE);
    return run;
  }

  /** Makes published run {@code runId} the champion, as retraining does when it promotes. */
  void promote(String runId, String reason) throws IOException {
    decide(runId, Decision.Outcome.PROMOTED, reason);
  }

  /** Records retraining's decision about published run {@code runId}, promoting it when that is the outcome. */
  void decide(String runId, Decision.Outcome outcome, String reason) throws IOException {
    double accuracy = registry.run(runId).orElseThrow().testAccuracy();
    registry.decideAndPromote(runId, accuracy, champion -> new Decision(runId, outcome, reason,
        Instant.now().toString(), champion.map(Champion::runId).orElse(null),
        Double.NaN, accuracy, 0.001, "data", "configuration"));
  }

  /** Publishes and promotes. */
  void publishAndPromote(String runId, long seed, String reason) throws IOException {
    publish(runId, seed);
    promote(runId, reason);
  }

  ServeSettings settings() {
    return ServeSettings.following(root, MODEL);
  }
}
