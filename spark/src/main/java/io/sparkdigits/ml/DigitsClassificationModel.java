package io.sparkdigits.ml;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.spark.dataset.PixelColumn;
import io.sparkdigits.spark.predict.Predictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import scala.Option;

/**
 * A trained network as a Spark ML {@link Model}: {@link #transform} adds the predicted class
 * ({@code prediction}, a double) and every class's probability ({@code probability}, a vector) to
 * each row. The network is sent to the executors once, restored once per partition, and scores the
 * partition's rows in batches as they stream through, as the predict job does ({@link Predictor}),
 * so memory stays flat whatever the number of rows. Saved as MLlib saves its models, its
 * parameters in {@code metadata/}, with the network beside them as DL4J's own zip ({@value
 * #NETWORK_FILE}), which DL4J and this project's server read as they are.
 */
public final class DigitsClassificationModel extends Model<DigitsClassificationModel>
    implements DigitsParams<DigitsClassificationModel>, MLWritable {
  private static final long serialVersionUID = 1L;
  static final String NETWORK_FILE = StorageLayout.MODEL_FILE;

  private final String uid;
  private final transient MultiLayerNetwork network;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;

  /** A model of {@code network}, trained by this project or loaded from a DL4J zip. */
  public DigitsClassificationModel(MultiLayerNetwork network) {
    this(Identifiable.randomUID("digitsClassificationModel"), network);
  }

  public DigitsClassificationModel(String uid, MultiLayerNetwork network) {
    this.uid = uid;
    this.network = network;
    featuresCol = DigitsParams.featuresColParam(uid);
    predictionCol = DigitsParams.predictionColParam(uid);
    probabilityCol = DigitsParams.probabilityColParam(uid);
    setColumnDefaults();
  }

  /** The model saved at {@code path} by {@link #write}. */
  public static DigitsClassificationModel load(String path) {
    return read().load(path);
  }

  public static MLReader<DigitsClassificationModel> read() {
    return new Reader();
  }

  /** The champion of model {@code modelName} in the registry under {@code rootUri}, as the retrain job promoted it. */
  public static DigitsClassificationModel champion(SparkSession spark, String rootUri, String modelName) {
    try {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      StorageLayout layout = StorageLayout.at(rootUri, conf);
      ModelRegistry registry = new ModelRegistry(layout.fileSystem(conf), layout, modelName);
      Path run = registry.champion().orElseThrow(() -> new UsageException("model " + modelName
          + " has no champion under " + layout.root()));
      return ofRun(conf, run);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Run {@code runId} of model {@code modelName} under {@code rootUri}, as the publish job wrote it. */
  public static DigitsClassificationModel fromRun(SparkSession spark, String rootUri, String modelName, String runId) {
    try {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      return ofRun(conf, StorageLayout.at(rootUri, conf).forModel(modelName).run(runId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DigitsClassificationModel ofRun(Configuration conf, Path run) throws IOException {
    return new DigitsClassificationModel(readNetwork(conf, new Path(run, NETWORK_FILE)));
  }

  private static MultiLayerNetwork readNetwork(Configuration conf, Path file) throws IOException {
    return ModelFiles.read(file.getFileSystem(conf), file, false);
  }

  /** The trained network, as DL4J has it. */
  public MultiLayerNetwork network() {
    return network;
  }

  /** The values each image gives the network: 784 for MNIST's 28 x 28. */
  public int numPixels() {
    return ModelFiles.inputPixels(network);
  }

  public int numClasses() {
    return Math.toIntExact(network.layerSize(network.getnLayers() - 1));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<String> featuresCol() {
    return featuresCol;
  }

  @Override
  public Param<String> predictionCol() {
    return predictionCol;
  }

  @Override
  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return scoredSchema(schema, this);
  }

  /** {@code schema} with the output columns that {@code columns} name, after checking its features column. */
  static StructType scoredSchema(StructType schema, DigitsParams<?> columns) {
    PixelColumn.requireType(schema, columns.getFeaturesCol());
    for (String output : new String[] {columns.getPredictionCol(), columns.getProbabilityCol()}) {
      if (Arrays.asList(schema.fieldNames()).contains(output)) {
        throw new UsageException("output column " + output + " already exists in the data");
      }
    }
    return schema.add(columns.getPredictionCol(), DataTypes.DoubleType, false)
        .add(columns.getProbabilityCol(), SQLDataTypes.VectorType(), false);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType scored = transformSchema(dataset.schema(), true);
    Dataset<Row> rows = dataset.toDF();
    SparkSession spark = rows.sparkSession();
    return spark.createDataFrame(new Predictor(spark).score(network, rows.javaRDD(),
        new AppendPrediction(new PixelColumn(getFeaturesCol(), numPixels()), rows.schema().fieldIndex(getFeaturesCol()))),
        scored);
  }

  /** Each row as itself followed by its prediction and its probabilities. */
  private static final class AppendPrediction implements Predictor.Scoring {
    private static final long serialVersionUID = 1L;
    private final PixelColumn features;
    private final int column;

    AppendPrediction(PixelColumn features, int column) {
      this.features = features;
      this.column = column;
    }

    @Override
    public byte[] image(Row row) {
      return features.pixels(row.get(column));
    }

    @Override
    public Row scored(Row row, int predicted, float[] probabilities) {
      double[] vector = new double[probabilities.length];
      for (int c = 0; c < vector.length; c++) {
        vector[c] = probabilities[c];
      }
      Object[] values = new Object[row.length() + 2];
      for (int i = 0; i < row.length(); i++) {
        values[i] = row.get(i);
      }
      values[row.length()] = (double) predicted;
      values[row.length() + 1] = Vectors.dense(vector);
      return RowFactory.create(values);
    }

    @Override
    public Row unscored(Row row, String reason) {
      // image() returns an image of the network's size or throws
      throw new IllegalStateException(reason);
    }
  }

  @Override
  public DigitsClassificationModel copy(ParamMap extra) {
    return copyValues(new DigitsClassificationModel(uid, network), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  @Override
  public String toString() {
    return "DigitsClassificationModel: uid=" + uid + ", numPixels=" + numPixels() + ", numClasses=" + numClasses();
  }

  /** The parameters as MLlib writes any stage's, and the network beside them. */
  private static final class Writer extends MLWriter {
    private final DigitsClassificationModel model;

    Writer(DigitsClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
      Path file = new Path(path, NETWORK_FILE);
      try {
        FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
        ModelFiles.write(fs, file, model.network);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final class Reader extends MLReader<DigitsClassificationModel> {
    @Override
    public DigitsClassificationModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sc(), DigitsClassificationModel.class.getName());
      try {
        DigitsClassificationModel model = new DigitsClassificationModel(metadata.uid(),
            readNetwork(sc().hadoopConfiguration(), new Path(path, NETWORK_FILE)));
        metadata.getAndSetParams(model, Option.empty());
        return model;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
