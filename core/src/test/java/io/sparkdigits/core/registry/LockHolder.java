package io.sparkdigits.core.registry;

import io.sparkdigits.core.storage.ProcessOwner;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A process that takes a lock and holds it, renewing it, until it is killed: {@code LockHolder
 * FOLDER RUN_ID}. Prints {@code holding generation N} once it holds the lock.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    Path folder = new Path(args[0]);
    FileSystem fs = folder.getFileSystem(new Configuration());
    RegistryLock lock = RegistryLock.acquire(fs, folder, "being retrained", ProcessOwner.current(args[1]), Duration.ofMinutes(10),
        Duration.ZERO);
    System.out.println("holding generation " + lock.generation());
    Thread.sleep(Long.MAX_VALUE);
  }
}
