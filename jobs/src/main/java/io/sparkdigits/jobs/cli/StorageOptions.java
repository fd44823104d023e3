package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.spark.dataset.DatasetVersions;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Option;

/** Where the datasets and runs live. */
public final class StorageOptions {
  static final String OUT = "--out";

  @Option(names = OUT, paramLabel = "URI",
      description = "Storage root for datasets and runs: a Hadoop URI or local path (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(names = "--dataset", paramLabel = "NAME", converter = NameOption.class,
      description = "Name of the dataset under the storage root (default: ${DEFAULT-VALUE}).")
  String dataset;

  public StorageLayout layout(Configuration conf) throws IOException {
    return StorageLayout.at(PathOption.of(OUT, out).toString(), conf);
  }

  /** The registry of model {@code name} under the storage root. */
  public ModelRegistry registry(String name, Configuration conf) throws IOException {
    StorageLayout layout = layout(conf);
    return new ModelRegistry(layout.fileSystem(conf), layout, name);
  }

  public String dataset() {
    return dataset;
  }

  /** The same storage root with dataset {@code name}: the augmented dataset a pipeline trains on. */
  public StorageOptions withDataset(String name) {
    StorageOptions other = new StorageOptions();
    other.out = out;
    other.dataset = name;
    return other;
  }

  /**
   * Checks, before Spark starts, that the job can write under the storage root (which it creates
   * when it does not exist yet), rather than failing after its first stage.
   */
  public void requireWritable(Configuration conf) throws IOException {
    requireWritable(OUT, out, layout(conf).root(), conf);
  }

  /** Checks that files can be written in folder {@code dir}, which option {@code option} with {@code value} names. */
  public static void requireWritable(String option, String value, Path dir, Configuration conf) throws IOException {
    try {
      HadoopFiles.requireWritable(dir.getFileSystem(conf), dir);
    } catch (IOException e) {
      throw new UsageException(option + " " + value + ": cannot write there: " + e.getMessage());
    }
  }

  /** Checks that the storage root exists, for a job that only reads it. */
  public void requireExists(Configuration conf) throws IOException {
    Path root = layout(conf).root();
    if (!root.getFileSystem(conf).exists(root)) {
      throw new UsageException(OUT + " " + out + ": no such folder");
    }
  }

  /** Checks that the dataset was ingested, that it can be trained on, and that {@code network} can learn it. */
  public void requireDatasetFor(NetworkSpec network, Configuration conf) throws IOException {
    DatasetManifest manifest = manifest(conf);
    manifest.requireTrainable("dataset '" + dataset + "'");
    network.requireFits(manifest.rows(), manifest.columns(), manifest.numClasses(), "dataset '" + dataset + "'");
  }

  /** The manifest of the dataset's current version, which must have been ingested. */
  public DatasetManifest manifest(Configuration conf) throws IOException {
    StorageLayout layout = layout(conf);
    return new DatasetVersions(layout.fileSystem(conf), layout, dataset).current()
        .orElseThrow(() -> new UsageException("--dataset " + dataset + ": no such dataset under " + layout
            + ": ingest it first"))
        .manifest();
  }
}
