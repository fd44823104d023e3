package io.sparkdigits.jobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.json.Json;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.core.testing.IdxDataSets;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Checks a published run where it lies (any Hadoop URI, HDFS in the cluster test): plain DL4J loads
 * its model, scores the MNIST test files, and must reproduce the accuracy that metrics.json
 * publishes, which must clear a floor. scripts/it-cluster.sh runs it; it exits non-zero on failure.
 *
 * <pre>PublishedRunCheck RUN_URI MNIST_DIR FLOOR</pre>
 */
public final class PublishedRunCheck {
  private PublishedRunCheck() {}

  public static void main(String[] args) throws IOException {
    Path run = new Path(args[0]);
    String mnist = args[1];
    double floor = Double.parseDouble(args[2]);
    FileSystem fs = run.getFileSystem(new Configuration());

    JsonNode metrics;
    try (InputStream in = fs.open(new Path(run, StorageLayout.METRICS_FILE))) {
      metrics = Json.mapper().readTree(in);
    }
    MultiLayerNetwork model;
    try (InputStream in = fs.open(new Path(run, StorageLayout.MODEL_FILE))) {
      model = ModelSerializer.restoreMultiLayerNetwork(in, false);
    }
    DataSet test = IdxDataSets.readAll(new Path(mnist, "t10k-images-idx3-ubyte.gz"),
        new Path(mnist, "t10k-labels-idx1-ubyte.gz"), 10);
    Evaluation evaluation = new Evaluation(10);
    evaluation.eval(test.getLabels(), model.output(test.getFeatures()));

    double published = metrics.at("/test/accuracy").asDouble();
    System.out.printf("%s: published accuracy %.4f, reloaded model %.4f, floor %.4f%n", run, published,
        evaluation.accuracy(), floor);
    if (evaluation.accuracy() != published || published < floor) {
      System.err.println("FAILED: the published run does not hold up");
      System.exit(1);
    }
  }
}
