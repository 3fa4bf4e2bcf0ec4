package io.github.customertiers.pipeline.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.grouping;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.publish.SegmentChecks;
import io.github.customertiers.pipeline.tiers.Tier;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The checks of a written segment table ({@link SegmentChecks}) and its per-tier summary
 * ({@link TierSummaryRow}) from one query: a rollup by tier, whose grand-total row carries the
 * checks (the distinct customers counted over the whole table) and whose tier rows the summary.
 * The same numbers as {@link SegmentChecks#of} and {@link TierSummaryRow#of}, one scan instead of two.
 *
 * @param checks the table's checks
 * @param tiers one row per tier, in tier order
 */
record CheckedSegments(SegmentChecks checks, List<TierSummaryRow> tiers) {

  static CheckedSegments of(Dataset<Row> segments) {
    Column validTier = col("tier").isin(java.util.Arrays.stream(Tier.values()).map(Tier::label).toArray());
    Column rfmOk = col("r_score").isNull().or(col("r_score").between(1, 5).and(col("f_score").between(1, 5))
        .and(col("m_score").between(1, 5)).and(col("value_score").between(0, 100)));
    Column loyaltyOk = col("loyalty_score").between(0, 100);
    List<Row> rows = segments.rollup(col("tier")).agg(
        grouping(col("tier")).as("total"),
        count(lit(1)).as("customers"),
        sum(col("monetary")).cast("double").as("revenue"),
        percentile_approx(col("value_score"), lit(0.5), lit(10000)).as("median_value"),
        percentile_approx(col("loyalty_score"), lit(0.5), lit(10000)).as("median_loyalty"),
        count_distinct(col("customer_id")),
        sum(when(not(validTier).or(col("tier").isNull()), 1).otherwise(0)),
        sum(when(not(rfmOk.and(loyaltyOk)), 1).otherwise(0)),
        sum(when(col("reason").isNull(), 1).otherwise(0))).collectAsList();
    // A rollup of an empty table has no grand-total row: no rows, nothing wrong with them.
    Row total = rows.stream().filter(r -> r.getByte(1) == 1).findFirst().orElse(null);
    SegmentChecks checks = total == null ? new SegmentChecks(0, 0, 0, 0, 0)
        : new SegmentChecks(total.getLong(2), total.getLong(6), longAt(total, 7), longAt(total, 8), longAt(total, 9));
    // The tier rows in the shape TierSummaryRow reads: tier, customers, revenue, medians.
    List<Row> perTier = rows.stream().filter(r -> r.getByte(1) == 0)
        .map(r -> (Row) org.apache.spark.sql.RowFactory.create(r.get(0), r.get(2), r.get(3), r.get(4), r.get(5)))
        .toList();
    return new CheckedSegments(checks, TierSummaryRow.fromGroups(perTier));
  }

  private static long longAt(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getLong(i);
  }
}
