package io.sparkdigits.jobs;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.idx.IdxSplitFiles;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.spark.pipeline.RetrainStage;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.registry.RegistryLock;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.IngestOptions;
import io.sparkdigits.jobs.cli.NetworkOptions;
import io.sparkdigits.jobs.cli.RegistryOptions;
import io.sparkdigits.jobs.cli.PathOption;
import io.sparkdigits.jobs.cli.LockOptions;
import io.sparkdigits.jobs.cli.PromotionOptions;
import io.sparkdigits.jobs.cli.StorageOptions;
import io.sparkdigits.jobs.cli.TrainingOptions;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Retrain: one scheduled run of a model's registry, ending with a status a scheduler acts on. */
@Command(name = "retrain", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Retrain a model of the registry on its newest data and promote the challenger only when it "
        + "beats the champion. Exit status: 0 promoted, 10 champion kept, 11 skipped (nothing changed), "
        + "12 another run holds the model's lock, 1 failed, 2 usage error; with --exit-status success, 0 for all "
        + "three outcomes.")
public final class RetrainJob extends SparkJob {
  /** Exit status when another run holds the model's lock. */
  public static final int LOCK_HELD = 12;

  @Mixin ConfigOption config;
  @Mixin StorageOptions storage;
  @Mixin IngestOptions input;
  @Mixin NetworkOptions network;
  @Mixin TrainingOptions training;
  @Mixin RegistryOptions registry;
  @Mixin PromotionOptions promotion;
  @Mixin LockOptions lock;


  @Option(names = "--inbox", paramLabel = "URI",
      description = "A folder of dated folders (2026-11-24/, ...), each with MNIST's four files: the newest by "
          + "name is ingested. Without it and without --data, the dataset already ingested is used.")
  String inbox;



  @Option(names = "--force", description = "Train even when neither the data nor the configuration changed.")
  boolean force;

  @Option(names = "--keep", paramLabel = "N",
      description = "Runs to keep besides the champion, the newest; 0 keeps all (default: ${DEFAULT-VALUE}).")
  int keep;



  /** What the exit status tells a scheduler. */
  enum ExitStatus {
    /** The outcome: 0 promoted, 10 champion kept, 11 skipped. */
    OUTCOME,
    /**
     * 0 for every outcome: for schedulers that count any other status as a failure and retry it
     * (Airflow's SparkSubmitOperator, a Kubernetes Job, an application attempt on YARN).
     */
    SUCCESS
  }

  @Option(names = "--exit-status", paramLabel = "MODE", defaultValue = "outcome",
      description = "outcome (0 promoted, 10 champion kept, 11 skipped) or success (0 for all three, for "
          + "schedulers that retry any other status); a held lock is 12 and a failure 1 either way "
          + "(default: ${DEFAULT-VALUE}).")
  ExitStatus exitStatusMode;

  private NetworkSpec networkSpec;
  private TrainingSpec trainingSpec;
  private List<IdxSplitFiles> sources;

  @Override
  void validate(Configuration conf) throws Exception {
    networkSpec = network.spec();
    trainingSpec = training.spec();
    // first: on a store where it could never promote, nothing else is worth checking
    storage.registry(registry.model(), conf).requirePromotable();
    if (inbox != null && input.given()) {
      throw new UsageException("give --inbox or --data, not both");
    }
    if (inbox != null) {
      sources = input.resolveIn(newest(inbox, conf), conf);
    } else if (input.given()) {
      sources = input.resolve(conf);
    }
    if (sources != null) {
      input.requireFits(networkSpec, sources, conf);
    } else {
      storage.requireDatasetFor(networkSpec, conf);
    }
    storage.requireWritable(conf);
  }

  /** The newest dated folder of the inbox: the last by name. */
  private static String newest(String inbox, Configuration conf) throws IOException {
    Path folder = PathOption.of("--inbox", inbox);
    FileSystem fs = folder.getFileSystem(conf);
    if (!fs.exists(folder)) {
      throw new UsageException("--inbox " + inbox + ": no such folder");
    }
    return HadoopFiles.list(fs, folder, HadoopFiles.VISIBLE).stream()
        .filter(FileStatus::isDirectory).map(FileStatus::getPath)
        .reduce((earlier, later) -> later)
        .orElseThrow(() -> new UsageException("--inbox " + inbox + ": no folder of data in it"))
        .toString();
  }

  @Override
  void run(SparkSession spark) throws Exception {
    RetrainStage.Settings settings = new RetrainStage.Settings(registry.model(), storage.dataset(),
        sources == null ? null : input.step(sources), networkSpec, trainingSpec, training.scoreTestEachEpoch(),
        promotion.margin(), promotion.floor(), force, keep, lock.lockStaleAfter(), lock.lockWait());
    startWriting(spark, storage, null);
    try {
      Decision decision = new RetrainStage(spark, storage.layout(spark.sparkContext().hadoopConfiguration()))
          .run(settings);
      new ConsoleSummary(registry.model()).decided(decision);
      exitStatus = exitStatusMode == ExitStatus.OUTCOME ? decision.outcome().exitStatus() : 0;
    } catch (RegistryLock.HeldException e) {
      System.err.println("retrain: " + e.getMessage());
      exitStatus = LOCK_HELD;
    }
  }
}
