package io.sparkdigits.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.spark.dataset.DigitsSchema;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.jobs.cli.JobRunner;
import io.sparkdigits.jobs.cli.NetworkOptions;
import io.sparkdigits.jobs.cli.StorageOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * Benchmark (c): Spark MLlib's {@link MultilayerPerceptronClassifier} with the network's layer
 * sizes (MLlib's hidden layers are sigmoid, its output softmax; it trains with L-BFGS over the
 * whole training split, each iteration a pass over the data) on the dataset that {@link SparkBench}
 * ingested, pixels scaled as the pipeline scales them.
 *
 * <p>MLlib reports no accuracy between iterations, so the benchmark fits afresh with a growing
 * {@code maxIter} (the same seed retraces the same path) and scores each fit, until one reaches
 * the target accuracy or the next would overrun the time budget. An entry's seconds are its fit's
 * time minus the previous fit's, so they add up to each fit's own time.
 */
@Command(name = "mllib-bench", mixinStandardHelpOptions = true)
public final class MllibBench implements Callable<Integer> {
  @Mixin StorageOptions storage;
  @Mixin NetworkOptions network;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--target-accuracy", defaultValue = "0.97", description = "Stop at this test accuracy (default: ${DEFAULT-VALUE}).")
  double target;

  @Option(names = "--budget-seconds", defaultValue = "900",
      description = "Stop before a fit would take the benchmark past this many seconds (default: ${DEFAULT-VALUE}).")
  double budgetSeconds;

  @Option(names = "--result", required = true, description = "Where to write the measurement (JSON).")
  Path result;

  /** The pipeline's training options, which scripts/bench.sh passes to every way: MLlib has no use for them. */
  @Unmatched List<String> trainingOptions;

  public static void main(String[] args) {
    System.exit(JobRunner.run(new MllibBench(), args));
  }

  @Override
  public Integer call() throws Exception {
    NetworkSpec spec = network.spec();
    try (HeapSampler heap = new HeapSampler(); SparkSession spark = BenchSession.start(master, Map.of())) {
      DigitsDataset dataset = DigitsDataset.open(spark, storage.layout(spark.sparkContext().hadoopConfiguration()),
          storage.dataset());
      Dataset<Row> train = vectors(dataset.split(DatasetManifest.TRAIN)).cache();
      Dataset<Row> test = vectors(dataset.split(DatasetManifest.TEST)).cache();
      long examples = train.count();
      test.count();

      MultilayerPerceptronClassifier classifier = new MultilayerPerceptronClassifier()
          .setLayers(spec.architecture().denseSizes().stream().mapToInt(Integer::intValue).toArray())
          .setSeed(spec.seed())
          .setBlockSize(128);
      MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
      List<Measurement.Epoch> fits = new ArrayList<>();
      double spent = 0;
      double previousFitSeconds = 0;
      for (int iterations = 5; ; iterations *= 2) {
        long start = System.nanoTime();
        MultilayerPerceptronClassificationModel model = classifier.setMaxIter(iterations).fit(train);
        double seconds = (System.nanoTime() - start) / 1e9;
        double testAccuracy = accuracy.evaluate(model.transform(test));
        spent += seconds;
        fits.add(new Measurement.Epoch(iterations, seconds - previousFitSeconds, testAccuracy));
        System.out.printf("MLlib, %d iterations: %.1f s, test accuracy %.2f%%%n", iterations, seconds,
            100 * testAccuracy);
        // the next fit, of twice the iterations, takes about twice as long
        if (testAccuracy >= target || spent + 2 * seconds > budgetSeconds) {
          break;
        }
        previousFitSeconds = seconds;
      }
      String setting = String.format("%s, layers %s, L-BFGS, block size 128, iterations doubled from 5, BLAS %s",
          master, spec.architecture().describe(), blas());
      new Measurement("Spark MLlib MultilayerPerceptronClassifier", setting, spark.sparkContext().defaultParallelism(),
          examples, fits, heap.peakBytes(), null).write(result);
    }
    return 0;
  }

  /**
   * The BLAS that MLlib's perceptron multiplies its matrices with ({@code BLAS.nativeBLAS}, which
   * falls back to a Java one when netlib's JNI binding finds no system BLAS): its netlib class name.
   */
  private static String blas() {
    return org.apache.spark.ml.linalg.BLAS$.MODULE$.nativeBLAS().getClass().getSimpleName();
  }

  /** The rows with a {@code features} vector of scaled pixels and a double {@code label}. */
  private static Dataset<Row> vectors(Dataset<Row> rows) {
    UserDefinedFunction scaled = udf((byte[] pixels) -> {
      double[] features = new double[pixels.length];
      for (int i = 0; i < pixels.length; i++) {
        features[i] = NetworkInput.scale(pixels[i]);
      }
      return Vectors.dense(features);
    }, SQLDataTypes.VectorType());
    return rows.select(scaled.apply(col(DigitsSchema.PIXELS)).as("features"),
        col(DigitsSchema.LABEL).cast(DataTypes.DoubleType).as("label"));
  }
}
