package io.sparkdigits.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.spark.testing.SparkTestBase;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class TaskSlotsTest extends SparkTestBase {
  private static int count(String master, SparkConf conf, int executors, int schedulerParallelism) {
    return TaskSlots.count(master, conf, () -> executors, () -> schedulerParallelism);
  }

  @Test
  void localModeHasTheThreadsOfItsMaster() {
    SparkConf conf = new SparkConf(false).set("spark.default.parallelism", "200");

    assertThat(count("local", conf, 0, 200)).isEqualTo(1);
    assertThat(count("local[3]", conf, 0, 200)).isEqualTo(3);
    assertThat(count("local[3,2]", conf, 0, 200)).as("with task retries").isEqualTo(3);
    assertThat(count("local[*]", conf, 0, 200)).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(count("local-cluster[2,3,1024]", conf, 0, 200)).as("2 workers of 3 cores").isEqualTo(6);
    assertThat(count("local[4]", conf.clone().set("spark.task.cpus", "2"), 0, 200)).isEqualTo(2);
  }

  @Test
  void aClusterHasItsRegisteredExecutorsTimesTheirCores() {
    SparkConf conf = new SparkConf(false).set("spark.default.parallelism", "200");

    assertThat(count("yarn", conf, 3, 200)).as("YARN's default of one core an executor").isEqualTo(3);
    assertThat(count("k8s://https://api:6443", conf.clone().set("spark.executor.cores", "4"), 3, 200))
        .isEqualTo(12);
    assertThat(count("spark://master:7077", conf.clone().set("spark.executor.cores", "4")
        .set("spark.task.cpus", "2"), 3, 200)).isEqualTo(6);
    assertThat(count("spark://master:7077", new SparkConf(false), 2, 5))
        .as("standalone executors with every core of their worker: the scheduler's count, when nothing overrides it")
        .isEqualTo(5);
    assertThat(count("spark://master:7077", new SparkConf(false).set("spark.cores.max", "1"), 1, 2))
        .as("an application given one core (--total-executor-cores 1), which the scheduler counts as 2")
        .isEqualTo(1);
    assertThatThrownBy(() -> count("spark://master:7077", conf, 2, 200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spark.default.parallelism (200) is a setting, not a count of cores");
  }

  @Test
  void aSessionWithDefaultParallelism200HasTheCoresOfItsMaster() {
    checkWith(Map.of("spark.default.parallelism", "200"), spark -> {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      assertThat(sc.defaultParallelism()).as("Spark's default parallelism").isEqualTo(200);
      assertThat(TaskSlots.registered(sc)).as("task slots").isEqualTo(2);
    });
  }
}
