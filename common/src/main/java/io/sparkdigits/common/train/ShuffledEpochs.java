package io.sparkdigits.common.train;

import io.sparkdigits.common.dataset.DigitsSchema;
import io.sparkdigits.common.dataset.LabelledImage;
import io.sparkdigits.common.dataset.Minibatches;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.rdd.ShuffledRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * A training split as parameter averaging consumes it, in memory that does not grow with the
 * split. The split's examples are kept in their compact form (one byte a pixel, as the dataset's
 * Parquet holds them) on the executors' local disks, read from the Parquet once, before the first
 * epoch ({@link #keepOnDisk}). Every epoch shuffles them into that epoch's {@link EpochOrder}, one
 * shuffle partition per round and worker; a round is that round's partitions alone, each put in
 * the epoch's order as a worker's compact {@link RoundShare}, whose examples become float
 * minibatches only as the round runs. So what the executors hold across an epoch is compact files,
 * on disk; in memory, the share of the round a worker fits and the minibatch it fits
 * ({@link ReleasedMinibatches}).
 * {@link #close} removes the disk copy.
 */
public final class ShuffledEpochs implements AutoCloseable {
  /**
   * Partitions per worker of the disk copy, at least: a small split is often a single Parquet row
   * group, which Spark reads in one task however many cores there are, and every epoch's shuffle
   * then ran on one core.
   */
  private static final int PARTITIONS_PER_WORKER = 2;
  private static final Logger LOG = LoggerFactory.getLogger(ShuffledEpochs.class);
  private static final ClassTag<Long> POSITION = ClassTag$.MODULE$.apply(Long.class);
  private static final ClassTag<LabelledImage> EXAMPLE = ClassTag$.MODULE$.apply(LabelledImage.class);

  private final JavaRDD<LabelledImage> examples;
  private final EpochOrder order;
  private final Minibatches minibatches;

  /** {@code split}: rows of {@link DigitsSchema} whose indices number them from 0, as ingest and augment write them. */
  public ShuffledEpochs(Dataset<Row> split, EpochOrder order, Minibatches minibatches) {
    JavaRDD<LabelledImage> examples = split.select(DigitsSchema.INDEX, DigitsSchema.LABEL, DigitsSchema.PIXELS)
        .javaRDD()
        .map(LabelledImage::of);
    int partitions = PARTITIONS_PER_WORKER * order.workers();
    if (examples.getNumPartitions() < partitions) {
      examples = examples.repartition(partitions);
    }
    // on disk rather than in memory, which would grow with the split; read back with Kryo, which
    // costs a fraction of decoding Parquet into rows
    this.examples = examples.persist(StorageLevel.DISK_ONLY());
    this.order = order;
    this.minibatches = minibatches;
  }

  /**
   * Makes the disk copy now, rather than in the first epoch's first round: so that every epoch,
   * the first included, does the same work, and its time says what an epoch costs.
   */
  public void keepOnDisk() {
    long start = System.nanoTime();
    long kept = examples.count();
    LOG.info(String.format("Kept the %d training examples on the executors' local disks in %.1f s", kept,
        (System.nanoTime() - start) / 1e9));
  }

  public EpochOrder order() {
    return order;
  }

  /** The most minibatches any worker fits in one round. */
  public int largestShare() {
    return Math.toIntExact((order.largestShare() + minibatches.batchSize() - 1) / minibatches.batchSize());
  }

  /**
   * The rounds of epoch {@code epoch}, in order: each an RDD with one partition per worker, that
   * worker's minibatches of the round in the epoch's order. They share one shuffle, which the
   * first of them to run performs.
   */
  public List<JavaRDD<DataSet>> rounds(int epoch) {
    // partitionBy, but with the epoch's own serializer instead of Kryo (PlacedExampleSerializer says why)
    ShuffledRDD<Long, LabelledImage, LabelledImage> dealt = new ShuffledRDD<>(
        examples.mapToPair(new PlaceInEpoch(order, epoch)).rdd(), order.partitioner(), POSITION, EXAMPLE, EXAMPLE);
    dealt.setSerializer(new PlacedExampleSerializer());
    EpochOrder epochOrder = order;  // the closures below take these, not this
    Minibatches batches = minibatches;
    List<JavaRDD<DataSet>> rounds = new ArrayList<>(order.rounds());
    for (int round = 0; round < order.rounds(); round++) {
      int thisRound = round;
      // a round's partitions in worker order, so that a partition's index in the round is its worker
      JavaRDD<Tuple2<Long, LabelledImage>> partitions =
          PartitionPruningRDD.create(dealt, new PartitionsOfRound(round, order.workers())).toJavaRDD();
      rounds.add(partitions.mapPartitionsWithIndex((worker, examples) -> new ReleasedMinibatches(
          RoundShare.minibatches(examples, epochOrder.share(thisRound, worker), batches)), false));
    }
    return rounds;
  }

  /** Removes the examples' copy from the executors' disks. */
  @Override
  public void close() {
    examples.unpersist(false);
  }

  /** An example keyed by its position in the epoch. */
  private static final class PlaceInEpoch implements PairFunction<LabelledImage, Long, LabelledImage> {
    private static final long serialVersionUID = 1L;
    private final EpochOrder order;
    private final int epoch;

    PlaceInEpoch(EpochOrder order, int epoch) {
      this.order = order;
      this.epoch = epoch;
    }

    @Override
    public Tuple2<Long, LabelledImage> call(LabelledImage example) {
      return new Tuple2<>(order.position(epoch, example.index()), example);
    }
  }

  /** Whether a partition of the shuffle belongs to a round: the round's partitions are consecutive, one per worker. */
  private static final class PartitionsOfRound extends AbstractFunction1<Object, Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int round;
    private final int workers;

    PartitionsOfRound(int round, int workers) {
      this.round = round;
      this.workers = workers;
    }

    @Override
    public Object apply(Object partition) {
      return (Integer) partition / workers == round;
    }
  }
}
