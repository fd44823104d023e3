package io.sparkdigits.core.registry;

import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.NumberedLog;
import io.sparkdigits.core.storage.NumberedLog.Entry;
import io.sparkdigits.core.storage.ProcessOwner;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock of a model's registry: the one that spares a model a second retraining at the same time
 * (advisory: promotions are safe without it, each a compare-and-swap on the champion pointer log,
 * {@link ModelRegistry#decideAndPromote}), and the one that keeps a rollback and the deletion of old
 * runs apart ({@link ModelRegistry#retain}).
 *
 * <p>The lock is a short log of generations in one folder ({@link NumberedLog}): the newest says who
 * holds the lock, or that it was let go. Taking it is a compare-and-swap as well: a run that finds
 * generation N free (let go, or its holder stale) may only create generation N + 1, exclusively, so
 * of several runs that found N stale one creates N + 1 and the others find it held. No run deletes
 * or replaces what another has just taken. The holder renews the modification time of its own
 * generation, and only while that is the newest: a holder taken over finds a newer generation, says
 * so loudly and stops renewing. Letting go appends a released generation after the holder's, which
 * fails when another run took the lock over in the meantime.
 *
 * <p>A holder is stale when its process is gone from this host ({@link ProcessOwner#isDeadOnThisHost},
 * at once), or when its generation was not renewed for {@code staleAfter} (a holder on another host;
 * the hosts' clocks are taken to agree to well within that).
 *
 * <p>Each new holder deletes the generations before its own, so the folder keeps a few small files
 * ({@link NumberedLog#newestOnly}, which counts a generation as taken only when it is the newest).
 */
public final class RegistryLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryLock.class);
  private static final Duration SHORTEST_POLL = Duration.ofMillis(10);
  private static final Duration LONGEST_POLL = Duration.ofSeconds(2);

  /** A generation of the lock: taken by {@code holder} at {@code at}, or ({@code released}) let go by it. */
  record Generation(ProcessOwner holder, String at, boolean released) {}

  /** The lock is held by another run that is alive. */
  public static final class HeldException extends IOException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  private final FileSystem fs;
  private final Path folder;
  private final NumberedLog<Generation> generations;
  private final long generation;
  private final ProcessOwner owner;
  private final ScheduledExecutorService heartbeat;

  private RegistryLock(FileSystem fs, Path folder, NumberedLog<Generation> generations, long generation,
      ProcessOwner owner, Duration staleAfter) {
    this.fs = fs;
    this.folder = folder;
    this.generations = generations;
    this.generation = generation;
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
   * Takes the lock kept in {@code folder} for {@code owner}, waiting up to {@code waitFor} for a live
   * holder to let go; a stale holder is taken over. {@code activity} says what a holder does to the
   * model, for the message of a lock found held ("being retrained").
   */
  public static RegistryLock acquire(FileSystem fs, Path folder, String activity, ProcessOwner owner,
      Duration staleAfter, Duration waitFor) throws IOException, InterruptedException {
    HadoopFiles.requireAtomicExclusiveCreate(fs, "the lock " + folder + " cannot be taken safely there");
    NumberedLog<Generation> generations = NumberedLog.newestOnly(fs, folder, Generation.class);
    Instant giveUp = Instant.now().plus(waitFor);
    Duration poll = clamp(staleAfter.dividedBy(4), SHORTEST_POLL, LONGEST_POLL);
    while (true) {
      Optional<Entry<Generation>> taken = generations.update(Integer.MAX_VALUE, latest -> {
        if (latest.isEmpty() || latest.get().value().released()) {
          return Optional.of(new Generation(owner, Instant.now().toString(), false));
        }
        Generation held = latest.get().value();
        long renewed = fs.getFileStatus(generations.file(latest.get().number())).getModificationTime();
        Duration silent = Duration.ofMillis(System.currentTimeMillis() - renewed);
        boolean gone = held.holder().isDeadOnThisHost();
        if (!gone && silent.compareTo(staleAfter) <= 0) {
          if (Instant.now().isAfter(giveUp)) {
            throw new HeldException("the model is " + activity + " by " + held.holder().describe() + " since "
                + held.at() + " (lock " + folder + ", renewed " + silent.toSeconds() + " s ago)");
          }
          return Optional.empty();
        }
        LOG.warn("Taking over the lock {} from {}: {}", folder, held.holder().describe(),
            gone ? "its process is gone" : "silent for " + silent.toSeconds() + " s");
        return Optional.of(new Generation(owner, Instant.now().toString(), false));
      });
      if (taken.isPresent()) {
        return new RegistryLock(fs, folder, generations, taken.get().number(), owner, staleAfter);
      }
      // held by a live holder: wait for it to let go or fall silent
      Thread.sleep(poll.toMillis());
    }
  }

  private static Duration clamp(Duration duration, Duration shortest, Duration longest) {
    return duration.compareTo(shortest) < 0 ? shortest : duration.compareTo(longest) > 0 ? longest : duration;
  }

  /** The number of this holder's generation: no other run held the lock under it. */
  long generation() {
    return generation;
  }

  /** Touches this holder's generation while it is still the newest; stops for good once it is not. */
  private void renew() {
    String lostTo;
    try {
      Optional<Entry<Generation>> latest = generations.latest();
      if (latest.map(Entry::number).orElse(0L) == generation) {
        fs.setTimes(generations.file(generation), System.currentTimeMillis(), -1);
        return;
      }
      lostTo = latest.map(entry -> "generation " + entry.number() + (entry.value().released() ? " let go by "
          : " held by ") + entry.value().holder().describe() + " is newer").orElse("no generation is left");
    } catch (FileNotFoundException deleted) {
      lostTo = "a newer holder deleted it";
    } catch (IOException e) {
      LOG.warn("Could not renew the lock {}: another run may take it over", folder, e);
      return;
    }
    LOG.error("Run {} lost the lock {} of its model, its generation {}: {}. It stops renewing the lock; its"
        + " promotion stays safe, compared with the champion it would replace", owner.runId(), folder, generation,
        lostTo);
    heartbeat.shutdown();
  }

  /** Stops renewing the lock without letting go of it, as a run that hangs or dies does. */
  void abandon() {
    heartbeat.shutdownNow();
  }

  /** Lets go of the lock, unless another run took it over in the meantime. */
  @Override
  public void close() throws IOException {
    heartbeat.shutdownNow();
    if (!generations.appendAfter(generation, new Generation(owner, Instant.now().toString(), true))) {
      LOG.warn("Run {} found the lock {} taken over when it let go of it", owner.runId(), folder);
    }
  }
}
