package io.github.customertiers.pipeline.backtest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What each customer spent before and after the calibration end, from the stored transactions.
 * A transaction is the rows sharing {@code (customer_id, transaction_id)}, dated by its first row;
 * its net amount is the sum of its lines; one with a positive net amount is a purchase (as in
 * CustomerFeatures). Refunds count against the spend of the period they fall in.
 *
 * <p>Output: {@code customer_id}, {@code calibration_spend} (net, days up to the calibration end),
 * {@code holdout_revenue} (net, days in (calibration end, holdout end]), {@code holdout_purchases}.
 * Doubles and a long; zero when nothing happened.
 */
public final class HoldoutOutcomes {
  public static final String CALIBRATION_SPEND = "calibration_spend";
  public static final String HOLDOUT_REVENUE = "holdout_revenue";
  public static final String HOLDOUT_PURCHASES = "holdout_purchases";

  private HoldoutOutcomes() {}

  public static Dataset<Row> of(Dataset<Row> transactions, LocalDate calibrationEnd, LocalDate holdoutEnd) {
    Dataset<Row> perTransaction = transactions.filter(col("event_date").leq(lit(holdoutEnd)))
        .groupBy(col("customer_id"), col("transaction_id"))
        .agg(sum(col("amount")).cast("double").as("net_amount"), min(col("event_date")).as("day"));
    Column inCalibration = col("day").leq(lit(calibrationEnd));
    Column inHoldout = col("day").gt(lit(calibrationEnd));
    return perTransaction.groupBy(col("customer_id")).agg(
        coalesce(sum(when(inCalibration, col("net_amount"))), lit(0.0)).as(CALIBRATION_SPEND),
        coalesce(sum(when(inHoldout, col("net_amount"))), lit(0.0)).as(HOLDOUT_REVENUE),
        count(when(inHoldout.and(col("net_amount").gt(0)), lit(1))).as(HOLDOUT_PURCHASES));
  }
}
