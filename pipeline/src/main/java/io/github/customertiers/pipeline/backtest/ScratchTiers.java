package io.github.customertiers.pipeline.backtest;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.run.NightlyRun;
import io.github.customertiers.pipeline.run.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The tiers as of the calibration end, computed by the normal run code in a scratch warehouse:
 * the rows already ingested into the configured warehouse are copied there (so the run's own
 * ingest skips every file it has seen, by digest), the run publishes the date in the scratch
 * warehouse only, and the user's published dates are never touched.
 *
 * <p>This is the one place a backtest calls the run; switch it to the run factory when there is one.
 */
public final class ScratchTiers {
  private final SparkSession spark;
  private final TiersConfig config;
  private final String toolVersion;
  private final Clock clock;
  private final Consumer<String> progress;

  public ScratchTiers(SparkSession spark, TiersConfig config, String toolVersion, Clock clock, Consumer<String> progress) {
    this.spark = spark;
    this.config = config;
    this.toolVersion = toolVersion;
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * Copies the ingested rows of {@code config.warehouse()} into {@code scratchWarehouse} and runs as
   * of {@code calibrationEnd} there.
   *
   * @return the published segment table of the scratch run (valid until the scratch warehouse is deleted)
   */
  public Dataset<Row> segmentsAsOf(LocalDate calibrationEnd, String scratchWarehouse) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path source = new Path(config.warehouse(), "ingested");
    Path target = new Path(scratchWarehouse, "ingested");
    try {
      FileSystem from = source.getFileSystem(hadoop);
      FileSystem to = target.getFileSystem(hadoop);
      if (from.exists(source)) {
        progress.accept("backtest: copy the ingested rows of " + config.warehouse() + " to the scratch warehouse " + scratchWarehouse);
        if (!FileUtil.copy(from, source, to, target, false, true, hadoop)) {
          throw new IOException("copy returned false");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " to the scratch warehouse " + target + ": " + e.getMessage(), e);
    }
    TiersConfig scratch = config.withWarehouse(scratchWarehouse).withAsOf(calibrationEnd);
    RunResult result = new NightlyRun(spark, scratch, toolVersion, clock, progress).run();
    return spark.read().parquet(result.segmentsPath());
  }

  /** Deletes the scratch warehouse. */
  public void delete(String scratchWarehouse) {
    Path root = new Path(scratchWarehouse);
    try {
      root.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(root, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the scratch warehouse " + root + ": " + e.getMessage(), e);
    }
  }
}
