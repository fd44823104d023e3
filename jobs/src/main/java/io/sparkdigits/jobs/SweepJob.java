package io.sparkdigits.jobs;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.spark.pipeline.SweepStage;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.registry.RegistryLock;
import io.sparkdigits.core.report.SweepReport;
import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.NetworkOptions;
import io.sparkdigits.jobs.cli.LockOptions;
import io.sparkdigits.jobs.cli.PromotionOptions;
import io.sparkdigits.jobs.cli.RegistryOptions;
import io.sparkdigits.jobs.cli.StorageOptions;
import io.sparkdigits.jobs.cli.SweepCandidates;
import io.sparkdigits.jobs.cli.TrainingOptions;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Sweep: trains candidate configurations on one dataset, ranks them by validation accuracy, promotes the best. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train candidate configurations (a file of them, or a grid) on the same dataset, each published as "
        + "a run of the model's registry; rank them by validation accuracy, report every candidate's validation and "
        + "test accuracy, training time and parameters, and hand the best to the registry's promotion rules. "
        + "Exit status as retrain's: 0 promoted, 10 champion kept, 12 another run holds the model's lock.")
public final class SweepJob extends SparkJob {
  private static final String CANDIDATES = "--candidates";
  private static final String GRID = "--grid";

  @Mixin ConfigOption config;
  @Mixin StorageOptions storage;
  // what every candidate trains with unless its own options say otherwise
  @Mixin NetworkOptions network;
  @Mixin TrainingOptions training;
  @Mixin RegistryOptions registry;
  @Mixin PromotionOptions promotion;
  @Mixin LockOptions lock;

  @Option(names = CANDIDATES, paramLabel = "FILE",
      description = "JSON file of candidates: {\"candidates\": [{\"name\": \"wide\", \"options\": "
          + "\"--layers 784-256-10 --epochs 3\"}, ...]} (see conf/sweeps/).")
  String candidatesFile;

  @Option(names = GRID, paramLabel = "OPTION=V1,V2,...",
      description = "An option and its values; repeated, every combination is a candidate "
          + "(--grid layers=784-128-10,784-256-10 --grid learning-rate=0.001,0.004).")
  List<String> grid;

  @Option(names = "--parallel", paramLabel = "K",
      description = "Candidates trained side by side, each in a FAIR scheduler pool of its own; 1: one after "
          + "another (default: ${DEFAULT-VALUE}).")
  int parallel;






  private List<SweepStage.Candidate> candidates;

  @Override
  void validate(Configuration conf) throws Exception {
    if (parallel < 1) {
      throw new UsageException("--parallel must be at least 1, got " + parallel);
    }
    if ((candidatesFile == null) == (grid == null)) {
      throw new UsageException("give " + CANDIDATES + " FILE or " + GRID + " OPTION=VALUES, one of them");
    }
    candidates = candidatesFile != null ? SweepCandidates.fromFile(CANDIDATES, candidatesFile, spec, conf)
        : SweepCandidates.fromGrid(GRID, grid, spec);
    storage.registry(registry.model(), conf).requirePromotable();
    DatasetManifest manifest = storage.manifest(conf);
    manifest.requireTrainable("dataset '" + storage.dataset() + "'");
    if (!manifest.hasValidationSplit()) {
      throw new UsageException("--dataset " + storage.dataset() + ": a sweep ranks by validation accuracy and the "
          + "dataset has no validation split: ingest it again with --validation-fraction above 0");
    }
    for (SweepStage.Candidate candidate : candidates) {
      try {
        candidate.network().requireFits(manifest.rows(), manifest.columns(), manifest.numClasses(),
            "dataset '" + storage.dataset() + "'");
      } catch (UsageException e) {
        throw new UsageException("candidate '" + candidate.name() + "': " + e.getMessage());
      }
    }
    storage.requireWritable(conf);
  }

  /** Side by side needs the FAIR scheduler, unless the submission chose a scheduling mode itself. */
  @Override
  void configure(SparkSession.Builder builder) {
    if (parallel > 1 && !new SparkConf().contains("spark.scheduler.mode")) {
      builder.config("spark.scheduler.mode", "FAIR");
    }
  }

  @Override
  void run(SparkSession spark) throws Exception {
    SweepStage.Settings settings = new SweepStage.Settings(registry.model(), storage.dataset(), candidates, parallel,
        promotion.margin(), promotion.floor(), lock.lockStaleAfter(), lock.lockWait());
    startWriting(spark, storage, null);
    try {
      SweepStage.Result result = new SweepStage(spark, storage.layout(spark.sparkContext().hadoopConfiguration()))
          .run(settings);
      Decision decision = result.record().decision();
      System.out.print(SweepReport.table(result.record()));
      System.out.printf("Candidates ran %s.%nReport: %s%nWinner: candidate %s%n", result.record().mode(),
          new Path(result.report(), SweepReport.INDEX), result.record().winner().name());
      new ConsoleSummary(registry.model()).decided(decision);
      exitStatus = decision.outcome().exitStatus();
    } catch (RegistryLock.HeldException e) {
      System.err.println("sweep: " + e.getMessage());
      exitStatus = RetrainJob.LOCK_HELD;
    }
  }
}
