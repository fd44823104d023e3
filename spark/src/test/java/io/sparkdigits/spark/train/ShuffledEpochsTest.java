package io.sparkdigits.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.spark.dataset.DigitsSchema;
import io.sparkdigits.spark.dataset.Minibatches;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.spark.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import scala.reflect.ClassTag$;

class ShuffledEpochsTest extends SparkTestBase {
  private static final int EXAMPLES = 1003;
  private static final int WORKERS = 2;
  private static final int ROUNDS = 5;
  private static final int BATCH = 16;

  /** The split as Parquet, in several files, each example's pixel its index modulo 256 and its label the index modulo 10. */
  private static Dataset<Row> parquetSplit(Path dir) {
    List<Row> rows = IntStream.range(0, EXAMPLES)
        .mapToObj(i -> RowFactory.create(DatasetManifest.TRAIN, i, i % 10, new byte[] {(byte) i})).toList();
    String path = dir.resolve("split").toString();
    spark().createDataFrame(rows, DigitsSchema.SCHEMA).repartition(4).write().parquet(path);
    return spark().read().parquet(path);
  }

  /** Per round, per worker, the indices of the examples it fits, in order. */
  private static List<List<List<Integer>>> epoch(ShuffledEpochs data, int epoch) {
    List<List<List<Integer>>> rounds = new ArrayList<>();
    for (JavaRDD<DataSet> round : data.rounds(epoch)) {
      assertThat(round.getNumPartitions()).as("partitions of a round").isEqualTo(WORKERS);
      rounds.add(round.mapPartitions(batches -> {
        List<Integer> indices = new ArrayList<>();
        batches.forEachRemaining(batch -> {
          if (batch.numExamples() > BATCH) {
            throw new AssertionError("a minibatch of " + batch.numExamples());
          }
          List<Integer> batchIndices = Minibatches.indices(batch);
          for (int i = 0; i < batchIndices.size(); i++) {
            // the features and labels are those of the example the metadata names
            int index = batchIndices.get(i);
            if (NetworkInput.unscale(batch.getFeatures().getFloat(i, 0)) != (byte) index
                || batch.getLabels().getFloat(i, index % 10) != 1f) {
              throw new AssertionError("example " + index + " does not carry its own pixels and label");
            }
          }
          indices.addAll(batchIndices);
        });
        return List.of(indices).iterator();
      }).collect());
    }
    return rounds;
  }

  @Test
  void anEpochVisitsEveryExampleOnceInADifferentOrderEachEpochInEqualShares(@TempDir Path dir) {
    int persistedBefore = sc().getPersistentRDDs().size();
    try (ShuffledEpochs data = new ShuffledEpochs(parquetSplit(dir),
        new EpochOrder(EXAMPLES, WORKERS, ROUNDS, 42), new Minibatches(BATCH, 1, 10))) {
      data.keepOnDisk();
      RDDInfo copy = Arrays.stream(spark().sparkContext().getRDDStorageInfo())
          .filter(info -> info.storageLevel().useDisk()).findFirst().orElseThrow();
      assertThat(copy.numCachedPartitions()).as("partitions of the copy kept").isEqualTo(copy.numPartitions())
          .isGreaterThanOrEqualTo(2 * WORKERS);
      // a partition is one block (BLOCK_PIXELS is far more than the split), which Kryo writes as its
      // class's registration and the block's own form: a header, then an index, a label and one pixel an example
      long emptyBlock = SparkEnv.get().serializer().newInstance()
          .serialize(new ExampleBlock(1, 0), ClassTag$.MODULE$.apply(ExampleBlock.class)).remaining();
      assertThat(copy.diskSize()).as("bytes of the copy on disk")
          .isEqualTo(copy.numPartitions() * emptyBlock + EXAMPLES * (2L * Integer.BYTES + 1));
      assertThat(copy.memSize()).as("bytes of the copy in memory").isZero();

      List<List<List<Integer>>> first = epoch(data, 1);
      List<List<List<Integer>>> second = epoch(data, 2);

      for (List<List<List<Integer>>> epoch : List.of(first, second)) {
        List<Integer> visited = epoch.stream().flatMap(List::stream).flatMap(List::stream).sorted().toList();
        assertThat(visited).as("every example, once").isEqualTo(IntStream.range(0, EXAMPLES).boxed().toList());
        List<Integer> shares = epoch.stream().flatMap(List::stream).map(List::size).toList();
        assertThat(shares).as("examples per round and worker").hasSize(ROUNDS * WORKERS)
            .allSatisfy(share -> assertThat(share).isBetween(EXAMPLES / (ROUNDS * WORKERS),
                EXAMPLES / (ROUNDS * WORKERS) + 1));
      }
      assertThat(second).as("epoch 2's order against epoch 1's").isNotEqualTo(first);
      assertThat(second.get(0).get(0)).as("worker 0's first round").isNotEqualTo(first.get(0).get(0));
      assertThat(epoch(data, 1)).as("epoch 1 again").isEqualTo(first);
      assertThat(data.largestShare()).isEqualTo((EXAMPLES / (ROUNDS * WORKERS) + 1 + BATCH - 1) / BATCH);
      assertThat(sc().getPersistentRDDs()).as("the examples' disk copy").hasSize(persistedBefore + 1);
    }
    assertThat(sc().getPersistentRDDs()).as("after close").hasSize(persistedBefore);
  }

  /**
   * More rounds than Spark's bypass threshold (200 partitions) take its serialized shuffle, which
   * moves each record's bytes as {@link DealtBlockSerializer} wrote them.
   */
  @Test
  void anEpochOfMoreShufflePartitionsThanTheBypassThresholdArrivesWhole(@TempDir Path dir) {
    int rounds = 101;
    try (ShuffledEpochs data = new ShuffledEpochs(parquetSplit(dir),
        new EpochOrder(EXAMPLES, WORKERS, rounds, 7), new Minibatches(BATCH, 1, 10))) {
      List<JavaRDD<DataSet>> epoch = data.rounds(1);
      assertThat(epoch).hasSize(rounds);
      @SuppressWarnings("unchecked")
      JavaRDD<DataSet>[] all = epoch.toArray(JavaRDD[]::new);
      List<Integer> visited = sc().union(all)
          .flatMap(batch -> Minibatches.indices(batch).iterator()).collect();
      assertThat(visited.stream().sorted().toList()).as("every example, once")
          .isEqualTo(IntStream.range(0, EXAMPLES).boxed().toList());
    }
  }
}
