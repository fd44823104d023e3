package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.storage.StorageLayout;
import picocli.CommandLine.Option;

/** Which run a job works on. */
public final class RunOptions {
  @Option(names = "--run-id", paramLabel = "ID", converter = NameOption.class,
      description = "Id of the run; a new one is made when training starts without it.")
  String runId;

  /** The given run id, or a new one. */
  public String runIdOrNew() {
    if (runId == null) {
      runId = StorageLayout.newId();
    }
    return runId;
  }
}
