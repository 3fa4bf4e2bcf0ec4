package io.github.customertiers.pipeline.publish;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Segment history: each row's {@code previous_tier} (its tier on the latest published as-of date
 * before this one; null for a customer new to the segments) and {@code tier_since} (the as-of date
 * on which it entered its current tier), and the migration matrix between the two dates.
 */
public final class SegmentHistory {
  private SegmentHistory() {}

  /** Adds previous_tier and tier_since to this date's segment rows. */
  public static Dataset<Row> withHistory(SparkSession spark, Dataset<Row> segments, Optional<Path> previousSegments, LocalDate asOf) {
    if (previousSegments.isEmpty()) {
      return segments.withColumn("previous_tier", lit(null).cast("string")).withColumn("tier_since", lit(asOf));
    }
    Dataset<Row> previous = spark.read().parquet(previousSegments.get().toString())
        .select(col("customer_id").as("prev_customer_id"), col("tier").as("previous_tier"),
            col("tier_since").as("prev_tier_since"));
    return segments.join(previous, segments.col("customer_id").equalTo(previous.col("prev_customer_id")), "left")
        .withColumn("tier_since", when(col("previous_tier").equalTo(col("tier")), coalesce(col("prev_tier_since"), lit(asOf)))
            .otherwise(lit(asOf)))
        .drop("prev_customer_id", "prev_tier_since");
  }

  /**
   * From-tier by to-tier counts and revenue; from-tier "new" for customers not in the previous
   * segments. One partition (at most 6 x 5 rows), ordered by from-tier and to-tier: sorted where
   * it is, without the sampling job of a global sort.
   */
  public static Dataset<Row> migrations(Dataset<Row> segmentsWithHistory) {
    return segmentsWithHistory
        .groupBy(coalesce(col("previous_tier"), lit("new")).as("from_tier"), col("tier").as("to_tier"))
        .agg(count(lit(1)).as("customers"), sum(col("monetary")).as("revenue"))
        .coalesce(1)
        .sortWithinPartitions("from_tier", "to_tier");
  }
}
