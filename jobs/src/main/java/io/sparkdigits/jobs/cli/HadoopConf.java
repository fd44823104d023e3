package io.sparkdigits.jobs.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/** The Hadoop configuration for the checks a job makes before Spark starts. */
public final class HadoopConf {
  private HadoopConf() {}

  /**
   * Hadoop's own configuration files plus every {@code spark.hadoop.*} setting that spark-submit
   * passed (it hands them to the driver as system properties): the filesystems as the job's
   * Spark session will see them, so that a check before Spark (an S3A bucket with its
   * credentials, say) does not fail where the job would succeed.
   */
  public static Configuration beforeSpark() {
    Configuration conf = new Configuration();
    for (Tuple2<String, String> setting : new SparkConf().getAllWithPrefix("spark.hadoop.")) {
      conf.set(setting._1(), setting._2());
    }
    return conf;
  }
}
