package io.sparkdigits.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.common.json.Json;
import io.sparkdigits.common.model.NetworkSpec;
import io.sparkdigits.common.model.Updater;
import io.sparkdigits.common.testing.IdxDataSets;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Benchmark, not a test: prints a published pipeline run's stage times and training throughput
 * next to a plain single-JVM {@link MultiLayerNetwork#fit} of the same network, with the same
 * minibatch size and epochs, on the same IDX files. scripts/bench.sh runs it.
 *
 * <pre>SingleMachineBaseline METRICS_JSON MNIST_DIR</pre>
 */
public final class SingleMachineBaseline {
  private SingleMachineBaseline() {}

  public static void main(String[] args) throws IOException {
    JsonNode metrics = Json.mapper().readTree(new File(args[0]));
    String mnist = args[1];
    printPipeline(metrics);

    JsonNode network = metrics.get("network");
    List<Integer> layers = new ArrayList<>();
    network.get("layers").forEach(size -> layers.add(size.asInt()));
    NetworkSpec spec = new NetworkSpec(layers, Activation.valueOf(network.get("activation").asText()),
        Updater.valueOf(network.get("updater").asText()), network.get("learningRate").asDouble(),
        network.get("learningRateDecay").asDouble(), network.get("seed").asLong());
    int batchSize = metrics.at("/training/batchSizePerWorker").asInt();
    int epochs = metrics.at("/training/epochs").asInt();
    List<DataSet> train = read(mnist, "train", batchSize);
    DataSet test = DataSet.merge(read(mnist, "t10k", 10_000));
    long examples = train.stream().mapToLong(DataSet::numExamples).sum();

    String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "default (one per CPU)");
    System.out.printf("%nSingle JVM MultiLayerNetwork.fit, %s, batch %d, OMP_NUM_THREADS=%s%n", spec, batchSize, threads);
    System.out.println("| epoch | seconds | examples/s | test accuracy |");
    System.out.println("|---:|---:|---:|---:|");
    MultiLayerNetwork net = new MultiLayerNetwork(spec.toConfiguration());
    net.init();
    double total = 0;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      for (DataSet batch : train) {
        net.fit(batch);
      }
      net.incrementEpochCount();
      double seconds = (System.nanoTime() - start) / 1e9;
      total += seconds;
      Evaluation evaluation = new Evaluation(spec.numClasses());
      evaluation.eval(test.getLabels(), net.output(test.getFeatures()));
      System.out.printf("| %d | %.1f | %,.0f | %.2f%% |%n", epoch, seconds, examples / seconds,
          100 * evaluation.accuracy());
    }
    System.out.printf("Total training time: %.1f s%n", total);
  }

  private static void printPipeline(JsonNode metrics) {
    System.out.printf("Pipeline run %s (%d workers): test accuracy %.2f%%%n", metrics.get("runId").asText(),
        metrics.get("workers").asInt(), 100 * metrics.at("/test/accuracy").asDouble());
    System.out.println("| stage | seconds |");
    System.out.println("|---|---:|");
    metrics.get("secondsByStage").fields().forEachRemaining(stage ->
        System.out.printf("| %s | %.1f |%n", stage.getKey(), stage.getValue().asDouble()));
    System.out.println();
    System.out.println("| epoch | seconds | examples/s | test accuracy |");
    System.out.println("|---:|---:|---:|---:|");
    for (JsonNode epoch : metrics.get("epochs")) {
      System.out.printf("| %d | %.1f | %,.0f | %.2f%% |%n", epoch.get("epoch").asInt(), epoch.get("seconds").asDouble(),
          epoch.get("examplesPerSecond").asDouble(), 100 * epoch.get("testAccuracy").asDouble());
    }
  }

  private static List<DataSet> read(String mnist, String prefix, int batchSize) throws IOException {
    return IdxDataSets.read(new Path(mnist, prefix + "-images-idx3-ubyte.gz"),
        new Path(mnist, prefix + "-labels-idx1-ubyte.gz"), 10, batchSize);
  }
}
