package io.sparkdigits.jobs.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.json.Json;
import io.sparkdigits.spark.pipeline.SweepStage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The candidates of a sweep, each a name and training options written as on the command line
 * ({@code --layers 784-128-64-10 --learning-rate 0.001}), over the sweep's own network and training
 * options, which give every candidate what it does not set. From a JSON file, {@code {"candidates":
 * [{"name": ..., "options": ...}, ...]}}, or from a grid: every combination of the values of
 * {@code --grid OPTION=V1,V2,...}. A candidate that cannot be parsed is refused with its name,
 * before Spark starts.
 */
public final class SweepCandidates {
  /** A candidates file. */
  record CandidatesFile(String description, List<Entry> candidates) {}

  /** One candidate of a candidates file. */
  record Entry(String name, String options) {}

  /** A candidate's options, parsed as a command line of their own. */
  @Command(name = "candidate")
  static final class CandidateCommand {
    @Mixin NetworkOptions network;
    @Mixin TrainingOptions training;
  }

  private SweepCandidates() {}

  /** The candidates of the JSON file {@code file} (any Hadoop URI), over the sweep's options {@code base}. */
  public static List<SweepStage.Candidate> fromFile(String option, String file, CommandSpec base, Configuration conf)
      throws IOException {
    Path path = PathOption.of(option, file);
    CandidatesFile parsed;
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      // a misspelt key would otherwise leave a candidate without its options, without a word
      parsed = Json.mapper().readerFor(CandidatesFile.class)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(in);
    } catch (FileNotFoundException e) {
      throw new UsageException(option + " " + file + ": no such file");
    } catch (JacksonException e) {
      throw new UsageException(option + " " + file + ": not a candidates file ({\"candidates\": [{\"name\": ..., "
          + "\"options\": ...}]}): " + Json.problem(e));
    }
    if (parsed == null || parsed.candidates() == null || parsed.candidates().isEmpty()) {
      throw new UsageException(option + " " + file + ": no candidates in it");
    }
    List<SweepStage.Candidate> candidates = new ArrayList<>();
    for (Entry entry : parsed.candidates()) {
      if (entry.name() == null || entry.name().isBlank()) {
        throw new UsageException(option + " " + file + ": candidate " + (candidates.size() + 1) + " has no name");
      }
      candidates.add(parse(option + " " + file, entry.name(), entry.options() == null ? "" : entry.options(), base));
    }
    return unique(option + " " + file, candidates);
  }

  /** Every combination of the grid's values, the first option's varying slowest, over the sweep's options {@code base}. */
  public static List<SweepStage.Candidate> fromGrid(String option, List<String> grid, CommandSpec base) {
    List<List<String>> combinations = List.of(List.of());
    for (String axis : grid) {
      int equals = axis.indexOf('=');
      if (equals < 1 || equals == axis.length() - 1) {
        throw new UsageException(option + " " + axis + ": write it OPTION=VALUE,VALUE,... such as "
            + "learning-rate=0.001,0.004");
      }
      String name = axis.substring(0, equals).replaceFirst("^-+", "");
      List<List<String>> extended = new ArrayList<>();
      for (List<String> combination : combinations) {
        for (String value : axis.substring(equals + 1).split(",")) {
          List<String> longer = new ArrayList<>(combination);
          longer.add(name + "=" + value.trim());
          extended.add(longer);
        }
      }
      combinations = extended;
    }
    List<SweepStage.Candidate> candidates = new ArrayList<>();
    for (List<String> combination : combinations) {
      candidates.add(parse(option, String.join(" ", combination),
          String.join(" ", combination.stream().map(setting -> "--" + setting).toList()), base));
    }
    return unique(option, candidates);
  }

  /** Candidate {@code name}'s {@code options}, each option not among them taking its value in {@code base}. */
  static SweepStage.Candidate parse(String source, String name, String options, CommandSpec base) {
    CandidateCommand command = new CandidateCommand();
    CommandLine commandLine = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
        .setDefaultValueProvider(argument -> {
          OptionSpec option = argument instanceof OptionSpec given ? base.findOption(given.longestName()) : null;
          Object value = option == null ? null : option.getValue();
          return value == null ? null : String.valueOf(value);
        });
    String[] args = options.isBlank() ? new String[0] : options.trim().split("\\s+");
    try {
      commandLine.parseArgs(args);
      return new SweepStage.Candidate(name, options.trim(), command.network.spec(), command.training.spec());
    } catch (ParameterException | UsageException e) {
      throw new UsageException(source + ": candidate '" + name + "': " + e.getMessage());
    }
  }

  private static List<SweepStage.Candidate> unique(String source, List<SweepStage.Candidate> candidates) {
    Set<String> names = new HashSet<>();
    for (SweepStage.Candidate candidate : candidates) {
      if (!names.add(candidate.name())) {
        throw new UsageException(source + ": two candidates are named '" + candidate.name() + "'");
      }
    }
    return candidates;
  }
}
