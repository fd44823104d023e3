package io.sparkdigits.common.registry;

import io.sparkdigits.common.json.Json;
import io.sparkdigits.common.storage.HadoopFiles;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock that lets one retraining run of a model at a time train and promote: a file created
 * exclusively ({@link HadoopFiles#createExclusively}) that names its owner, and whose modification
 * time the owner renews while it holds it. A lock that has not been renewed for {@code staleAfter}
 * belongs to a run that died; the next run takes it over, moving it aside under a name of its own
 * first, a rename that only one of several takers can win.
 */
public final class RegistryLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryLock.class);
  private static final Duration POLL = Duration.ofSeconds(2);

  /** Who holds a lock. */
  public record Owner(String runId, String host, long pid, String acquiredAt) {
    public static Owner of(String runId) {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown";
      }
      return new Owner(runId, host, ProcessHandle.current().pid(), Instant.now().toString());
    }
  }

  /** The lock is held by another run that is alive. */
  public static final class HeldException extends IOException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  private final FileSystem fs;
  private final Path path;
  private final Owner owner;
  private final ScheduledExecutorService heartbeat;

  private RegistryLock(FileSystem fs, Path path, Owner owner, Duration staleAfter) {
    this.fs = fs;
    this.path = path;
    this.owner = owner;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "registry-lock-heartbeat");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(1, staleAfter.toMillis() / 4);
    heartbeat.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lock at {@code path} for {@code owner}, waiting up to {@code waitFor} for a live
   * holder to let go; a holder silent for {@code staleAfter} is taken over.
   */
  public static RegistryLock acquire(FileSystem fs, Path path, Owner owner, Duration staleAfter, Duration waitFor)
      throws IOException, InterruptedException {
    byte[] content = Json.mapper().writeValueAsBytes(owner);
    Instant giveUp = Instant.now().plus(waitFor);
    while (true) {
      if (HadoopFiles.createExclusively(fs, path, content)) {
        return new RegistryLock(fs, path, owner, staleAfter);
      }
      FileStatus held;
      try {
        held = fs.getFileStatus(path);
      } catch (java.io.FileNotFoundException released) {
        continue;
      }
      Duration silent = Duration.ofMillis(System.currentTimeMillis() - held.getModificationTime());
      if (silent.compareTo(staleAfter) > 0) {
        Path aside = new Path(path.getParent(), "_stale-lock-" + UUID.randomUUID());
        if (fs.rename(path, aside)) {
          LOG.warn("Took over the lock {} of {}, silent for {} s", path, describe(fs, aside), silent.toSeconds());
          fs.delete(aside, false);
        }
        continue;
      }
      if (Instant.now().isAfter(giveUp)) {
        throw new HeldException("the model is being retrained by " + describe(fs, path) + " (lock " + path
            + ", renewed " + silent.toSeconds() + " s ago)");
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static String describe(FileSystem fs, Path lock) {
    try {
      Owner owner = Json.read(fs, lock, Owner.class);
      return "run " + owner.runId() + " on " + owner.host() + " (pid " + owner.pid() + ") since " + owner.acquiredAt();
    } catch (IOException | RuntimeException e) {
      return "another run";
    }
  }

  private void renew() {
    try {
      fs.setTimes(path, System.currentTimeMillis(), -1);
    } catch (IOException e) {
      LOG.warn("Could not renew the lock {}: another run may take it over", path, e);
    }
  }

  /** Stops renewing the lock without letting go of it, as a run that dies does. */
  void abandon() {
    heartbeat.shutdownNow();
  }

  /** Lets go of the lock, unless another run took it over in the meantime. */
  @Override
  public void close() throws IOException {
    heartbeat.shutdownNow();
    try {
      if (Json.read(fs, path, Owner.class).equals(owner)) {
        fs.delete(path, false);
      }
    } catch (java.io.FileNotFoundException taken) {
      LOG.warn("The lock {} was gone when run {} let go of it", path, owner.runId());
    }
  }
}
