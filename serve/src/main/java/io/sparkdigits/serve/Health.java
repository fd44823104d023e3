package io.sparkdigits.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * {@code GET /healthz}: 200 with the run served once a model is loaded, 503 before (a readiness
 * probe keeps traffic away until then) and once the run served is no longer in storage (the server
 * could not be started again); {@code GET /metrics}: Prometheus' text format.
 */
final class Health {
  static final String HEALTHZ = "/healthz";
  static final String METRICS = "/metrics";

  /** What {@code /healthz} says. */
  record Status(String status, String model, String runId) {}

  private final ModelSource models;
  private final ServerMetrics metrics;
  private final String model;

  Health(ModelSource models, ServerMetrics metrics, String model) {
    this.models = models;
    this.metrics = metrics;
    this.model = model;
  }

  void register(Javalin app) {
    app.get(HEALTHZ, this::healthz);
    app.get(METRICS, this::metrics);
  }

  /** The model to answer a request with; 503 while none is loaded. */
  static ServedModel requireModel(ModelSource models) {
    return models.current().orElseThrow(() -> new ApiError(503, "no model is loaded yet: see the server's log"));
  }

  private void healthz(Context ctx) {
    ServedModel served = models.current().orElse(null);
    if (served == null) {
      ctx.status(503).json(new Status("loading", model, null));
    } else if (models.servedRunGone()) {
      ctx.status(503).json(new Status("run-gone", model, served.runId()));
    } else {
      ctx.json(new Status("ok", model, served.runId()));
    }
  }

  private void metrics(Context ctx) throws java.io.IOException {
    ctx.contentType(metrics.contentType());
    metrics.writeTo(ctx.outputStream());
  }
}
