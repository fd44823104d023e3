package io.sparkdigits.ml;

import io.sparkdigits.core.model.Architecture;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.model.Updater;
import io.sparkdigits.spark.dataset.PixelColumn;
import io.sparkdigits.spark.dataset.TableExamples;
import io.sparkdigits.spark.pipeline.TrainStage;
import io.sparkdigits.spark.train.DistributedEvaluator;
import io.sparkdigits.spark.train.DistributedTrainer;
import io.sparkdigits.spark.train.ShuffledEpochs;
import io.sparkdigits.spark.train.Workers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;

/**
 * The project's network as a Spark ML {@link Estimator}: {@link #fit} trains it on a DataFrame of
 * images and labels exactly as the {@code train} job trains it on an ingested dataset, by
 * synchronous parameter averaging across the executors ({@link DistributedTrainer}), with the same
 * per-epoch reshuffle, flat memory and epoch log, and for the same data, settings and seed the same
 * parameters. The images are numbered in the order the DataFrame gives them, as ingest numbers an
 * IDX file's, and that numbering is what each epoch's order permutes. The parameters and their
 * defaults are the {@code train} job's options and defaults ({@code conf/pipeline.properties}),
 * without early stopping, which needs a validation split.
 *
 * <p>Every column is checked before training starts: of an accepted type, every image of the
 * network's size on the IDX scale, every label one of its classes; a problem is one error that
 * names the column.
 */
