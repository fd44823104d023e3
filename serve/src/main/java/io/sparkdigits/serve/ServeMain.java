package io.sparkdigits.serve;

import io.javalin.util.JavalinBindException;
import io.sparkdigits.core.InputFileException;
import io.sparkdigits.core.UsageException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code scripts/serve.sh}: serves the champion of a model of the registry (or one fixed run) over
 * HTTP until stopped, in a plain JVM with no Spark. Its defaults for {@code --out} and
 * {@code --model} are the jobs' own, from {@code conf/pipeline.properties}. A mistake of the user's
 * (an invalid option, no storage root, no champion, a port in use) ends with one line on stderr and
 * exit status 2; a run that cannot be read with one line and 1; anything else with its stack trace and 1.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the champion of a model of the registry over HTTP: POST /api/predict, GET /api/model, "
        + "/api/registry, /healthz, /metrics, and the pages at /. Follows promotions and rollbacks by itself.")
public final class ServeMain implements Callable<Integer> {
  static final int USAGE_ERROR = 2;
  static final int FAILED = 1;
  private static final String BUNDLED_DEFAULTS = "/pipeline.properties";

  @Option(names = "--out", paramLabel = "URI",
      description = "Storage root of the registry: a Hadoop URI or local path (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(names = "--model", paramLabel = "NAME", description = "The model's name in the registry (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--run", paramLabel = "RUN_ID",
      description = "Serve this published run and never change it, instead of following the champion.")
  String run;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServeSettings.DEFAULT_HOST,
      description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every "
          + "interface, as in a container).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ServeSettings.DEFAULT_PORT,
      description = "The port to listen on; 0 for any free port, printed at start (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--poll-interval", paramLabel = "SECONDS", defaultValue = "2",
      description = "How often to look for a new champion (with --run: whether the run is still there), in seconds "
          + "(default: ${DEFAULT-VALUE}).")
  double pollSeconds;

  @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "" + ServeSettings.DEFAULT_MAX_BODY_BYTES,
      description = "The largest request body accepted; a larger one gets 413 (default: ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(names = "--max-batch", paramLabel = "IMAGES", defaultValue = "" + ServeSettings.DEFAULT_MAX_BATCH_IMAGES,
      description = "The most images in one request to /api/predict/batch (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(names = "--network-copies", paramLabel = "N",
      description = "Copies of the network answering at the same time (default: one per core, here ${DEFAULT-VALUE}).")
  int networkCopies = ServeSettings.defaultNetworkCopies();

  public static void main(String[] args) {
    int status = run(args, new PrintWriter(System.err, true));
    if (status != 0) {
      System.exit(status);
    }
    // status 0: the server runs on Jetty's threads until the JVM is stopped
  }

  /**
   * Starts the server for {@code args}; returns 0 once it listens, or the exit status of why it could not,
   * said in one line on {@code err}.
   */
  static int run(String[] args, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new ServeMain())
        .setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(bundledDefaults()))
        .setErr(err);
    commandLine.setParameterExceptionHandler(ServeMain::usageError);
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd));
    return commandLine.execute(args);
  }

  @Override
  public Integer call() throws IOException {
    if (!(pollSeconds > 0) || Double.isInfinite(pollSeconds)) {
      throw new UsageException("--poll-interval must be a positive number of seconds, got " + pollSeconds);
    }
    ServeSettings settings = new ServeSettings(out, model, Optional.ofNullable(run), host, port,
        Duration.ofMillis(Math.max(1, Math.round(pollSeconds * 1000))), maxBodyBytes, maxBatch, networkCopies);
    DigitServer server;
    try {
      server = DigitServer.start(settings, new Configuration());
    } catch (JavalinBindException e) {
      throw new UsageException("--host " + host + " --port " + port + ": cannot listen there: " + e.getMessage());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "serve-shutdown"));
    ServedModel served = server.models().current().orElse(null);
    String shownHost = "0.0.0.0".equals(host) ? "localhost" : host;
    System.out.printf("Serving model %s (%s) on http://%s:%d/%n", model,
        served == null ? "no run loaded yet: see the log"
            : "run " + served.runId() + (settings.followsChampion() ? ", following the champion" : ", fixed"),
        shownHost, server.port());
    System.out.flush();
    return 0;
  }

  private static Properties bundledDefaults() {
    Properties defaults = new Properties();
    try (InputStream in = ServeMain.class.getResourceAsStream(BUNDLED_DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLED_DEFAULTS + " is missing from the server's jar");
      }
      defaults.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return defaults;
  }

  private static int usageError(ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("serve: " + e.getMessage() + " (see --help)");
    err.flush();
    return USAGE_ERROR;
  }

  private static int failure(Exception e, CommandLine cmd) {
    PrintWriter err = cmd.getErr();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UsageException || t instanceof InputFileException || t instanceof FileNotFoundException) {
        err.println("serve: " + t.getMessage());
        err.flush();
        return t instanceof UsageException ? USAGE_ERROR : FAILED;
      }
    }
    err.println("serve: failed: " + e);
    e.printStackTrace(err);
    err.flush();
    return FAILED;
  }
}
