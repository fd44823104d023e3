package io.sparkdigits.jobs.bench;

import io.sparkdigits.core.idx.IdxSplitFiles;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.testing.IdxDataSets;
import io.sparkdigits.jobs.cli.IngestOptions;
import io.sparkdigits.jobs.cli.JobRunner;
import io.sparkdigits.jobs.cli.NetworkOptions;
import io.sparkdigits.jobs.cli.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Benchmark (a): the pipeline's network trained in one JVM, without Spark, on the IDX files read
 * straight into memory and scaled as the pipeline scales them, in minibatches of the pipeline's
 * size built once in file order and fitted in a new random order every epoch: a plain {@link
 * MultiLayerNetwork#fit}, one minibatch at a time, or with {@code --parallel-wrapper} DL4J's own
 * data parallelism in one JVM ({@link ParallelWrapperEpochs}). ND4J's thread count is the JVM's
 * {@code OMP_NUM_THREADS}, which scripts/bench.sh varies.
 */
@Command(name = "single-jvm-bench", mixinStandardHelpOptions = true)
public final class SingleJvmBench implements Callable<Integer> {
  @Mixin IngestOptions input;
  @Mixin NetworkOptions network;
  @Mixin TrainingOptions training;

  @Option(names = "--parallel-wrapper",
      description = "Train with DL4J's ParallelWrapper: --workers workers (0: one per core), averaging as "
          + "--averaging-frequency says.")
  boolean parallelWrapper;

  @Option(names = "--result", required = true, description = "Where to write the measurement (JSON).")
  Path result;

  public static void main(String[] args) {
    System.exit(JobRunner.run(new SingleJvmBench(), args));
  }

  @Override
  public Integer call() throws Exception {
    NetworkSpec spec = network.spec();
    TrainingSpec trainingSpec = training.spec();
    try (HeapSampler heap = new HeapSampler()) {
      List<IdxSplitFiles> files = input.resolve(new Configuration());
      List<DataSet> train = read(files.get(0), trainingSpec.batchSizePerWorker());
      DataSet test = DataSet.merge(read(files.get(1), 10_000));
      long examples = train.stream().mapToLong(DataSet::numExamples).sum();

      int cores = Runtime.getRuntime().availableProcessors();
      EpochFit way = parallelWrapper ? new ParallelWrapperEpochs(
          trainingSpec.workers() > 0 ? trainingSpec.workers() : cores, trainingSpec.averagingFrequency(), train.size())
          : new PlainFit();
      MultiLayerNetwork net = new MultiLayerNetwork(spec.toConfiguration());
      net.init();
      Random order = new Random(spec.seed());
      List<Measurement.Epoch> epochs = new ArrayList<>();
      for (int epoch = 1; epoch <= trainingSpec.epochs(); epoch++) {
        Collections.shuffle(train, order);
        long start = System.nanoTime();
        way.fit(net, train);
        double seconds = (System.nanoTime() - start) / 1e9;
        net.incrementEpochCount();
        Evaluation evaluation = new Evaluation(spec.numClasses());
        evaluation.eval(test.getLabels(), net.output(test.getFeatures()));
        epochs.add(new Measurement.Epoch(epoch, seconds, evaluation.accuracy()));
        System.out.printf("%s epoch %d: %.2f s, test accuracy %.2f%%%n", way.name(), epoch, seconds,
            100 * evaluation.accuracy());
      }
      String threads = System.getenv("OMP_NUM_THREADS");
      String setting = threads == null ? "OMP_NUM_THREADS unset (one thread per CPU)" : "OMP_NUM_THREADS=" + threads;
      new Measurement(way.name(), way.setting(setting), cores, examples, epochs, heap.peakBytes(), null)
          .write(result);
    }
    return 0;
  }

  /** A way to fit the network on every minibatch of an epoch once, in the order given. */
  interface EpochFit {
    String name();

    /** What the measurement's setting column says, given the JVM's OpenMP thread setting. */
    String setting(String threads);

    void fit(MultiLayerNetwork net, List<DataSet> minibatches) throws Exception;
  }

  /** One {@link MultiLayerNetwork#fit} after the other. */
  private static final class PlainFit implements EpochFit {
    @Override
    public String name() {
      return "single JVM MultiLayerNetwork.fit";
    }

    @Override
    public String setting(String threads) {
      return threads;
    }

    @Override
    public void fit(MultiLayerNetwork net, List<DataSet> minibatches) {
      minibatches.forEach(net::fit);
    }
  }

  private List<DataSet> read(IdxSplitFiles split, int batchSize) throws java.io.IOException {
    return IdxDataSets.read(new org.apache.hadoop.fs.Path(split.images()), new org.apache.hadoop.fs.Path(split.labels()),
        input.numClasses(), batchSize);
  }
}
