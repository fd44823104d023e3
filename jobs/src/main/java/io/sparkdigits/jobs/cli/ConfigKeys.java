package io.sparkdigits.jobs.cli;

import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The keys a configuration file may hold: the long option names, without dashes, of a command and
 * all its subcommands, which for {@code spark-digits} are every job. One file serves all jobs (the
 * bundled one sets {@code layers} for ingest too, which has no such option), so a key is wrong only
 * when no job has it.
 */
final class ConfigKeys {
  /** How far a key may be from a known one, in edits, to be offered as what was meant. */
  private static final int MAX_TYPO_EDITS = 2;

  private final Set<String> known;

  private ConfigKeys(Set<String> known) {
    this.known = known;
  }

  /** The keys of {@code command}'s options and of its subcommands', at every depth. */
  static ConfigKeys of(CommandSpec command) {
    Set<String> keys = new TreeSet<>();
    options(command)
        // --help, --version and --config itself mean nothing in a file
        .filter(option -> !option.usageHelp() && !option.versionHelp() && !option.longestName().equals(ConfigOption.NAME))
        .forEach(option -> keys.add(key(option)));
    return new ConfigKeys(keys);
  }

  boolean isKnown(String key) {
    return known.contains(key);
  }

  /** The known key closest to {@code key}, if it is near enough to be a typo of it. */
  Optional<String> nearest(String key) {
    LevenshteinDistance distance = new LevenshteinDistance(MAX_TYPO_EDITS);
    return known.stream()
        .filter(candidate -> distance.apply(key, candidate) >= 0)
        .min(Comparator.comparingInt((String candidate) -> distance.apply(key, candidate))
            .thenComparing(candidate -> candidate));
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
