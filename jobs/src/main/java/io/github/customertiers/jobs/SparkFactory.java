package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.spark.SparkSessions;
import java.time.ZoneId;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The job's SparkSession, with the pinned settings; local[*] unless a master is given or submitted. */
final class SparkFactory {
  private SparkFactory() {}

  static SparkSession session(String appName, String master, ZoneId zone, Map<String, String> conf) {
    SparkSession spark = SparkSessions.forJob(appName, master, zone, conf);
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
