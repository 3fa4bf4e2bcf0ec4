package io.github.customertiers.pipeline.backtest;

import io.github.customertiers.pipeline.publish.WarehouseLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The scratch warehouse of a backtest: the rows already ingested into the configured warehouse
 * are copied there (so the run's own ingest skips every file it has seen, by digest), the run
 * (through {@code TiersActions.backtest}) publishes the calibration date in the scratch warehouse
 * only, and the user's published dates are never touched.
 */
public final class ScratchTiers {
  private final SparkSession spark;
  private final Consumer<String> progress;

  public ScratchTiers(SparkSession spark, Consumer<String> progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /** Copies the ingested rows of {@code warehouse} into {@code scratchWarehouse}. */
  public void copyIngested(String warehouse, String scratchWarehouse) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path source = new WarehouseLayout(warehouse).ingestedRoot();
    Path target = new WarehouseLayout(scratchWarehouse).ingestedRoot();
    try {
      FileSystem from = source.getFileSystem(hadoop);
      FileSystem to = target.getFileSystem(hadoop);
      if (from.exists(source)) {
        progress.accept("backtest: copy the ingested rows of " + warehouse + " to the scratch warehouse " + scratchWarehouse);
        if (!FileUtil.copy(from, source, to, target, false, true, hadoop)) {
          throw new IOException("copy returned false");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " to the scratch warehouse " + target + ": " + e.getMessage(), e);
    }
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
