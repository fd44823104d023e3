package io.sparkdigits.core.storage;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where everything lives under the storage root, a Hadoop URI ({@code file:}, {@code hdfs:},
 * {@code s3a:}). The one place that knows the layout:
 *
 * <pre>
 * ROOT/datasets/NAME/           a dataset: its versions, each written once and never changed
 *   VERSION/                      one version: Parquet partitioned by split=train|test, and _manifest.json
 *   _versions/NNNNNNNNNN.json     the version log: the highest number names the current version
 *   split=.../, _manifest.json    a dataset ingested before versions existed, read as version "legacy"
 * ROOT/models/NAME/             the registry of model NAME (default digits), where every run is published:
 *   runs/RUN_ID/                  a published run: model.zip, metrics.json, confusion-matrix.csv, report/,
 *                                 and fingerprints.json (what it trained on) when retraining made it
 *   _staging/RUN_ID/              retraining's and sweeps' runs in progress, with their training checkpoints
 *   decisions/RUN_ID.json         whether each run became the champion when published, and why
 *   champion/NNNNNNNNNN.json      the champion pointer log: the highest number is the champion
 *   _retrain-lock/NNNNNNNNNN.json the retraining lock's newest generations: who holds it, or that it was let go
 *   _retention-lock/NNNNNNNNNN.json the same for the lock that deleting old runs and a rollback take
 * ROOT/_staging/RUN_ID/         a run of the pipeline or of the single-step jobs in progress; moved to its
 *                               model's runs/ in one rename when complete
 * ROOT/_staging/_RUN_ID.owner.json  the process working on it, until it ends well (a dead one's run is removed)
 * ROOT/runs/RUN_ID/             a run published before every run belonged to a model: still read and
 *                               served by id; {@code models migrate} moves it into a model
 * ROOT/predictions/ID/          Parquet predictions of the predict job, unless it was given a place
 * ROOT/_tmp/                    scratch space: outputs being written, before their commit, each with
 *                               its owner beside it as _staging's runs
 * </pre>
 *
 * Names starting with {@code _} are hidden from Hadoop and Spark readers listing the root. Every
 * NAME, RUN_ID, VERSION and ID is one path segment ({@link StorageName}), refused otherwise: no name
 * reaches outside the folder it is meant for, whatever a caller checked before.
 */
public final class StorageLayout implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  public static final String MODEL_FILE = "model.zip";
  public static final String METRICS_FILE = "metrics.json";
  public static final String CONFUSION_MATRIX_FILE = "confusion-matrix.csv";
  public static final String TRAINING_FILE = "training.json";
  public static final String EVALUATION_FILE = "evaluation.json";
  public static final String MANIFEST_FILE = "_manifest.json";

  /**
   * How long a run that gives no sign of life another process can check is taken to be still going
   * on: a run reading a superseded dataset version (readers leave no trace), a staged run or scratch
   * directory whose owner cannot be asked (it ran on another host, or by older code). Nothing of
   * these is renewed, so the grace must outlast any run, and the pause between a standalone train
   * and its evaluate and publish over a weekend: a week. Not the registry locks' {@code
   * --lock-stale-after}: a lock holder renews its lock as it works, so a few minutes of silence
   * already mean it is gone (docs/storage.md, "When silence means a run is gone").
   */
  public static final Duration SILENT_RUN_GRACE = Duration.ofDays(7);

  private final String root;
  /**
   * Where runs are staged: the root (the pipeline, the single-step jobs), or a model's folder in the
   * registry (retraining, sweeps), whose runs/ is where every run is published.
   */
  private final String runsParent;

  private StorageLayout(String root, String runsParent) {
    this.root = root;
    this.runsParent = runsParent;
  }

  /** The layout under {@code root}, made absolute (a relative local path resolves against the working directory). */
  public static StorageLayout at(String root, Configuration conf) throws IOException {
    Path path = new Path(root);
    String qualified = path.getFileSystem(conf).makeQualified(path).toString();
    return new StorageLayout(qualified, qualified);
  }

  /** The same storage root with runs staged and published in model {@code name}'s registry folder. */
  public StorageLayout forModel(String name) {
    return new StorageLayout(root, model(name).toString());
  }

  /** The registry folder of model {@code name}. */
  public Path model(String name) {
    return new Path(new Path(root, "models"), StorageName.require("model", name));
  }

  /**
   * A new id of a run, a dataset version, a sweep or a batch of predictions: UTC time for sorting,
   * plus a random suffix so that two made in one second differ.
   */
  public static String newId() {
    return RUN_ID_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  public Path root() {
    return new Path(root);
  }

  public FileSystem fileSystem(Configuration conf) throws IOException {
    return root().getFileSystem(conf);
  }

  public Path dataset(String name) {
    return new Path(new Path(root, "datasets"), StorageName.require("dataset", name));
  }

  /** Version {@code version} of dataset {@code name}: its Parquet and its manifest. */
  public Path datasetVersion(String name, String version) {
    return new Path(dataset(name), StorageName.require("dataset version", version));
  }

  /** Dataset {@code name}'s version log: one file per version that became current, numbered in order. */
  public Path datasetVersionLog(String name) {
    return new Path(dataset(name), "_versions");
  }

  public Path runs() {
    return new Path(runsParent, "runs");
  }

  public Path run(String runId) {
    return new Path(runs(), StorageName.require("run id", runId));
  }

  /** Where runs were published before every run belonged to a model: {@code ROOT/runs}. */
  public Path legacyRuns() {
    return new Path(root, "runs");
  }

  public Path legacyRun(String runId) {
    return new Path(legacyRuns(), StorageName.require("run id", runId));
  }

  public Path predictions(String id) {
    return new Path(new Path(root, "predictions"), StorageName.require("predictions id", id));
  }

  public Path staging(String runId) {
    return new Path(stagingArea(), StorageName.require("run id", runId));
  }

  public Path stagingArea() {
    return new Path(runsParent, "_staging");
  }

  /** Scratch space: what is being written before it is committed ({@link Scratch#claim}). */
  public Path scratch() {
    return new Path(root, "_tmp");
  }

  /** The retraining decision about run {@code runId} of model {@code name}. */
  public Path decision(String name, String runId) {
    return new Path(new Path(model(name), "decisions"), StorageName.require("run id", runId) + ".json");
  }

  /** Sweep {@code sweepId} of model {@code name}: its record and report. */
  public Path sweep(String name, String sweepId) {
    return new Path(new Path(model(name), "sweeps"), StorageName.require("sweep id", sweepId));
  }

  /** Model {@code name}'s champion pointer log: one file per promotion, numbered in order. */
  public Path championLog(String name) {
    return new Path(model(name), "champion");
  }

  /** Model {@code name}'s retraining lock: a folder of numbered generations (not the single file of earlier versions). */
  public Path lock(String name) {
    return new Path(model(name), "_retrain-lock");
  }

  /**
   * Model {@code name}'s retention lock, held for the seconds that deleting its old runs or a
   * rollback takes ({@code ModelRegistry#retain}, {@code ModelRegistry#rollBackTo}).
   */
  public Path retentionLock(String name) {
    return new Path(model(name), "_retention-lock");
  }

  @Override
  public String toString() {
    return root;
  }
}
