package io.sparkdigits.jobs;

import static org.apache.spark.sql.functions.col;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.spark.pipeline.PredictStage;
import io.sparkdigits.spark.predict.DigitImageFiles;
import io.sparkdigits.spark.predict.Predictor;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.NameOption;
import io.sparkdigits.jobs.cli.PathOption;
import io.sparkdigits.jobs.cli.StorageOptions;
import io.sparkdigits.jobs.cli.TableColumnOptions;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Predict: a published model's digits for a folder of images, a table or a dataset's split. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Predict the digits of a folder of images (PNG, JPEG; any Hadoop URI), of a table or Parquet "
        + "(through the Spark ML model, docs/spark-ml.md) or of a dataset's split with a published model, and write "
        + "them as Parquet: id, predicted digit, the probability of each class, or why an image could not be read.")
public final class PredictJob extends SparkJob {
  @Mixin ConfigOption config;
  @Mixin StorageOptions storage;

  @ArgGroup(multiplicity = "1")
  ModelSource modelSource;

  static final class ModelSource {
    @Option(names = "--model", paramLabel = "URI", required = true,
        description = "A published run's directory (runs/RUN_ID under the storage root), or its model.zip.")
    String uri;

    @Option(names = "--champion", paramLabel = "NAME", required = true, converter = NameOption.class,
        description = "The champion of model NAME in the registry under the storage root, as retraining promoted it.")
    String registryModel;
  }

  @ArgGroup(multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--images", paramLabel = "URI", required = true,
        description = "A folder of images, one digit each.")
    String images;

    @Option(names = "--parquet", paramLabel = "URI", required = true,
        description = "Parquet with images and ids (--image-col, --id-col; by default the ingest schema's pixels "
            + "and index), such as datasets/NAME/VERSION/split=test under the storage root or another engine's export.")
    String parquet;

    @Option(names = "--table", paramLabel = "NAME", required = true,
        description = "A table of the Spark session's catalog (Hive, a lake table) with images and ids (--image-col, "
            + "--id-col).")
    String table;

    @Option(names = "--split", paramLabel = "NAME", required = true,
        description = "A split (train or test) of the dataset named by --dataset, as ingested.")
    String split;
  }

  @Mixin TableColumnOptions columns;

  @Option(names = "--preprocess", paramLabel = "MODE", defaultValue = "mnist",
      description = "How images become the model's input: mnist (grayscale, inverted when the background is "
          + "light, cropped to the ink, fitted to 20x20, centred by mass in 28x28) or none (for images that "
          + "already are normalised digits of the model's size) (default: ${DEFAULT-VALUE}).")
  DigitImageFiles.Preprocessing preprocessing;

  @Option(names = "--output", paramLabel = "URI",
      description = "Where to write the predictions; it must not exist (default: predictions/ID under the storage root).")
  String output;

  @Option(names = "--show", paramLabel = "N", defaultValue = "10",
      description = "How many predictions and failures to print (default: ${DEFAULT-VALUE}).")
  int show;

  /** The model, read before Spark starts: the champion's resolved once, so that the whole job uses the same run. */
  private MultiLayerNetwork network;
  /** Where the predictions go. */
  private Path destination;

  @Override
  void validate(Configuration conf) throws Exception {
    String model;
    if (modelSource.registryModel != null) {
      String name = modelSource.registryModel;
      ModelRegistry registry = storage.registry(name, conf);
      model = registry.champion()
          .orElseThrow(() -> new UsageException("--champion " + name + ": model " + name
              + " has no champion under " + registry.runLayout().root()))
          .toString();
      System.out.println("The champion of model " + name + ": " + model);
    } else {
      model = modelSource.uri;
    }
    requireExists("--model", model, conf);
    if (input.images != null) {
      requireExists("--images", input.images, conf);
      Path images = PathOption.of("--images", input.images);
      if (DigitImageFiles.isEmpty(images.getFileSystem(conf), images)) {
        throw new UsageException("--images " + input.images + ": no files in it");
      }
    } else if (input.parquet != null) {
      requireExists("--parquet", input.parquet, conf);
    } else if (input.split != null) {
      storage.manifest(conf).requireSplit(input.split);
    }
    if (output != null) {
      Path given = PathOption.of("--output", output);
      destination = given.getFileSystem(conf).makeQualified(given);
      StorageOptions.requireWritable("--output", output, destination.getParent(), conf);
    } else {
      destination = storage.layout(conf).predictions(StorageLayout.newId());
      storage.requireWritable(conf);
    }
    PredictStage.requireNew(destination.getFileSystem(conf), destination);
    // last, as the slowest check: the model is read whole (and ND4J starts)
    network = PredictStage.model(model, conf);
    if (input.images != null) {
      PredictStage.imageSide(network);
    }
  }

  private static void requireExists(String option, String uri, Configuration conf) throws IOException {
    Path path = PathOption.of(option, uri);
    if (!path.getFileSystem(conf).exists(path)) {
      throw new UsageException(option + " " + uri + ": no such file or folder");
    }
  }

  @Override
  void run(SparkSession spark) throws Exception {
    StorageLayout layout = storage.layout(spark.sparkContext().hadoopConfiguration());
    PredictStage stage = new PredictStage(spark, layout);
    PredictStage.Result result;
    if (input.images != null) {
      result = stage.run(network, stage.images(input.images, preprocessing, network), destination);
    } else if (input.split != null) {
      result = stage.run(network, stage.datasetImages(storage.dataset(), input.split), destination);
    } else {
      Dataset<Row> table = input.table != null ? spark.table(input.table) : spark.read().parquet(input.parquet);
      String source = input.table != null ? "--table " + input.table : "--parquet " + input.parquet;
      result = stage.write(TablePredictions.of(table, source, network, columns.imageColumn(), columns.idColumn()),
          destination);
    }

    Dataset<Row> predictions = spark.read().parquet(result.output().toString());
    System.out.printf("Predicted %,d images, %,d could not be read: %s%n", result.predicted(), result.failed(),
        result.output());
    for (Row row : predictions.where(col(Predictor.ERROR).isNull()).orderBy(Predictor.ID).limit(show).collectAsList()) {
      int digit = row.getAs(Predictor.PREDICTED);
      List<Float> probabilities = row.getList(row.fieldIndex(Predictor.PROBABILITIES));
      System.out.printf("%s  %d  (%.2f)%n", row.<String>getAs(Predictor.ID), digit, probabilities.get(digit));
    }
    for (Row row : predictions.where(col(Predictor.ERROR).isNotNull()).orderBy(Predictor.ID).limit(show)
        .collectAsList()) {
      System.out.printf("%s  could not be read: %s%n", row.<String>getAs(Predictor.ID), row.<String>getAs(Predictor.ERROR));
    }
  }
}
