package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.spark.SparkSessions;
import java.time.ZoneId;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The job's SparkSession, with the pinned settings; local[*] unless a master is given or submitted. */
final class SparkFactory {
  private SparkFactory() {}

  /** The session of a command that reads the configuration: its master, business zone and Spark settings. */
  static SparkSession session(String appName, TiersConfig config) {
    return session(appName, config.master(), config.businessZone(),
        config.publishDelta() ? SparkSessions.withDelta(config.sparkConf()) : config.sparkConf());
  }

  /** Progress lines of a run, printed as they come. */
  static java.util.function.Consumer<String> progressTo(java.io.PrintWriter out) {
    return line -> {
      LoggingOptions.logProgress(line);
      if (LoggingOptions.progressShown()) {
        out.println(line);
        out.flush();
      }
    };
  }

  static SparkSession session(String appName, String master, ZoneId zone, Map<String, String> conf) {
    SparkSession spark = SparkSessions.forJob(appName, master, zone, conf);
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
