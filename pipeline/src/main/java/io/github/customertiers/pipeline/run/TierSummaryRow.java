package io.github.customertiers.pipeline.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.github.customertiers.pipeline.tiers.Tier;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** One line of the per-tier summary: small numbers computed by a distributed aggregation. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TierSummaryRow(String tier, long customers, double shareOfCustomers, double revenue,
    double shareOfRevenue, double medianValueScore, double medianLoyaltyScore) {

  /** One row per {@link Tier}, in tier order (zero for a tier nobody is in), from a segment table. */
  static List<TierSummaryRow> of(Dataset<Row> segments) {
    List<Row> rows = segments.groupBy("tier").agg(
        count(lit(1)).as("customers"),
        sum(col("monetary")).cast("double").as("revenue"),
        percentile_approx(col("value_score"), lit(0.5), lit(10000)).as("median_value"),
        percentile_approx(col("loyalty_score"), lit(0.5), lit(10000)).as("median_loyalty")).collectAsList();
    long customers = rows.stream().mapToLong(r -> r.getLong(1)).sum();
    double positiveRevenue = rows.stream().mapToDouble(r -> r.isNullAt(2) ? 0 : Math.max(0, r.getDouble(2))).sum();
    List<TierSummaryRow> out = new ArrayList<>();
    for (Tier tier : Tier.values()) {
      Row r = rows.stream().filter(x -> tier.label().equals(x.getString(0))).findFirst().orElse(null);
      long n = r == null ? 0 : r.getLong(1);
      double revenue = r == null || r.isNullAt(2) ? 0 : r.getDouble(2);
      out.add(new TierSummaryRow(tier.label(), n, customers == 0 ? 0 : (double) n / customers, revenue,
          positiveRevenue == 0 ? 0 : Math.max(0, revenue) / positiveRevenue,
          r == null || r.isNullAt(3) ? Double.NaN : ((Number) r.get(3)).doubleValue(),
          r == null || r.isNullAt(4) ? Double.NaN : ((Number) r.get(4)).doubleValue()));
    }
    return out;
  }
}
