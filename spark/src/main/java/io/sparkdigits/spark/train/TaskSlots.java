package io.sparkdigits.spark.train;

import io.sparkdigits.core.UsageException;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How many tasks the application's executors run at once: the cores they registered, divided by
 * {@code spark.task.cpus}. Never {@code spark.default.parallelism}, which is a setting for the
 * partitions of shuffles, not a count of cores: a cluster that sets it to 200 has not 200 cores.
 */
public final class TaskSlots {
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");
  private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,.*]");
  private static final long POLL_MILLIS = 100;
  /** How long the number of executors must stay the same before it counts as settled. */
  private static final long SETTLED_MILLIS = 1000;

  private TaskSlots() {}

  /**
   * The task slots of the executors registered now. On a cluster it first waits for executors to
   * register, as Spark's scheduler does, up to {@code spark.scheduler.maxRegisteredResourcesWaitingTime}:
   * until there is at least one and their number has not changed for a second.
   */
  public static int registered(JavaSparkContext sc) {
    SparkConf conf = sc.getConf();
    return count(sc.master(), conf, () -> awaitExecutors(sc, conf), sc::defaultParallelism);
  }

  /**
   * The rule, apart from the live cluster: {@code executors} counts the registered executors (the
   * driver left out), {@code schedulerParallelism} is Spark's default parallelism.
   */
  static int count(String master, SparkConf conf, IntSupplier executors, IntSupplier schedulerParallelism) {
    int taskCpus = conf.getInt("spark.task.cpus", 1);
    Matcher local = LOCAL.matcher(master);
    if (local.matches()) {
      String threads = local.group(1);
      int cores = threads == null ? 1 : threads.equals("*") ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(threads);
      return Math.max(1, cores / taskCpus);
    }
    Matcher localCluster = LOCAL_CLUSTER.matcher(master);
    if (localCluster.matches()) {
      return Math.max(1, Integer.parseInt(localCluster.group(1)) * Integer.parseInt(localCluster.group(2)) / taskCpus);
    }
    int coresPerExecutor;
    if (conf.contains("spark.executor.cores")) {
      coresPerExecutor = conf.getInt("spark.executor.cores", 1);
    } else if (master.startsWith("yarn") || master.startsWith("k8s://")) {
      coresPerExecutor = 1; // their default
    } else if (!conf.contains("spark.default.parallelism")) {
      // a standalone executor takes every free core of its worker, which only the scheduler knows;
      // with no setting in the way, its default parallelism is the cores registered (at least 2)
      executors.getAsInt(); // waits for them to register
      int cores = schedulerParallelism.getAsInt();
      if (conf.contains("spark.cores.max")) {
        // Spark reports at least 2 there, even for an application given one core in all
        cores = Math.min(cores, conf.getInt("spark.cores.max", cores));
      }
      return Math.max(1, cores / taskCpus);
    } else {
      throw new UsageException("cannot tell how many cores the executors on " + master + " have: "
          + "spark.executor.cores is not set, and spark.default.parallelism (" + conf.get("spark.default.parallelism")
          + ") is a setting, not a count of cores; set spark.executor.cores, or give the number of workers");
    }
    return Math.max(1, executors.getAsInt() * coresPerExecutor / taskCpus);
  }

  private static int awaitExecutors(JavaSparkContext sc, SparkConf conf) {
    long deadline = System.currentTimeMillis() + conf.getTimeAsMs("spark.scheduler.maxRegisteredResourcesWaitingTime", "30s");
    int executors = executors(sc);
    long unchangedSince = System.currentTimeMillis();
    while (System.currentTimeMillis() < deadline
        && (executors == 0 || System.currentTimeMillis() - unchangedSince < SETTLED_MILLIS)) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for executors to register", e);
      }
      int now = executors(sc);
      if (now != executors) {
        executors = now;
        unchangedSince = System.currentTimeMillis();
      }
    }
    if (executors == 0) {
      throw new IllegalStateException("no executor registered with " + sc.master() + " within "
          + conf.get("spark.scheduler.maxRegisteredResourcesWaitingTime", "30s")
          + " (spark.scheduler.maxRegisteredResourcesWaitingTime): is the cluster short of resources?");
    }
    return executors;
  }

  /** The executors registered now: the status tracker lists the driver too. */
  private static int executors(JavaSparkContext sc) {
    return Math.max(0, sc.sc().statusTracker().getExecutorInfos().length - 1);
  }
}
