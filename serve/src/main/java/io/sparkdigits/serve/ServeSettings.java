package io.sparkdigits.serve;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.storage.StorageName;
import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link DigitServer} runs: the storage root and model it serves, the champion of its
 * registry or one fixed run, where it listens, how often it looks for a new champion, and the
 * limits on what a request may send.
 *
 * @param run a fixed run to serve instead of following the champion
 * @param port 0 for any free port
 * @param networkCopies copies of the network that answer requests at the same time
 */
public record ServeSettings(
    String out,
    String model,
    Optional<String> run,
    String host,
    int port,
    Duration pollInterval,
    long maxBodyBytes,
    int maxBatchImages,
    int networkCopies) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
  public static final long DEFAULT_MAX_BODY_BYTES = 2L << 20;
  public static final int DEFAULT_MAX_BATCH_IMAGES = 256;

  public ServeSettings {
    StorageName.require("--model", model);
    run.ifPresent(runId -> StorageName.require("--run", runId));
    if (port < 0 || port > 65535) {
      throw new UsageException("--port must lie in 0 to 65535 (0: any free port), got " + port);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new UsageException("--poll-interval must be positive, got " + pollInterval);
    }
    if (maxBodyBytes < 1) {
      throw new UsageException("--max-body-bytes must be positive, got " + maxBodyBytes);
    }
    if (maxBatchImages < 1) {
      throw new UsageException("--max-batch must be positive, got " + maxBatchImages);
    }
    if (networkCopies < 1) {
      throw new UsageException("--network-copies must be positive, got " + networkCopies);
    }
  }

  /** The champion of model {@code model} under {@code out}, on a free loopback port, with the defaults otherwise. */
  public static ServeSettings following(String out, String model) {
    return new ServeSettings(out, model, Optional.empty(), DEFAULT_HOST, 0, DEFAULT_POLL_INTERVAL,
        DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BATCH_IMAGES, defaultNetworkCopies());
  }

  /** One network copy per core: a forward pass of one image is single-threaded (see docs/serving.md). */
  public static int defaultNetworkCopies() {
    return Runtime.getRuntime().availableProcessors();
  }

  public boolean followsChampion() {
    return run.isEmpty();
  }

  public ServeSettings withRun(String runId) {
    return new ServeSettings(out, model, Optional.of(runId), host, port, pollInterval, maxBodyBytes, maxBatchImages,
        networkCopies);
  }

  public ServeSettings withPollInterval(Duration interval) {
    return new ServeSettings(out, model, run, host, port, interval, maxBodyBytes, maxBatchImages, networkCopies);
  }

  public ServeSettings withMaxBodyBytes(long bytes) {
    return new ServeSettings(out, model, run, host, port, pollInterval, bytes, maxBatchImages, networkCopies);
  }

  public ServeSettings withNetworkCopies(int copies) {
    return new ServeSettings(out, model, run, host, port, pollInterval, maxBodyBytes, maxBatchImages, copies);
  }
}
