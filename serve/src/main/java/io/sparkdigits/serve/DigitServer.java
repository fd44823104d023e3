package io.sparkdigits.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.json.JavalinJackson;
import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.registry.LegacyRuns;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction server: a model of the registry (its champion, followed as it changes, or one
 * fixed run) behind an HTTP API, with the pages at {@code /}. {@link #start} returns it running;
 * {@link #close} stops it. Each group of routes registers itself: {@link PredictionRoutes},
 * {@link RegistryRoutes}, {@link ReportFiles}, {@link Health}, and {@link WebPages} for the pages.
 */
public final class DigitServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DigitServer.class);

  private final Javalin app;
  private final ModelSource models;

  private DigitServer(Javalin app, ModelSource models) {
    this.app = app;
    this.models = models;
  }

  /**
   * Starts answering, then loads the model {@code settings} name from the storage root: the port is
   * taken first, so that one in use is said at once. A storage root, champion or run that is not
   * there is a {@link UsageException}; a run that cannot be loaded fails with the reason, except a
   * champion, which is retried while the server answers 503.
   */
  public static DigitServer start(ServeSettings settings, Configuration conf) throws IOException {
    StorageLayout layout = StorageLayout.at(settings.out(), conf);
    FileSystem fs = layout.fileSystem(conf);
    if (!fs.exists(layout.root())) {
      throw new UsageException("--out " + settings.out() + ": no such folder");
    }
    ModelRegistry registry = new ModelRegistry(fs, layout, settings.model());
    Optional<String> legacyNotice = new LegacyRuns(fs, layout).notice(settings.model());
    legacyNotice.ifPresent(LOG::warn);
    RunFolders runs = new RunFolders(fs, layout, registry);
    ServerMetrics metrics = new ServerMetrics();
    ModelSource models = models(settings, registry, runs, metrics, layout, legacyNotice);
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(ApiJson.MAPPER, false));
      config.http.maxRequestSize = settings.maxBodyBytes();
      config.http.prefer405over404 = true;
      config.requestLogger.http((ctx, millis) ->
          metrics.request(route(ctx), ctx.method().name(), ctx.statusCode(), millis / 1000.0));
      JettyAnswers.configure(config);
      WebPages.configure(config);
    });
    new PredictionRoutes(models, metrics, settings.maxBodyBytes(), settings.maxBatchImages()).register(app);
    new RegistryRoutes(models, registry, runs).register(app);
    new ReportFiles(runs).register(app);
    new Health(models, metrics, settings.model()).register(app);
    errorsAsJson(app);
    try {
      app.start(settings.host(), settings.port());
      models.start();
      return new DigitServer(app, models);
    } catch (Throwable e) {
      app.stop();
      models.close();
      throw e;
    }
  }

  /** Where the server will get its model, checked to be there; nothing is loaded yet. */
  private static ModelSource models(ServeSettings settings, ModelRegistry registry, RunFolders runs,
      ServerMetrics metrics, StorageLayout layout, Optional<String> legacyNotice) throws IOException {
    ModelLoader loader = new ModelLoader(settings.model(), runs, settings.networkCopies());
    if (settings.run().isPresent()) {
      String runId = settings.run().get();
      if (runs.find(runId).isEmpty()) {
        throw new UsageException("--run " + runId + ": no published run of that id in model " + settings.model()
            + "'s runs (" + registry.runLayout().runs() + ") nor in " + layout.legacyRuns());
      }
      return new FixedRun(runId, loader, runs, metrics, settings.pollInterval());
    }
    if (registry.currentChampion().isEmpty()) {
      throw new UsageException("model " + settings.model() + " has no champion under " + layout + ": "
          + legacyNotice.map(notice -> notice + ", then make one the champion with scripts/models.sh rollback RUN_ID")
              .orElse("train one with scripts/run-local.sh (a first run that reaches the floor becomes the champion), "
                  + "or make a run the champion with scripts/models.sh rollback RUN_ID")
          + "; or serve a run with --run RUN_ID");
    }
    return new ChampionWatcher(registry, loader, metrics, settings.pollInterval());
  }

  /**
   * Every error a JSON object of one line, {@code {"error": "..."}}, whatever raised it (Jetty's own
   * are {@link JettyAnswers}'). A request the client itself failed is one line without a stack.
   */
  private static void errorsAsJson(Javalin app) {
    app.exception(ApiError.class, (e, ctx) -> {
      e.retryAfterSeconds().ifPresent(seconds -> ctx.header("Retry-After", Integer.toString(seconds)));
      ctx.status(e.status()).json(ApiError.Body.of(e.getMessage()));
    });
    app.exception(MethodNotAllowedResponse.class, (e, ctx) -> {
      // its one detail is the methods the path has, joined with ", " as Allow wants them
      String allowed = String.join(", ", e.getDetails().values());
      ctx.status(e.getStatus()).header(Header.ALLOW, allowed)
          .json(ApiError.Body.of(ctx.req().getMethod() + " is not allowed on " + ctx.path() + ": use " + allowed));
    });
    app.exception(HttpResponseException.class,
        (e, ctx) -> ctx.status(e.getStatus()).json(ApiError.Body.of(e.getMessage())));
    app.exception(Exception.class, (e, ctx) -> {
      Optional<ClientFailure> clientFailure = ClientFailure.of(e);
      if (clientFailure.isPresent()) {
        LOG.warn("{} {} from {}: the client {}", ctx.method(), ctx.path(), ctx.ip(), clientFailure.get().what());
        ctx.status(clientFailure.get().status()).json(ApiError.Body.of("the client " + clientFailure.get().what()));
        return;
      }
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      ctx.status(500).json(ApiError.Body.of("internal error: " + e));
    });
  }

  /**
   * A request the client failed, not the server: what it did, and the status {@code /metrics} counts
   * it under (499 is nginx's "client closed request"; the answer can no longer reach the client).
   */
  private record ClientFailure(HttpStatus status, String what) {
    /** The client's failure that {@code e} is, or wraps, as Jetty tells it; empty for any other exception. */
    static Optional<ClientFailure> of(Throwable e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof EofException) {
          return Optional.of(new ClientFailure(HttpStatus.CLIENT_CLOSED_REQUEST,
              "closed the connection before its request was complete (" + cause.getMessage() + ")"));
        }
        if (cause instanceof TimeoutException) {
          return Optional.of(new ClientFailure(HttpStatus.REQUEST_TIMEOUT,
              "stopped sending its request (" + cause.getMessage() + ")"));
        }
      }
      return Optional.empty();
    }
  }

  /** The route a request matched, as a label of few values: its path template, never the path itself. */
  private static String route(Context ctx) {
    try {
      String path = ctx.endpointHandlerPath();
      return path == null || path.isEmpty() ? "unmatched" : path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }

  /** The port the server listens on: the one asked for, or the one found free for port 0. */
  public int port() {
    return app.port();
  }

  /** Where requests get their model: the champion being followed, or the fixed run. */
  public ModelSource models() {
    return models;
  }

  @Override
  public void close() {
    app.stop();
    models.close();
  }
}
