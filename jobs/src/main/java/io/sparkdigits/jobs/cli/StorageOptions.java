package io.sparkdigits.jobs.cli;

import io.sparkdigits.common.registry.ModelRegistry;
import io.sparkdigits.common.storage.StorageLayout;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

/** Where the datasets and runs live. */
public final class StorageOptions {
  @Option(names = "--out", paramLabel = "URI",
      description = "Storage root for datasets and runs: a Hadoop URI or local path (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "Name of the dataset under the storage root (default: ${DEFAULT-VALUE}).")
  String dataset;

  public StorageLayout layout(Configuration conf) throws IOException {
    return StorageLayout.at(out, conf);
  }

  /** The registry of model {@code name} under the storage root. */
  public ModelRegistry registry(String name, Configuration conf) throws IOException {
    StorageLayout layout = layout(conf);
    return new ModelRegistry(layout.fileSystem(conf), layout, name);
  }

  public String dataset() {
    return dataset;
  }
}
