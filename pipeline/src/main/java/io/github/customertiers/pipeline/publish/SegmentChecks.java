package io.github.customertiers.pipeline.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.tiers.Tier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Checks a written segment table before it is published, in one scan: one row per customer,
 * valid tiers, scores within their ranges, a reason on every row.
 */
public record SegmentChecks(long rows, long customers, long invalidTiers, long scoresOutOfRange, long missingReasons) {

  public static SegmentChecks of(Dataset<Row> segments) {
    Column validTier = col("tier").isin(Arrays.stream(Tier.values()).map(Tier::label).toArray());
    Column rfmOk = col("r_score").isNull().or(col("r_score").between(1, 5).and(col("f_score").between(1, 5))
        .and(col("m_score").between(1, 5)).and(col("value_score").between(0, 100)));
    Column loyaltyOk = col("loyalty_score").between(0, 100);
    Row r = segments.agg(
        count(lit(1)),
        count_distinct(col("customer_id")),
        sum(when(not(validTier).or(col("tier").isNull()), 1).otherwise(0)),
        sum(when(not(rfmOk.and(loyaltyOk)), 1).otherwise(0)),
        sum(when(col("reason").isNull(), 1).otherwise(0))).first();
    return new SegmentChecks(r.getLong(0), r.getLong(1), r.isNullAt(2) ? 0 : r.getLong(2),
        r.isNullAt(3) ? 0 : r.getLong(3), r.isNullAt(4) ? 0 : r.getLong(4));
  }

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (customers != rows) problems.add((rows - customers) + " customers appear more than once");
    if (invalidTiers > 0) problems.add(invalidTiers + " rows have no valid tier");
    if (scoresOutOfRange > 0) problems.add(scoresOutOfRange + " rows have scores out of range");
    if (missingReasons > 0) problems.add(missingReasons + " rows have no reason");
    return problems;
  }
}
