package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The ingested rows of one feed in the warehouse: {@code ingested/<feed>/batch=<id>/event_date=D/}.
 * Each ingest adds one batch directory, renamed into place only when complete; the digests of
 * ingested files are recorded under {@code ingested/<feed>/_files/} so a file delivered again is
 * skipped. Readers see only complete batches and select days with partition pruning.
 */
public final class IngestedStore {
  private final Path root;
  private final Feed feed;

  public IngestedStore(String warehouse, Feed feed) {
    this.root = new Path(new Path(warehouse, "ingested"), feed.feedName());
    this.feed = feed;
  }

  public Path root() { return root; }

  Path filesRegistry() { return new Path(root, "_files"); }

  Path staging(String batch) { return new Path(new Path(root, "_staging"), batch); }

  Path batchDirectory(String batch) { return new Path(root, "batch=" + batch); }

  boolean hasBatches(Configuration hadoop) {
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      return fs.exists(root) && Arrays.stream(fs.listStatus(root)).anyMatch(s -> s.getPath().getName().startsWith("batch="));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + root, e);
    }
  }

  /** Every stored row (all days), in the stored schema; empty when nothing was ingested yet. */
  public Dataset<Row> all(SparkSession spark) {
    if (!hasBatches(spark.sparkContext().hadoopConfiguration())) {
      return spark.createDataFrame(java.util.List.of(), feed.storedSchema());
    }
    StructType schema = feed.storedSchema().add("batch", DataTypes.StringType);
    Dataset<Row> stored = spark.read().schema(schema).option("basePath", root.toString()).parquet(root.toString());
    Column[] cols = Arrays.stream(feed.storedSchema().fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    return stored.select(cols);
  }

  /** Rows of days up to and including {@code asOf}: what a run as of that day may see. */
  public Dataset<Row> upTo(SparkSession spark, LocalDate asOf) {
    return all(spark).filter(col("event_date").leq(lit(asOf)));
  }
}
