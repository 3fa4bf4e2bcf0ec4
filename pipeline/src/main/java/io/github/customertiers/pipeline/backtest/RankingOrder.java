package io.github.customertiers.pipeline.backtest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.tiers.Tier;
import org.apache.spark.sql.Column;

/**
 * An order of the customers, best first, whose capture of holdout revenue the backtest measures.
 * Customers the order cannot tell apart (same tier, no score) are ordered by a hash of their id,
 * which is deterministic and unrelated to how ids were assigned (CDNOW ids follow the first
 * purchase date, so ordering ties by id would favour one cohort).
 */
public enum RankingOrder {
  TIERS_THEN_VALUE("tiers then value score"),
  TIERS("tiers alone"),
  VALUE_SCORE("value score"),
  CLV("clv"),
  RFM("rfm (r + f + m scores)"),
  CALIBRATION_SPEND("calibration spend"),
  /** What happened: the ceiling every other order is normalised by. */
  HOLDOUT_REVENUE("holdout revenue (perfect)");

  private final String label;

  RankingOrder(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Sort keys, best first, ending with the deterministic tie-breaks. */
  Column[] sortKeys() {
    Column[] keys = switch (this) {
      case TIERS_THEN_VALUE -> new Column[] {tierRank().asc(), col("value_score").desc_nulls_last()};
      case TIERS -> new Column[] {tierRank().asc()};
      case VALUE_SCORE -> new Column[] {col("value_score").desc_nulls_last()};
      case CLV -> new Column[] {col("clv").desc_nulls_last()};
      case RFM -> new Column[] {col("r_score").plus(col("f_score")).plus(col("m_score")).desc_nulls_last()};
      case CALIBRATION_SPEND -> new Column[] {col(HoldoutOutcomes.CALIBRATION_SPEND).desc_nulls_last()};
      case HOLDOUT_REVENUE -> new Column[] {col(HoldoutOutcomes.HOLDOUT_REVENUE).desc_nulls_last()};
    };
    Column[] withTieBreaks = java.util.Arrays.copyOf(keys, keys.length + 2);
    withTieBreaks[keys.length] = org.apache.spark.sql.functions.xxhash64(col("customer_id")).asc();
    withTieBreaks[keys.length + 1] = col("customer_id").asc();
    return withTieBreaks;
  }

  /** vip 0, key 1, ordinary 2, potential 3, lapsed 4. */
  static Column tierRank() {
    Column rank = lit(Tier.values().length);
    for (int i = Tier.values().length - 1; i >= 0; i--) {
      rank = when(col("tier").equalTo(Tier.values()[i].label()), lit(i)).otherwise(rank);
    }
    return rank;
  }
}
