package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The server is a plain JVM: what it needs of the project comes from the Spark-free core, with no
 * exclusion in its build, so neither Spark nor Scala nor DL4J's Spark module reach its class path.
 */
class SparkFreeClasspathTest {
  @Test
  void noSparkScalaOrDl4jSparkClassIsOnTheClassPath() {
    assertThat(Arrays.asList("org.apache.spark.SparkConf", "scala.Predef",
        "org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer", "io.sparkdigits.spark.train.DistributedTrainer"))
        .as("classes the server must not be able to load")
        .noneMatch(SparkFreeClasspathTest::loadable);
    // this project's own jars are spark-digits-*: the server's is among them
    assertThat(System.getProperty("java.class.path").split(File.pathSeparator))
        .as("the jars of the server's class path")
        .noneMatch(entry -> new File(entry).getName().matches("(spark-(?!digits-)|scala-|dl4j-spark|nd4j-kryo).*\\.jar"));
  }

  private static boolean loadable(String className) {
    try {
      Class.forName(className, false, SparkFreeClasspathTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
