package io.github.customertiers.pipeline.spark;

import org.apache.spark.sql.SparkSession;

/** Runs work under a named Spark job group, so the Spark UI reads "score", "publish", ...; cleared however the work ends. */
public final class JobGroup {
  private JobGroup() {}

  /** Work that may throw a checked exception. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T get() throws E;
  }

  public static <T, E extends Exception> T run(SparkSession spark, String group, String description, Work<T, E> work) throws E {
    spark.sparkContext().setJobGroup(group, description, false);
    try {
      return work.get();
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }
}
