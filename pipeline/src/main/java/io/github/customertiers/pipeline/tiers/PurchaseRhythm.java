package io.github.customertiers.pipeline.tiers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * A customer's own purchase rhythm, from the {@code features/CustomerFeatures} columns: the mean gap in days
 * between consecutive purchases, {@code (last_purchase_date - first_purchase_date) / (purchases_total - 1)}
 * (the mean of the gaps telescopes to that), null for customers with fewer than two purchases.
 */
public final class PurchaseRhythm {
  public static final String MEAN_GAP_DAYS = "mean_gap_days";

  private PurchaseRhythm() {}

  /** Mean days between consecutive purchases (double), null below two purchases. */
  public static Column meanGapDays() {
    return when(col("purchases_total").geq(2),
        datediff(col("last_purchase_date"), col("first_purchase_date")).cast("double")
            .divide(col("purchases_total").minus(lit(1))));
  }
}
