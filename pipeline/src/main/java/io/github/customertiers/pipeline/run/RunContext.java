package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * What every stage of a run shares: the session, the configuration, the run id (the holder of the
 * locks, and the ingest batch), the clock, where progress lines go, and the warehouse with its
 * file system.
 */
record RunContext(SparkSession spark, TiersConfig config, String toolVersion, String runId, Clock clock,
    Consumer<String> progress, FileSystem fs, WarehouseLayout layout) {

  static RunContext of(SparkSession spark, TiersConfig config, String toolVersion, String runId, Clock clock,
      Consumer<String> progress) {
    WarehouseLayout layout = new WarehouseLayout(config.warehouse());
    try {
      FileSystem fs = layout.root().getFileSystem(spark.sparkContext().hadoopConfiguration());
      return new RunContext(spark, config, toolVersion, runId, clock, progress, fs, layout);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the warehouse " + layout.root() + ": " + e.getMessage(), e);
    }
  }

  /** The same context under another run id (one as-of date of a range). */
  RunContext withRunId(String id) {
    return new RunContext(spark, config, toolVersion, id, clock, progress, fs, layout);
  }
}
