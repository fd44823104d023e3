package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.UsageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs a command line of jobs: a job, or a command whose subcommands are the jobs (or a job's own
 * commands). A mistake of the user's ends with one line on stderr: an unknown job, command or
 * option, an invalid value or anything else the project's own checks refuse with exit status 2, an
 * input file that cannot be read with 1. Anything else is a bug or an outage: exit status 1, and
 * its stack trace in full.
 */
public final class JobRunner {
  /** Exit status for a command line that could not be used. */
  public static final int USAGE_ERROR = 2;
  /** Exit status for a job that failed. */
  public static final int FAILED = 1;

  private JobRunner() {}

  /**
   * Runs {@code command}, a picocli command, with {@code args}; returns the exit status. A
   * configuration file may hold the options of {@code command} and of all its subcommands.
   */
  public static int run(Object command, String[] args) {
    CommandLine commandLine = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    Defaults defaults;
    try {
      defaults = defaults(args, ConfigKeys.of(commandLine.getCommandSpec()));
    } catch (UsageException e) {
      System.err.println(commandLine.getCommandName() + ": " + e.getMessage());
      return USAGE_ERROR;
    }
    commandLine.setDefaultValueProvider(defaults);
    commandLine.setParameterExceptionHandler((e, given) -> reportUsageError(e, defaults));
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> reportFailure(e, cmd));
    return commandLine.execute(args);
  }

  private static Defaults defaults(String[] args, ConfigKeys keys) {
    Defaults defaults = Defaults.bundled();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(ConfigOption.NAME) && i + 1 < args.length) {
        return defaults.overlaidWith(Path.of(args[i + 1]), keys);
      }
      if (args[i].startsWith(ConfigOption.NAME + "=")) {
        return defaults.overlaidWith(Path.of(args[i].substring(ConfigOption.NAME.length() + 1)), keys);
      }
    }
    return defaults;
  }

  private static int reportUsageError(ParameterException e, Defaults defaults) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String problem = !cmd.getSubcommands().isEmpty() ? noSuchSubcommand(e)
        : defaults.source(e.getArgSpec(), e.getValue()).map(setting -> setting + ": ").orElse("") + e.getMessage();
    err.println(cmd.getCommandName() + ": " + problem + " (see --help)");
    err.flush();
    return USAGE_ERROR;
  }

  /**
   * A mistake of a command of commands, found before any of them took the arguments: the first
   * argument is none of them (or an option given before one), or there is none. Named with the
   * commands there are, called what its usage calls them: spark-digits's JOB a job, models'
   * [COMMAND] a command.
   */
  private static String noSuchSubcommand(ParameterException e) {
    CommandLine cmd = e.getCommandLine();
    String noun = cmd.getCommandSpec().usageMessage().synopsisSubcommandLabel().replaceAll("\\W", "")
        .toLowerCase(Locale.ROOT);
    String names = String.join(", ", cmd.getSubcommands().keySet());
    return e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
        ? "unknown " + noun + " '" + unmatched.getUnmatched().get(0) + "': the " + noun + "s are " + names
        : "give a " + noun + ", one of " + names;
  }

  private static int reportFailure(Exception e, CommandLine cmd) {
    PrintWriter err = cmd.getErr();
    Throwable cause = UserErrors.find(e);
    if (cause != null) {
      err.println(cmd.getCommandName() + ": " + cause.getMessage());
      err.flush();
      return UserErrors.exitStatus(cause);
    }
    err.println(cmd.getCommandName() + ": failed: " + e);
    e.printStackTrace(err);
    err.flush();
    return FAILED;
  }

  /** A check of options that needs no Spark. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  /**
   * Runs {@code check} before Spark starts: its {@link UsageException} becomes a usage error with
   * the same message.
   */
  public static void validated(CommandSpec spec, Check check) throws Exception {
    try {
      check.run();
    } catch (UsageException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
