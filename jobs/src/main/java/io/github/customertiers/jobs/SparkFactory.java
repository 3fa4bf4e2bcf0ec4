package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.run.TiersActions;
import org.apache.spark.sql.SparkSession;

/** The job's SparkSession, with the pinned settings; local[*] unless a master is given or submitted. */
final class SparkFactory {
  private SparkFactory() {}

  /** The session of a command that reads the configuration: its master, business zone and Spark settings. */
  static SparkSession session(String appName, TiersConfig config) {
    return quiet(TiersActions.session(appName, config));
  }

  /** The session of a command without a configuration (generate, report): the pinned settings in UTC. */
  static SparkSession session(String appName, String master) {
    return quiet(TiersActions.session(appName, master));
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

  private static SparkSession quiet(SparkSession spark) {
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
