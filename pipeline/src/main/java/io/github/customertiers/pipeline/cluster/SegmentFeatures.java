package io.github.customertiers.pipeline.cluster;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The features k-means sees, built from customer features with column expressions: log-scaled
 * frequency, monetary (negative nets count as 0) and interactions, recency in days (log-scaled)
 * and the share of months with a purchase. Logs tame the heavy tails of spend and order counts.
 */
public final class SegmentFeatures {
  /**
   * Names saved in {@code _model.json}; a warm start needs the previous model's names to match, so
   * the last keeps its published name although it is read from {@code interactions_recent}.
   */
  public static final List<String> NAMES = List.of(
      "log1p_frequency", "log1p_monetary", "log1p_recency_days", "months_active_share", "log1p_interactions_90d");

  /** Index of the features whose centroid sum ranks clusters by value. */
  static final int[] VALUE_FEATURES = {0, 1};

  private SegmentFeatures() {}

  public static Column vector(int scoringMonths) {
    return array(
        log1p(col("frequency").cast("double")),
        log1p(greatest(col("monetary").cast("double"), lit(0.0))),
        log1p(col("recency_days").cast("double")),
        col("months_active").cast("double").divide(scoringMonths),
        log1p(col("interactions_recent").cast("double")));
  }
}
