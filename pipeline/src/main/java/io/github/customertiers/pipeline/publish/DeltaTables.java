package io.github.customertiers.pipeline.publish;

import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.Arrays;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The published history as Delta Lake tables ({@code publish.delta: true}; docs/LAKEHOUSE.md):
 * {@code <warehouse>/delta/segments} and {@code <warehouse>/delta/migrations}, both partitioned by
 * {@code as_of}. Publishing a date replaces that date's partition in one Delta commit
 * ({@code replaceWhere as_of = D}), so a rerun of a date leaves every other date as it was, and
 * Delta's log keeps each earlier state for time travel ({@code versionAsOf}, {@code timestampAsOf}).
 *
 * <p>These tables are a copy for lakehouse readers (Spark SQL, Databricks, Trino, DuckDB, pandas);
 * the per-date Parquet folders under {@code published/} remain the source of truth the CLI reads.
 * The session needs Delta's extension and catalog ({@link io.github.customertiers.pipeline.spark.SparkSessions#withDelta}).
 * Columns added by a later release are merged into the table's schema ({@code mergeSchema}): older
 * dates read them as null.
 */
public final class DeltaTables {
  /** The Spark data source name. */
  public static final String FORMAT = "delta";
  public static final String SEGMENTS = "segments";
  public static final String MIGRATIONS = "migrations";

  private DeltaTables() {}

  /**
   * Checks, before anything is written, that the session was built with Delta's SQL extension
   * ({@link io.github.customertiers.pipeline.spark.SparkSessions#withDelta}), which Delta requires to write.
   *
   * @throws IllegalStateException naming the setting
   */
  public static void requireSessionSupport(SparkSession spark) {
    String extensions = spark.conf().get("spark.sql.extensions", "");
    if (!extensions.contains("io.delta.sql.DeltaSparkSessionExtension")) {
      throw new IllegalStateException("publish.delta needs a Spark session built with spark.sql.extensions="
          + "io.delta.sql.DeltaSparkSessionExtension and spark.sql.catalog.spark_catalog="
          + "org.apache.spark.sql.delta.catalog.DeltaCatalog (the tiers commands set both; a session built elsewhere, "
          + "e.g. by spark-submit --conf, must set them too); this session has spark.sql.extensions='" + extensions + "'");
    }
  }

  /**
   * Replaces the rows of {@code asOf} in the Delta table at {@code table} (created on first use) by
   * {@code rows}, in one commit; rows without an {@code as_of} column get it. Delta refuses the commit,
   * leaving the table as it was, if a row is of another date.
   */
  public static void replaceDate(Dataset<Row> rows, Path table, LocalDate asOf) {
    Dataset<Row> dated = Arrays.asList(rows.columns()).contains("as_of") ? rows
        : rows.withColumn("as_of", lit(asOf).cast(DataTypes.DateType));
    dated.write().format(FORMAT).mode(SaveMode.Overwrite)
        .option("replaceWhere", "as_of = DATE'" + asOf + "'")
        .option("mergeSchema", "true")
        .option("userMetadata", "customer-tiers as_of=" + asOf)
        .partitionBy("as_of")
        .save(table.toString());
  }
}
