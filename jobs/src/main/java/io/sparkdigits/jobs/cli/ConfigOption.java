package io.sparkdigits.jobs.cli;

import picocli.CommandLine.Option;

/**
 * {@code --config FILE}: a properties file whose keys replace the bundled defaults. It is read
 * before the other options are parsed (see {@link JobRunner}); the field only documents it.
 */
public final class ConfigOption {
  static final String NAME = "--config";

  @Option(names = NAME, paramLabel = "FILE",
      description = "Properties file of option defaults (keys are option names without dashes), "
          + "laid over the bundled conf/pipeline.properties.")
  String file;
}
