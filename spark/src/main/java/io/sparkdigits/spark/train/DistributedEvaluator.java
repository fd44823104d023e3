package io.sparkdigits.spark.train;

import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.spark.dataset.DigitsSchema;
import io.sparkdigits.spark.dataset.Minibatches;
import io.sparkdigits.core.metrics.EvaluationReport;
import io.sparkdigits.core.metrics.MisclassifiedDigit;
import io.sparkdigits.core.metrics.SplitScores;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.core.model.NetworkOutput;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Scores one model on labelled splits on the executors, in one pass over each split: accuracy and
 * mean cross-entropy loss, the confusion matrix and per-class scores (DL4J's {@link Evaluation}),
 * and the misclassified images of lowest index with their pixels. The model is broadcast once, as
 * bytes ({@link ModelFiles#toBytes}), for every split it scores; {@link #close} releases it.
 *
 * <p>Its memory does not grow with the split: each task scores its partition a forward batch at a
 * time, frees each batch's arrays as soon as it is scored (ND4J frees an array's data, outside the
 * heap, only when the collector finds its Java object, and a pass over hundreds of thousands of
 * examples would leave gigabytes of dead minibatches resident between two collections), and
 * returns counts, a sum and at most the kept misclassified images. So the minibatches it is given
 * are its own to free: an RDD that Spark caches must not be scored.
 */
public final class DistributedEvaluator implements AutoCloseable {
  /**
   * Where DL4J's softmax cross-entropy (LossMCXENT) clips a probability before its logarithm: the
   * loss computed here from the probabilities is the one DL4J's {@code score} reports.
   */
  private static final double SOFTMAX_CLIP = 1e-10;
  private static final Comparator<Wrong> BY_INDEX = Comparator.comparingInt(wrong -> wrong.index);

  private final Broadcast<byte[]> model;
  private final int numClasses;

  public DistributedEvaluator(JavaSparkContext sc, MultiLayerNetwork model) {
    this.model = sc.broadcast(ModelFiles.toBytes(model));
    this.numClasses = ModelFiles.outputClasses(model);
  }

  /**
   * Split {@code split} of {@code dataset} as it is scored: minibatches of one forward pass each
   * ({@link NetworkOutput#BATCH_SIZE}), spread over one partition per task slot of the executors
   * ({@code taskSlots}, as {@link TaskSlots} counts them) whatever the number of workers that
   * trains, so that every core scores. Not cached: as float minibatches a split takes four times its
   * pixels' size outside the heap, which Spark's cache neither counts nor bounds (a validation split
   * of 300,000 images, 0.95 GB, held for the whole training). Every pass reads the shuffle files
   * that spread the split over the partitions, written once by the first pass, and builds its
   * minibatches as it scores them.
   */
  public static JavaRDD<DataSet> minibatches(DigitsDataset dataset, String split, int taskSlots) {
    return dataset.minibatches(split, NetworkOutput.BATCH_SIZE, taskSlots);
  }

  /**
   * As {@link #minibatches}, of about {@code examples} of {@code count} rows of {@link DigitsSchema}'s
   * columns drawn with {@code seed}: images of {@code pixels} pixels, labels of {@code numClasses} classes.
   */
  public static JavaRDD<DataSet> sampleMinibatches(Dataset<Row> rows, long count, long examples, long seed,
      int pixels, int numClasses, int taskSlots) {
    return DigitsDataset.sampleMinibatches(rows, count, examples, seed,
        new Minibatches(NetworkOutput.BATCH_SIZE, pixels, numClasses), taskSlots);
  }

  /**
   * The model's scores on {@code minibatches}, built by {@link Minibatches}, and of the images it
   * gets wrong the {@code keepMisclassified} of lowest index in the split.
   */
  public SplitScores score(JavaRDD<DataSet> minibatches, int keepMisclassified) {
    PartitionScores total = minibatches.mapPartitions(new ScorePartition(model, numClasses, keepMisclassified))
        .treeReduce(PartitionScores::merge);
    return new SplitScores(EvaluationReport.of(total.evaluation, numClasses, total.lossSum / total.examples),
        total.misclassified.stream().map(Wrong::digit).toList());
  }

  @Override
  public void close() {
    model.destroy();
  }

  /**
   * A {@link MisclassifiedDigit} on its way from an executor: a class, not a record, because
   * Spark's Kryo (4) cannot serialise records.
   */
  private static final class Wrong implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final int label;
    private final int predicted;
    private final float probability;
    private final byte[] pixels;

    Wrong(int index, int label, int predicted, float probability, byte[] pixels) {
      this.index = index;
      this.label = label;
      this.predicted = predicted;
      this.probability = probability;
      this.pixels = pixels;
    }

    MisclassifiedDigit digit() {
      return new MisclassifiedDigit(index, label, predicted, probability, pixels);
    }
  }

  /** What one partition, or several merged, contributes: counts, summed loss, the first misclassified. */
  private static final class PartitionScores implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Evaluation evaluation;
    private final double lossSum;
    private final long examples;
    private final int keep;
    /** At most {@code keep}, by index. */
    private final List<Wrong> misclassified;

    PartitionScores(Evaluation evaluation, double lossSum, long examples, int keep,
        List<Wrong> misclassified) {
      this.evaluation = evaluation;
      this.lossSum = lossSum;
      this.examples = examples;
      this.keep = keep;
      this.misclassified = misclassified;
    }

    PartitionScores merge(PartitionScores other) {
      evaluation.merge(other.evaluation);
      List<Wrong> first = Stream.concat(misclassified.stream(), other.misclassified.stream())
          .sorted(BY_INDEX).limit(keep).toList();
      return new PartitionScores(evaluation, lossSum + other.lossSum, examples + other.examples, keep,
          new ArrayList<>(first));
    }
  }

  /** One partition's minibatches through the network restored once, one forward pass each. */
  private static final class ScorePartition implements FlatMapFunction<Iterator<DataSet>, PartitionScores> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> model;
    private final int numClasses;
    private final int keep;

    ScorePartition(Broadcast<byte[]> model, int numClasses, int keep) {
      this.model = model;
      this.numClasses = numClasses;
      this.keep = keep;
    }

    @Override
    public Iterator<PartitionScores> call(Iterator<DataSet> minibatches) {
      MultiLayerNetwork network = ModelFiles.fromBytes(model.value());
      Evaluation evaluation = new Evaluation(numClasses);
      double lossSum = 0;
      long examples = 0;
      // the misclassified of highest index on top, so that a lower one replaces it
      PriorityQueue<Wrong> kept = new PriorityQueue<>(BY_INDEX.reversed());
      while (minibatches.hasNext()) {
        DataSet batch = nextBatch(minibatches);
        NetworkOutput output = NetworkOutput.of(network, batch.getFeatures());
        float[] oneHot = rowMajor(batch.getLabels());
        int n = batch.numExamples();
        List<Integer> indices = keep > 0 ? Minibatches.indices(batch) : null;
        for (int i = 0; i < n; i++) {
          int label = NetworkOutput.predictedClass(oneHot, i * numClasses, numClasses);
          int predicted = output.predictedClass(i);
          float probability = output.probability(i, predicted);
          // the classes already known here, rather than Evaluation's own arg-max of the two arrays
          evaluation.eval(predicted, label);
          lossSum -= Math.log(Math.max(output.probability(i, label), SOFTMAX_CLIP));
          if (predicted != label && keep > 0 && (kept.size() < keep || indices.get(i) < kept.peek().index)) {
            kept.add(new Wrong(indices.get(i), label, predicted, probability,
                pixels(batch.getFeatures().getRow(i).toFloatVector())));
            if (kept.size() > keep) {
              kept.poll();
            }
          }
        }
        examples += n;
        free(batch);
      }
      List<Wrong> misclassified = new ArrayList<>(kept);
      misclassified.sort(BY_INDEX);
      return List.of(new PartitionScores(evaluation, lossSum, examples, keep, misclassified)).iterator();
    }

    /** The next minibatches merged up to one forward pass's examples, {@link NetworkOutput#BATCH_SIZE}. */
    private static DataSet nextBatch(Iterator<DataSet> minibatches) {
      List<DataSet> merged = new ArrayList<>();
      int examples = 0;
      while (minibatches.hasNext() && examples < NetworkOutput.BATCH_SIZE) {
        DataSet minibatch = minibatches.next();
        merged.add(minibatch);
        examples += minibatch.numExamples();
      }
      if (merged.size() == 1) {
        return merged.get(0);
      }
      DataSet batch = DataSet.merge(merged);
      merged.forEach(ScorePartition::free);
      return batch;
    }

    private static void free(DataSet batch) {
      batch.getFeatures().close();
      batch.getLabels().close();
    }

    /** A row-major copy read in Java: INDArray's own row and element access costs a native call each. */
    private static float[] rowMajor(INDArray matrix) {
      try (INDArray copy = matrix.dup('c')) {
        return copy.data().asFloat();
      }
    }

    private static byte[] pixels(float[] features) {
      byte[] pixels = new byte[features.length];
      for (int p = 0; p < features.length; p++) {
        pixels[p] = NetworkInput.unscale(features[p]);
      }
      return pixels;
    }
  }
}
