package io.sparkdigits.spark.train;

import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.model.WorkerShare;
import io.sparkdigits.spark.dataset.DigitsSchema;
import io.sparkdigits.spark.dataset.Minibatches;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;

/**
 * A training split as parameter averaging consumes it, in memory that does not grow with the
 * split. The split's examples are kept in their compact form (one byte a pixel, as the dataset's
 * Parquet holds them, in {@link ExampleBlock}s of a few megabytes) on the executors' local disks,
 * read from the Parquet once, before the first epoch ({@link #keepOnDisk}). Every epoch shuffles
 * them into that epoch's {@link EpochOrder}, one shuffle partition per round and worker, each block
 * dealt as one smaller block per partition; a round is that round's partitions alone, each put in
 * the epoch's order as a worker's compact {@link RoundShare}, whose examples become float
 * minibatches only as the round runs. So what the executors hold across an epoch is compact files,
 * on disk; in memory, a block being dealt, the share of the round a worker fits and the minibatch
 * it fits ({@link ReleasedMinibatches}).
 * {@link #close} removes the disk copy.
 */
public final class ShuffledEpochs implements AutoCloseable {
  /**
   * Partitions per worker of the disk copy, at least: a small split is often a single Parquet row
   * group, which Spark reads in one task however many cores there are, and every epoch's shuffle
   * then ran on one core.
   */
  private static final int PARTITIONS_PER_WORKER = 2;
  /**
   * Pixels per block of the disk copy, at most: large enough that Spark handles a few records an
   * epoch rather than one an example (a block holds 10,700 MNIST images), small enough that
   * dealing a block holds only twice this in memory.
   */
  private static final int BLOCK_PIXELS = 8 << 20;
  private static final Logger LOG = LoggerFactory.getLogger(ShuffledEpochs.class);

  private final JavaRDD<ExampleBlock> blocks;
  private final EpochOrder order;
  private final Minibatches minibatches;

  /**
   * {@code split}: rows of {@link DigitsSchema} whose indices number them from 0, as ingest and
   * augment write them, and whose images all have {@code minibatches}' pixels.
   */
  public ShuffledEpochs(Dataset<Row> split, EpochOrder order, Minibatches minibatches) {
    Dataset<Row> examples = split.select(DigitsSchema.INDEX, DigitsSchema.LABEL, DigitsSchema.PIXELS);
    int partitions = PARTITIONS_PER_WORKER * order.workers();
    if (examples.javaRDD().getNumPartitions() < partitions) {
      examples = examples.repartition(partitions);
    }
    int pixels = minibatches.pixels();
    int blockSize = Math.max(1, BLOCK_PIXELS / pixels);
    // on disk rather than in memory, which would grow with the split; read back with Kryo, which
    // costs a fraction of decoding Parquet into rows
    this.blocks = examples.javaRDD().mapPartitions(rows -> ExampleBlock.fromRows(rows, pixels, blockSize))
        .persist(StorageLevel.DISK_ONLY());
    this.order = order;
    this.minibatches = minibatches;
  }

  /**
   * A training split of {@code examples} examples as {@code workers} workers train {@code network} on
   * it with {@code training}: epochs ordered by the network's seed, in the training's rounds and
   * minibatches of images of {@code pixels} pixels.
   */
  public static ShuffledEpochs of(Dataset<Row> split, long examples, int workers, NetworkSpec network,
      TrainingSpec training, int pixels) {
    EpochOrder order =
        new EpochOrder(examples, workers, training.roundsPerEpoch(examples, workers), network.seed());
    return new ShuffledEpochs(split, order,
        new Minibatches(training.batchSizePerWorker(), pixels, network.numClasses()));
  }

  /**
   * Makes the disk copy now, rather than in the first epoch's first round: so that every epoch,
   * the first included, does the same work, and its time says what an epoch costs.
   */
  public void keepOnDisk() {
    long start = System.nanoTime();
    long kept = blocks.map(block -> (long) block.size()).reduce(Long::sum);
    LOG.info(String.format("Kept the %d training examples on the executors' local disks in %.1f s", kept,
        (System.nanoTime() - start) / 1e9));
  }

  public EpochOrder order() {
    return order;
  }

  /** The most minibatches any worker fits in one round. */
  public int largestShare() {
    return Math.toIntExact(WorkerShare.pieces(order.largestShare(), minibatches.batchSize()));
  }

  /**
   * The rounds of epoch {@code epoch}, in order: each an RDD with one partition per worker, that
   * worker's minibatches of the round in the epoch's order. They share one shuffle, which the
   * first of them to run performs.
   */
  public List<JavaRDD<DataSet>> rounds(int epoch) {
    // the keys are partition numbers, which a HashPartitioner keeps as they are
    JavaPairRDD<Integer, ExampleBlock> dealt = blocks.flatMapToPair(new DealBlock(order, epoch))
        .partitionBy(new HashPartitioner(order.partitions()));
    EpochOrder epochOrder = order;  // the closures below take these, not this
    Minibatches batches = minibatches;
    List<JavaRDD<DataSet>> rounds = new ArrayList<>(order.rounds());
    for (int round = 0; round < order.rounds(); round++) {
      int thisRound = round;
      // the round's partitions alone, one per worker as parameter averaging takes them (a filter would keep
      // every partition of the epoch, a task each in every round), in worker order, so that a partition's
      // index in the round is its worker
      JavaRDD<ExampleBlock> partitions = JavaPairRDD.fromJavaRDD(
          PartitionPruningRDD.create(dealt.rdd(), new PartitionsOfRound(round, order.workers())).toJavaRDD()).values();
      rounds.add(partitions.mapPartitionsWithIndex((worker, arriving) -> new ReleasedMinibatches(
          RoundShare.minibatches(arriving, epochOrder.share(thisRound, worker),
              index -> epochOrder.position(epoch, index), batches)), false));
    }
    return rounds;
  }

  /** Removes the examples' copy from the executors' disks. */
  @Override
  public void close() {
    blocks.unpersist(false);
  }

  /** A block of examples as the blocks of it each shuffle partition of an epoch gets, keyed by the partition. */
  private static final class DealBlock implements PairFlatMapFunction<ExampleBlock, Integer, ExampleBlock> {
    private static final long serialVersionUID = 1L;
    private final EpochOrder order;
    private final int epoch;

    DealBlock(EpochOrder order, int epoch) {
      this.order = order;
      this.epoch = epoch;
    }

    @Override
    public Iterator<Tuple2<Integer, ExampleBlock>> call(ExampleBlock block) {
      int[] partitionOf = new int[block.size()];
      int[] counts = new int[order.partitions()];
      for (int example = 0; example < block.size(); example++) {
        partitionOf[example] = order.partition(order.position(epoch, block.index(example)));
        counts[partitionOf[example]]++;
      }
      ExampleBlock[] dealt = new ExampleBlock[counts.length];
      List<Tuple2<Integer, ExampleBlock>> records = new ArrayList<>();
      for (int partition = 0; partition < counts.length; partition++) {
        if (counts[partition] > 0) {
          dealt[partition] = new ExampleBlock(block.pixels(), counts[partition]);
          records.add(new Tuple2<>(partition, dealt[partition]));
        }
      }
      for (int example = 0; example < block.size(); example++) {
        dealt[partitionOf[example]].add(block, example);
      }
      return records.iterator();
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
