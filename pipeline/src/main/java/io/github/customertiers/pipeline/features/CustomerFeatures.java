package io.github.customertiers.pipeline.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.config.Windows;
import io.github.customertiers.pipeline.ingest.Feed;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Per-customer facts as of the end of a day, from stored transactions and interactions of days up
 * to and including that day. All day counts are whole days in the business time zone.
 *
 * <p>A transaction is the set of rows sharing {@code (customer_id, transaction_id)}; its net
 * amount is the sum of its lines. A transaction with a positive net amount is a purchase; one with
 * a negative net amount is a refund or return, which lowers {@code monetary} but is not a purchase.
 *
 * <p>Output columns: customer_id, first_purchase_date, last_purchase_date, purchases_total,
 * frequency, monetary, months_active, recency_days, tenure_days, interactions_recent,
 * last_interaction_date, has_purchase.
 */
public final class CustomerFeatures {
  private CustomerFeatures() {}

  public static Dataset<Row> compute(Dataset<Row> transactionsUpToAsOf, Dataset<Row> interactionsUpToAsOf,
      LocalDate asOf, Windows windows) {
    Column asOfDay = lit(asOf);
    Column windowStart = date_sub(asOfDay, windows.scoringDays() - 1);
    Column engagementStart = date_sub(asOfDay, windows.engagementDays() - 1);

    Dataset<Row> transactions = transactionsUpToAsOf
        .filter(col("event_date").leq(asOfDay))
        .groupBy(col("customer_id"), col("transaction_id"))
        .agg(sum(col("amount")).as("net_amount"), min(col("event_date")).as("day"));
    Column isPurchase = col("net_amount").gt(lit(0));
    Column inWindow = col("day").geq(windowStart);
    Dataset<Row> buyers = transactions.groupBy(col("customer_id")).agg(
        min(when(isPurchase, col("day"))).as("first_purchase_date"),
        max(when(isPurchase, col("day"))).as("last_purchase_date"),
        count(when(isPurchase, lit(1))).as("purchases_total"),
        count(when(isPurchase.and(inWindow), lit(1))).as("frequency"),
        coalesce(sum(when(inWindow, col("net_amount"))), lit(0).cast(Feed.AMOUNT_TYPE)).cast(Feed.AMOUNT_TYPE).as("monetary"),
        count_distinct(when(isPurchase.and(inWindow), date_trunc("month", col("day")))).as("months_active"));

    Dataset<Row> engagement = interactionsUpToAsOf
        .filter(col("event_date").leq(asOfDay))
        .groupBy(col("customer_id")).agg(
            count(when(col("event_date").geq(engagementStart), lit(1))).as("interactions_recent"),
            max(col("event_date")).as("last_interaction_date"));

    return buyers.join(engagement, "customer_id", "full_outer")
        .select(
            col("customer_id"),
            col("first_purchase_date"),
            col("last_purchase_date"),
            coalesce(col("purchases_total"), lit(0L)).as("purchases_total"),
            coalesce(col("frequency"), lit(0L)).as("frequency"),
            coalesce(col("monetary"), lit(0).cast(Feed.AMOUNT_TYPE)).as("monetary"),
            coalesce(col("months_active"), lit(0L)).as("months_active"),
            datediff(asOfDay, col("last_purchase_date")).as("recency_days"),
            datediff(asOfDay, col("first_purchase_date")).as("tenure_days"),
            coalesce(col("interactions_recent"), lit(0L)).as("interactions_recent"),
            col("last_interaction_date"),
            col("last_purchase_date").isNotNull().as("has_purchase"))
        .withColumn("monetary", col("monetary").cast(DataTypes.createDecimalType(22, 2)));
  }
}
