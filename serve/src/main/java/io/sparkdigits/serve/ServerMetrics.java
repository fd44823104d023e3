package io.sparkdigits.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What the server counts, in Prometheus' text format at {@code /metrics}: requests by route,
 * method and status, the errors among them, a latency histogram by route, the images scored, the
 * run served (an info metric), model swaps and failed loads, and the JVM's own metrics.
 *
 * <p>Prometheus' Java client rather than Micrometer: Prometheus is the one backend, and its
 * labelled counters, classic histogram and info metric are exactly what {@code /metrics} shows,
 * with no facade between (Micrometer's Prometheus registry is this same client underneath). Each
 * server has its own registry, so that servers in one JVM (the tests) count apart.
 */
final class ServerMetrics {
  /** From 1 ms, the forward pass of one image, to 10 s, a request that waited for the whole pool. */
  private static final double[] LATENCY_BOUNDS =
      {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests = Counter.builder().name("http_requests_total")
      .help("HTTP requests answered, by route, method and status").labelNames("route", "method", "status")
      .register(registry);
  private final Counter errors = Counter.builder().name("http_request_errors_total")
      .help("HTTP requests answered with a 4xx or 5xx status, by route and status").labelNames("route", "status")
      .register(registry);
  private final Histogram latency = Histogram.builder().name("http_request_duration_seconds")
      .help("Time to answer an HTTP request, by route").labelNames("route").classicOnly()
      .classicUpperBounds(LATENCY_BOUNDS).register(registry);
  private final Counter images = Counter.builder().name("serve_images_predicted_total")
      .help("Images the served model scored").register(registry);
  private final Info served = Info.builder().name("serve_model_info")
      .help("The run being served: its model and run id").labelNames("model", "run_id").register(registry);
  private final Counter swaps = Counter.builder().name("serve_model_swaps_total")
      .help("Times a newly loaded model replaced the one served (the first load included)").register(registry);
  private final Counter loadFailures = Counter.builder().name("serve_model_load_failures_total")
      .help("Models that could not be loaded or failed their checks; the model served before stays").register(registry);

  ServerMetrics() {
    JvmMetrics.builder().register(registry);
  }

  void request(String route, String method, int status, double seconds) {
    requests.labelValues(route, method, Integer.toString(status)).inc();
    if (status >= 400) {
      errors.labelValues(route, Integer.toString(status)).inc();
    }
    latency.labelValues(route).observe(seconds);
  }

  void predicted(int count) {
    images.inc(count);
  }

  void swappedTo(ServedModel model) {
    served.setLabelValues(model.model(), model.runId());
    swaps.inc();
  }

  void loadFailed() {
    loadFailures.inc();
  }

  String contentType() {
    return writer.getContentType();
  }

  void writeTo(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }
}
