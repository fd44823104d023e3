package io.sparkdigits.jobs.cli;

import io.sparkdigits.jobs.AugmentJob;
import io.sparkdigits.jobs.EvaluateJob;
import io.sparkdigits.jobs.IngestJob;
import io.sparkdigits.jobs.ModelsJob;
import io.sparkdigits.jobs.PipelineJob;
import io.sparkdigits.jobs.PredictJob;
import io.sparkdigits.jobs.PublishJob;
import io.sparkdigits.jobs.RetrainJob;
import io.sparkdigits.jobs.SweepJob;
import io.sparkdigits.jobs.TrainJob;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The keys a configuration file may hold: the long option names, without dashes, of every
 * spark-digits job. One file serves all jobs (the bundled one sets {@code layers} for ingest too,
 * which has no such option), so a key is wrong only when no job has it.
 */
final class ConfigKeys {
  private static final List<Class<?>> JOBS = List.of(PipelineJob.class, IngestJob.class, AugmentJob.class,
      TrainJob.class, EvaluateJob.class, PublishJob.class, PredictJob.class, RetrainJob.class, ModelsJob.class,
      SweepJob.class);
  /** How far a key may be from a known one, in edits, to be offered as what was meant. */
  private static final int MAX_TYPO_EDITS = 2;

  private static final Set<String> KNOWN = known();

  private ConfigKeys() {}

  static boolean isKnown(String key) {
    return KNOWN.contains(key);
  }

  /** The known key closest to {@code key}, if it is near enough to be a typo of it. */
  static Optional<String> nearest(String key) {
    LevenshteinDistance distance = new LevenshteinDistance(MAX_TYPO_EDITS);
    return KNOWN.stream()
        .filter(known -> distance.apply(key, known) >= 0)
        .min(Comparator.comparingInt((String known) -> distance.apply(key, known)).thenComparing(known -> known));
  }

  private static Set<String> known() {
    Set<String> keys = new TreeSet<>();
    for (Class<?> job : JOBS) {
      options(CommandSpec.forAnnotatedObject(job))
          // --help, --version and --config itself mean nothing in a file
          .filter(option -> !option.usageHelp() && !option.versionHelp() && !option.longestName().equals(ConfigOption.NAME))
          .forEach(option -> keys.add(key(option)));
    }
    return keys;
  }

  private static Stream<OptionSpec> options(CommandSpec command) {
    return Stream.concat(command.options().stream(),
        command.subcommands().values().stream().flatMap(sub -> options(sub.getCommandSpec())));
  }

  /** The key of {@code option} in a configuration file: its long name without dashes. */
  static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }
}
