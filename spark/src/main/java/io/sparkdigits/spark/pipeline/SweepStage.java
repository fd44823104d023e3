package io.sparkdigits.spark.pipeline;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.core.metrics.EpochRecord;
import io.sparkdigits.core.metrics.EvaluationRecord;
import io.sparkdigits.core.metrics.TrainingRecord;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.registry.Fingerprints;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.registry.PromotionPolicy;
import io.sparkdigits.core.registry.RegistryLock;
import io.sparkdigits.core.registry.SweepRecord;
import io.sparkdigits.core.report.SweepReport;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.ProcessOwner;
import io.sparkdigits.core.storage.Scratch;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.spark.train.TaskSlots;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweep: trains candidate configurations on the same version of a dataset, each a run of a model's
 * registry, by a plan of train, evaluate and publish ({@link RunLifecycle}); ranks them by
 * validation accuracy, never by the test split, which stays an unbiased measure of the one chosen;
 * hands the best to a plan of promote, as every job that promotes; and writes a report of all of
 * them ({@link SweepReport}).
 * Candidates run one after another, or up to {@code parallel} side by side in the same Spark
 * application, each in a FAIR scheduler pool of its own. A candidate that fails (a batch larger
 * than its workers' shares, a network its heap cannot hold) is logged and reported with its error,
 * its staged run removed, and the others go on; only a sweep whose every candidate failed fails.
 * Under the model's lock, as retraining.
 */
public final class SweepStage {
  private static final Logger LOG = LoggerFactory.getLogger(SweepStage.class);
  /** The Spark property of a thread's scheduler pool. */
  private static final String POOL = "spark.scheduler.pool";

  /** A configuration to try: its name, the options that made it (for the report), and what it trains. */
  public record Candidate(String name, String options, NetworkSpec network, TrainingSpec training) {}

  /** What to sweep and how to decide about the winner. */
  public record Settings(String model, String dataset, List<Candidate> candidates, int parallel, double margin,
      double floor, Duration lockStaleAfter, Duration lockWait) {}

  /** The sweep's record, and where its report is. */
  public record Result(SweepRecord record, Path report) {}

  private final SparkSession spark;
  private final StorageLayout layout;

  public SweepStage(SparkSession spark, StorageLayout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  public Result run(Settings settings) throws IOException, InterruptedException {
    long start = System.nanoTime();
    FileSystem fs = layout.fileSystem(spark.sparkContext().hadoopConfiguration());
    ModelRegistry registry = new ModelRegistry(fs, layout, settings.model());
    registry.requirePromotable();
    String sweepId = StorageLayout.newId();
    try (RegistryLock lock = registry.retrainingLock(ProcessOwner.current(sweepId), settings.lockStaleAfter(),
        settings.lockWait())) {
      // every candidate reads this version, whatever is ingested meanwhile
      DigitsDataset dataset = DigitsDataset.open(spark, layout, settings.dataset());
      if (!dataset.manifest().hasValidationSplit()) {
        throw new UsageException("a sweep picks its winner by validation accuracy, and version " + dataset.version()
            + " of dataset '" + settings.dataset() + "' has no validation split: ingest it again with a validation "
            + "fraction above 0");
      }
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int taskSlots = TaskSlots.registered(sc);
      boolean fair = "FAIR".equalsIgnoreCase(sc.getConf().get("spark.scheduler.mode", "FIFO"));
      List<SweepRecord.Failure> failures = new ArrayList<>();
      List<Trained> trained = trainAll(settings, dataset, registry, sc, failures);
      if (trained.isEmpty()) {
        throw new IllegalStateException("every candidate of the sweep failed: " + failures.stream()
            .map(f -> f.name() + ": " + f.error()).collect(Collectors.joining("; ")));
      }

      List<Trained> ranked = new ArrayList<>(trained);
      ranked.sort(Comparator.comparingDouble((Trained t) -> -t.modelEpoch().validationAccuracy())
          .thenComparingDouble(t -> t.modelEpoch().validationLoss())
          .thenComparing(t -> t.candidate().name()));
      Trained winner = ranked.get(0);
      LOG.info("Sweep {}: candidate {} (run {}) has the best validation accuracy, {}", sweepId,
          winner.candidate().name(), winner.runId(), winner.modelEpoch().validationAccuracy());
      Decision decision = new RunLifecycle(spark, registry.runLayout(), RunLifecycle.Listener.SILENT)
          .run(winner.runId(), RunPlan.of(settings.dataset(), settings.model())
              .promoting(new RunPlan.Promote(new PromotionPolicy(settings.margin(), settings.floor()),
                  Fingerprints.of(dataset.manifest().contentFingerprint(), settings.dataset(),
                      winner.candidate().network(), winner.candidate().training()))))
          .decision();

      List<SweepRecord.Candidate> ranking = new ArrayList<>();
      for (Trained t : ranked) {
        ranking.add(t.summary(ranking.size() + 1));
      }
      SweepRecord record = new SweepRecord(sweepId, settings.model(), settings.dataset(), dataset.version(),
          mode(settings.parallel(), fair), modeReason(settings.parallel(), fair, taskSlots, trained), taskSlots,
          ranking, failures, decision, (System.nanoTime() - start) / 1e9);
      return new Result(record, writeReport(fs, record));
    }
  }

  /** A candidate trained, evaluated and published, as run {@code runId}. */
  private record Trained(Candidate candidate, String runId, TrainingRecord training, EvaluationRecord evaluation,
      long parameters) {
    EpochRecord modelEpoch() {
      return training.modelEpoch();
    }

    SweepRecord.Candidate summary(int rank) {
      return new SweepRecord.Candidate(rank, candidate.name(), candidate.options(), runId,
          modelEpoch().validationAccuracy(), modelEpoch().validationLoss(), evaluation.report().accuracy(),
          evaluation.report().macroF1(), training.seconds(), parameters, training.workers(), training.epochs().size(), modelEpoch().epoch());
    }
  }

  /**
   * Every candidate, one after another or up to {@code parallel} at a time, in the order given:
   * those trained, evaluated and published; the others go to {@code failures}.
   */
  private List<Trained> trainAll(Settings settings, DigitsDataset dataset, ModelRegistry registry, JavaSparkContext sc,
      List<SweepRecord.Failure> failures) throws InterruptedException {
    List<Candidate> candidates = settings.candidates();
    List<Trained> trained = new ArrayList<>();
    if (settings.parallel() <= 1) {
      for (Candidate candidate : candidates) {
        try {
          trained.add(train(candidate, settings.dataset(), dataset, registry));
        } catch (IOException | RuntimeException e) {
          failures.add(failed(candidate, e));
        }
      }
      return trained;
    }
    ExecutorService threads = Executors.newFixedThreadPool(Math.min(settings.parallel(), candidates.size()));
    try {
      List<Future<Trained>> futures = new ArrayList<>();
      for (Candidate candidate : candidates) {
        futures.add(threads.submit(() -> {
          // the thread's Spark jobs go to a pool of their own, which the FAIR scheduler shares the slots with
          sc.setLocalProperty(POOL, "sweep-" + candidate.name());
          try {
            return train(candidate, settings.dataset(), dataset, registry);
          } finally {
            sc.setLocalProperty(POOL, null);
          }
        }));
      }
      for (int i = 0; i < futures.size(); i++) {
        try {
          trained.add(futures.get(i).get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          failures.add(failed(candidates.get(i), e.getCause()));
        }
      }
      return trained;
    } finally {
      threads.shutdownNow();
    }
  }

  private static SweepRecord.Failure failed(Candidate candidate, Throwable cause) {
    LOG.warn("Sweep candidate {} failed, and the sweep goes on without it", candidate.name(), cause);
    String error = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    return new SweepRecord.Failure(candidate.name(), candidate.options(), error);
  }

  /** Trains, evaluates and publishes {@code candidate} as a new run; a run that fails leaves no staged files. */
  private Trained train(Candidate candidate, String datasetName, DigitsDataset dataset, ModelRegistry registry)
      throws IOException {
    StorageLayout runs = registry.runLayout();
    String runId = StorageLayout.newId();
    LOG.info("Sweep candidate {} ({}): run {}", candidate.name(), candidate.options(), runId);
    FileSystem fs = runs.fileSystem(spark.sparkContext().hadoopConfiguration());
    try {
      RunLifecycle.Outcome outcome = new RunLifecycle(spark, runs, RunLifecycle.Listener.SILENT).run(runId,
          RunPlan.of(datasetName, registry.name())
              .training(new RunPlan.Train(dataset.version(), candidate.network(), candidate.training(), false))
              .evaluating()
              .publishing());
      long parameters = ModelFiles.read(fs, new Path(runs.run(runId), StorageLayout.MODEL_FILE)).numParams();
      return new Trained(candidate, runId, outcome.training(), outcome.evaluation(), parameters);
    } catch (IOException | RuntimeException e) {
      fs.delete(runs.staging(runId), true);
      throw e;
    }
  }

  private static String mode(int parallel, boolean fair) {
    return parallel <= 1 ? "one after another" : "up to " + parallel + " side by side" + (fair ? "" : " (FIFO)");
  }

  /** Why the candidates ran as they did, and when the other way would have paid. */
  private static String modeReason(int parallel, boolean fair, int taskSlots, List<Trained> trained) {
    int mostWorkers = trained.stream().mapToInt(t -> t.training().workers()).max().orElse(0);
    String slots = String.format("The application has %d task slots; the candidates' trainings used up to %d "
        + "workers each, one task slot per worker.", taskSlots, mostWorkers);
    if (parallel <= 1) {
      return slots + (mostWorkers >= taskSlots
          ? " Each candidate kept every slot busy, so side by side (--parallel) would only have shared the same slots."
          : " Candidates left slots idle: --parallel K would run up to K side by side in FAIR scheduler pools and use them.");
    }
    if (!fair) {
      return slots + " --parallel " + parallel + " was asked for, but the scheduler is FIFO "
          + "(spark.scheduler.mode), so the candidates' jobs queued behind each other's rather than sharing the slots.";
    }
    return slots + " Each candidate ran in a FAIR scheduler pool of its own, sharing the slots with the others: that "
        + (mostWorkers >= taskSlots ? "only shares slots each candidate could fill alone, and pays little besides "
            + "overlapping one candidate's driver work (averaging, scoring) with another's tasks."
            : "uses the slots one candidate alone leaves idle.");
  }

  /** The record, its tables and its chart, written aside and moved to the sweep's folder whole. */
  private Path writeReport(FileSystem fs, SweepRecord record) throws IOException {
    Path target = layout.sweep(record.model(), record.sweepId());
    try (Scratch scratch = Scratch.claim(fs, layout, "sweep-" + record.sweepId(),
        ProcessOwner.current(record.sweepId()))) {
      JsonFiles.write(fs, new Path(scratch.path(), SweepReport.RECORD), record);
      SweepReport.write(fs, scratch.path(), record);
      HadoopFiles.commitDirectory(fs, scratch.path(), target);
    }
    return target;
  }
}
