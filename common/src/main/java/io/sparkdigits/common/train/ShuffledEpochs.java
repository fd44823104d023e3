package io.sparkdigits.common.train;

import io.sparkdigits.common.dataset.DigitsSchema;
import io.sparkdigits.common.dataset.LabelledImage;
import io.sparkdigits.common.dataset.Minibatches;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;

/**
 * A training split as parameter averaging consumes it, in memory that does not grow with the
 * split. Every epoch reads the split's compact rows (the dataset's Parquet: one byte a pixel) and
 * shuffles them into that epoch's {@link EpochOrder}, one shuffle partition per round and worker,
 * sorted by position; a round is that round's partitions alone, whose rows become float
 * minibatches only as the round runs. So what the executors hold across an epoch is the shuffle's
 * compact files, on disk; in memory, the minibatch a worker fits ({@link ReleasedMinibatches}).
 */
public final class ShuffledEpochs {
  private final Dataset<Row> split;
  private final EpochOrder order;
  private final Minibatches minibatches;

  /** {@code split}: rows of {@link DigitsSchema} whose indices number them from 0, as ingest and augment write them. */
  public ShuffledEpochs(Dataset<Row> split, EpochOrder order, Minibatches minibatches) {
    this.split = split;
    this.order = order;
    this.minibatches = minibatches;
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
    JavaPairRDD<Long, LabelledImage> inOrder = split
        .select(DigitsSchema.INDEX, DigitsSchema.LABEL, DigitsSchema.PIXELS)
        .javaRDD()
        .mapToPair(new PlaceInEpoch(order, epoch))
        .repartitionAndSortWithinPartitions(order.partitioner());
    Minibatches batches = minibatches;  // the closures below take it, not this
    List<JavaRDD<DataSet>> rounds = new ArrayList<>(order.rounds());
    for (int round = 0; round < order.rounds(); round++) {
      JavaRDD<Tuple2<Long, LabelledImage>> partitions =
          PartitionPruningRDD.create(inOrder.rdd(), new PartitionsOfRound(round, order.workers())).toJavaRDD();
      rounds.add(JavaPairRDD.fromJavaRDD(partitions).values()
          .mapPartitions(examples -> new ReleasedMinibatches(batches.batches(examples))));
    }
    return rounds;
  }

  /** An example keyed by its position in the epoch. */
  private static final class PlaceInEpoch implements PairFunction<Row, Long, LabelledImage> {
    private static final long serialVersionUID = 1L;
    private final EpochOrder order;
    private final int epoch;

    PlaceInEpoch(EpochOrder order, int epoch) {
      this.order = order;
      this.epoch = epoch;
    }

    @Override
    public Tuple2<Long, LabelledImage> call(Row row) {
      LabelledImage example = LabelledImage.of(row);
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