public final class DigitsClassifier extends Estimator<DigitsClassificationModel>
    implements DigitsParams<DigitsClassifier>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final Param<String> labelCol;
  private final Param<String> layers;
  private final Param<String> activation;
  private final Param<String> updater;
  private final DoubleParam learningRate;
  private final DoubleParam learningRateDecay;
  private final LongParam seed;
  private final IntParam epochs;
  private final IntParam batchSize;
  private final IntParam averagingFrequency;
  private final IntParam workers;

  public DigitsClassifier() {
    this(Identifiable.randomUID("digitsClassifier"));
  }

  public DigitsClassifier(String uid) {
    this.uid = uid;
    featuresCol = DigitsParams.featuresColParam(uid);
    predictionCol = DigitsParams.predictionColParam(uid);
    probabilityCol = DigitsParams.probabilityColParam(uid);
    labelCol = new Param<>(uid, "labelCol", "label column: an integer type, 0 to the classes - 1");
    layers = new Param<>(uid, "layers", "the network's layers, as the train job's --layers: e.g. 784-128-64-10 "
        + "(dense) or conv5x5x20-pool2-conv5x5x50-pool2-500-10; the last number is the classes");
    activation = new Param<>(uid, "activation", "activation of the hidden layers: " + names(Activation.values()),
        ParamValidators.inArray(names(Activation.values())));
    updater = new Param<>(uid, "updater", "gradient updater: " + names(Updater.values()),
        ParamValidators.inArray(names(Updater.values())));
    learningRate = new DoubleParam(uid, "learningRate", "learning rate (> 0)", ParamValidators.gt(0));
    learningRateDecay = new DoubleParam(uid, "learningRateDecay",
        "factor applied to the learning rate after every epoch, in (0, 1]; 1 keeps it constant",
        ParamValidators.inRange(0, 1, false, true));
    seed = new LongParam(uid, "seed", "random seed: weight initialisation and the order of every epoch");
    epochs = new IntParam(uid, "epochs", "passes over the training data (>= 1)", ParamValidators.gtEq(1));
    batchSize = new IntParam(uid, "batchSize", "minibatch size of each worker (>= 1)", ParamValidators.gtEq(1));
    averagingFrequency = new IntParam(uid, "averagingFrequency", "minibatches each worker fits between two "
        + "parameter averagings; 0: chosen by the data's size, as the train job does (>= 0)", ParamValidators.gtEq(0));
    workers = new IntParam(uid, "workers", "workers taking part in averaging; 0: one per task slot of the "
        + "registered executors (>= 0)", ParamValidators.gtEq(0));
    setColumnDefaults();
    // the train job's defaults, conf/pipeline.properties
    setDefault(labelCol, "label");
    setDefault(layers, "784-128-10");
    setDefault(activation, "relu");
    setDefault(updater, "adam");
    setDefault(learningRate, 0.004);
    setDefault(learningRateDecay, 0.8);
    setDefault(seed, 42L);
    setDefault(epochs, 3);
    setDefault(batchSize, 64);
    setDefault(averagingFrequency, 0);
    setDefault(workers, 0);
  }

  private static String[] names(Enum<?>[] values) {
    return Arrays.stream(values).map(value -> value.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
  }

  public static MLReader<DigitsClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static DigitsClassifier load(String path) {
    return read().load(path);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public DigitsClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    Dataset<Row> rows = dataset.toDF();
    NetworkSpec requested = new NetworkSpec(Architecture.parse(getLayers()),
        Activation.valueOf(getActivation().toUpperCase(Locale.ROOT)),
        Updater.valueOf(getUpdater().toUpperCase(Locale.ROOT)), getLearningRate(), getLearningRateDecay(), getSeed());
    TrainingSpec training = new TrainingSpec(getEpochs(), getBatchSize(), getAveragingFrequency(), getWorkers());
    int pixels = requested.inputSize() > 0 ? requested.inputSize()
        : PixelColumn.pixelsOf(rows.select(getFeaturesCol()).takeAsList(1).stream().findFirst().map(row -> row.get(0))
            .orElse(null), getFeaturesCol());
    OptionalInt side = ModelFiles.squareSide(pixels);
    String input = "features column " + getFeaturesCol();
    NetworkSpec network = side.isPresent()
        ? requested.fitTo(side.getAsInt(), side.getAsInt(), requested.numClasses(), input)
        : requested.fitTo(1, pixels, requested.numClasses(), input);
    TableExamples examples =
        TableExamples.of(rows, new PixelColumn(getFeaturesCol(), pixels), getLabelCol(), network.numClasses());

    JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
    int workerCount = Workers.resolve(sc, training, examples.count()).count();
    ShuffledEpochs trainData =
        ShuffledEpochs.of(examples.rows(), examples.count(), workerCount, network, training, pixels);
    try {
      MultiLayerNetwork trained = new DistributedTrainer(sc, network, training, workerCount).train(trainData,
          DistributedEvaluator.sampleMinibatches(examples.rows(), examples.count(), TrainStage.TRAIN_SCORED_EXAMPLES,
              network.seed(), pixels, network.numClasses(), workerCount),
          null, null, null, (record, soFar) -> true).model();
      return copyValues(new DigitsClassificationModel(uid, trained).setParent(this), ParamMap.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      trainData.close();
    }
  }

  @Override
  public StructType transformSchema(StructType schema) {
    TableExamples.requireLabelType(schema, getLabelCol());
    return DigitsClassificationModel.scoredSchema(schema, this);
  }

  @Override
  public DigitsClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
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

  public Param<String> labelCol() {
    return labelCol;
  }

  public Param<String> layers() {
    return layers;
  }

  public Param<String> activation() {
    return activation;
  }

  public Param<String> updater() {
    return updater;
  }

  public DoubleParam learningRate() {
    return learningRate;
  }

  public DoubleParam learningRateDecay() {
    return learningRateDecay;
  }

  public LongParam seed() {
    return seed;
  }

  public IntParam epochs() {
    return epochs;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public IntParam averagingFrequency() {
    return averagingFrequency;
  }

  public IntParam workers() {
    return workers;
  }

  public String getLabelCol() {
    return $(labelCol);
  }

  public String getLayers() {
    return $(layers);
  }

  public String getActivation() {
    return $(activation);
  }

  public String getUpdater() {
    return $(updater);
  }

  public double getLearningRate() {
    return (Double) $(learningRate);
  }

  public double getLearningRateDecay() {
    return (Double) $(learningRateDecay);
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  public int getEpochs() {
    return (Integer) $(epochs);
  }

  public int getBatchSize() {
    return (Integer) $(batchSize);
  }

  public int getAveragingFrequency() {
    return (Integer) $(averagingFrequency);
  }

  public int getWorkers() {
    return (Integer) $(workers);
  }

  public DigitsClassifier setLabelCol(String value) {
    return (DigitsClassifier) set(labelCol, value);
  }

  public DigitsClassifier setLayers(String value) {
    return (DigitsClassifier) set(layers, value);
  }

  public DigitsClassifier setActivation(String value) {
    return (DigitsClassifier) set(activation, value.toLowerCase(Locale.ROOT));
  }

  public DigitsClassifier setUpdater(String value) {
    return (DigitsClassifier) set(updater, value.toLowerCase(Locale.ROOT));
  }

  public DigitsClassifier setLearningRate(double value) {
    return (DigitsClassifier) set(learningRate, value);
  }

  public DigitsClassifier setLearningRateDecay(double value) {
    return (DigitsClassifier) set(learningRateDecay, value);
  }

  public DigitsClassifier setSeed(long value) {
    return (DigitsClassifier) set(seed, value);
  }

  public DigitsClassifier setEpochs(int value) {
    return (DigitsClassifier) set(epochs, value);
  }

  public DigitsClassifier setBatchSize(int value) {
    return (DigitsClassifier) set(batchSize, value);
  }

  public DigitsClassifier setAveragingFrequency(int value) {
    return (DigitsClassifier) set(averagingFrequency, value);
  }

  public DigitsClassifier setWorkers(int value) {
    return (DigitsClassifier) set(workers, value);
  }
}
