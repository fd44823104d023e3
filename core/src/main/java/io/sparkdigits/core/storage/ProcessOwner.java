package io.sparkdigits.core.storage;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;

/**
 * The process behind something it leaves on shared storage (a lock, a staged run, scratch files),
 * written beside it so that another process can tell whether it is still there. On the same host
 * that is certain: the pid is gone, or now belongs to a process started at another time. From
 * another host it cannot be told, and the caller falls back on how long the thing has been silent.
 */
// what it says about the process now (isDeadOnThisHost, ...) is no part of what is written
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public record ProcessOwner(String runId, String host, long pid, String processStartedAt) {

  /** This process, working for run {@code runId}. */
  public static ProcessOwner current(String runId) {
    ProcessHandle self = ProcessHandle.current();
    return new ProcessOwner(runId, hostName(), self.pid(), startOf(self));
  }

  /** True when this owner is a process of this host that has ended. */
  public boolean isDeadOnThisHost() {
    return isOnThisHost() && !isRunning();
  }

  /** True when this owner is a process of this host that is still running. */
  public boolean isAliveOnThisHost() {
    return isOnThisHost() && isRunning();
  }

  private boolean isOnThisHost() {
    return host.equals(hostName());
  }

  private boolean isRunning() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .map(process -> startOf(process).equals(processStartedAt))
        .orElse(false);
  }

  /** How a person reads it in a message. */
  public String describe() {
    return "run " + runId + " on " + host + " (pid " + pid + ")";
  }

  private static String startOf(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString).orElse("unknown");
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
