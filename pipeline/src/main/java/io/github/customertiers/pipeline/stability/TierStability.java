package io.github.customertiers.pipeline.stability;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.tiers.Tier;
import io.github.customertiers.pipeline.tiers.TierLines;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How much a published date's tiers moved against the previous published date, and how much of
 * that the customers' own scores explain (docs/TIERS.md, "Stability").
 *
 * <p>A customer published on both dates <em>changed</em> when their tier differs. A change is
 * <em>explained</em> when
 * <ol>
 *   <li>the customer entered or left the value tiers (either tier is potential or lapsed), or</li>
 *   <li>their own value_score or loyalty_score moved by at least the band since the previous date, or</li>
 *   <li>(lines known) their previous tier lies outside the band of their current scores under
 *       both dates' lines: they crossed a line by more than the band, and not because a line moved.</li>
 * </ol>
 * Every other change (a line or a cluster moved under a customer who stood still) is
 * <em>unexplained</em>. Shares are of the customers published on the current date. Only counts
 * reach the driver.
 *
 * @param previousAsOf the date compared against
 * @param customers customers published on the current date
 * @param changed customers published on both dates whose tier differs
 * @param unexplained changes not explained by the customer's own scores
 * @param sizesBefore customers per tier on the previous date
 * @param sizesNow customers per tier on the current date
 */
public record TierStability(String previousAsOf, long customers, long changed, long unexplained,
    Map<String, Long> sizesBefore, Map<String, Long> sizesNow) {

  public double changedShare() {
    return customers == 0 ? 0 : (double) changed / customers;
  }

  public double unexplainedShare() {
    return customers == 0 ? 0 : (double) unexplained / customers;
  }

  /** Relative size change of each tier (now / before - 1); NaN where the tier was empty before. */
  public Map<String, Double> sizeChanges() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Tier t : Tier.values()) {
      long before = sizesBefore.getOrDefault(t.label(), 0L);
      long now = sizesNow.getOrDefault(t.label(), 0L);
      out.put(t.label(), before == 0 ? (now == 0 ? 0.0 : Double.NaN) : (double) now / before - 1);
    }
    return out;
  }

  /** The largest absolute relative size change among tiers that held at least {@code minCustomers} before. */
  public double largestSizeChange(long minCustomers) {
    double worst = 0;
    for (Tier t : Tier.values()) {
      long before = sizesBefore.getOrDefault(t.label(), 0L);
      if (before >= minCustomers) {
        worst = Math.max(worst, Math.abs((double) sizesNow.getOrDefault(t.label(), 0L) / before - 1));
      }
    }
    return worst;
  }

  /**
   * Compares two segment tables ({@code customer_id, tier, value_score, loyalty_score}).
   *
   * @param band the hysteresis band in score points (explained-by-own-scores threshold)
   * @param previousLines lines of the previous date; null when unknown
   * @param currentLines lines of the current date; null when unknown (then rule 3 is off)
   */
  public static TierStability compare(Dataset<Row> previousSegments, Dataset<Row> currentSegments, double band,
      TierLines previousLines, TierLines currentLines, String previousAsOf) {
    // One full outer join answers the changes and both dates' tier sizes in one aggregation (one
    // query, not three); the presence markers say which date a row comes from. Both tables hold one
    // row per customer (checked before publishing), so the join multiplies nothing.
    Dataset<Row> before = previousSegments.select(col("customer_id").as("p_customer_id"), col("tier").as("p_tier"),
        col("value_score").cast("double").as("p_value"), col("loyalty_score").cast("double").as("p_loyalty"),
        lit(true).as("p_present"));
    Dataset<Row> joined = currentSegments.select(col("customer_id"), col("tier"),
            col("value_score").cast("double").as("value"), col("loyalty_score").cast("double").as("loyalty"),
            lit(true).as("n_present"))
        .join(before, col("customer_id").equalTo(col("p_customer_id")), "full_outer");
    Column now = col("n_present").isNotNull();
    Column then = col("p_present").isNotNull();
    Column changed = now.and(col("p_tier").isNotNull()).and(col("p_tier").notEqual(col("tier")));
    Column groupChange = col("tier").isin("potential", "lapsed").or(col("p_tier").isin("potential", "lapsed"));
    Column ownMove = coalesce(abs(col("value").minus(col("p_value"))), lit(0.0)).geq(band)
        .or(coalesce(abs(col("loyalty").minus(col("p_loyalty"))), lit(0.0)).geq(band));
    Column explained = groupChange.or(ownMove);
    if (previousLines != null && currentLines != null) {
      explained = explained.or(outsideBand(currentLines).and(outsideBand(previousLines)));
    }
    Column unexplained = changed.and(not(explained));
    Tier[] tiers = Tier.values();
    Object[] labels = java.util.Arrays.stream(tiers).map(Tier::label).toArray();
    List<Column> aggregates = new ArrayList<>(List.of(count(col("n_present")), sum(when(changed, 1).otherwise(0)),
        sum(when(unexplained, 1).otherwise(0)),
        sum(when(now.and(col("tier").isNull().or(not(col("tier").isin(labels)))), 1).otherwise(0)),
        sum(when(then.and(col("p_tier").isNull().or(not(col("p_tier").isin(labels)))), 1).otherwise(0))));
    for (Tier t : tiers) {
      aggregates.add(sum(when(now.and(col("tier").equalTo(t.label())), 1).otherwise(0)));
      aggregates.add(sum(when(then.and(col("p_tier").equalTo(t.label())), 1).otherwise(0)));
    }
    Row counts = joined.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).first();
    Map<String, Long> sizesNow = new LinkedHashMap<>();
    Map<String, Long> sizesBefore = new LinkedHashMap<>();
    for (int i = 0; i < tiers.length; i++) {
      sizesNow.put(tiers[i].label(), longAt(counts, 5 + 2 * i));
      sizesBefore.put(tiers[i].label(), longAt(counts, 6 + 2 * i));
    }
    // A tier outside the labels (not in a checked table) is listed by name, as a group-by would.
    return new TierStability(previousAsOf, counts.getLong(0), longAt(counts, 1), longAt(counts, 2),
        longAt(counts, 4) > 0 ? sizes(previousSegments) : sizesBefore, longAt(counts, 3) > 0 ? sizes(currentSegments) : sizesNow);
  }

  private static long longAt(Row row, int i) {
    return row.isNullAt(i) ? 0 : row.getLong(i);
  }

  /** The previous tier lies outside what the band allows for the current scores under these lines. */
  private static Column outsideBand(TierLines lines) {
    Column value = coalesce(col("value"), lit(0.0));
    Column loyalty = coalesce(col("loyalty"), lit(0.0));
    Column generous = rank(lines, value, loyalty, -lines.band());
    Column strict = rank(lines, value, loyalty, lines.band());
    Column previousRank = when(col("p_tier").equalTo("vip"), lit(0)).when(col("p_tier").equalTo("key"), lit(1))
        .when(col("p_tier").equalTo("ordinary"), lit(2));
    return previousRank.lt(generous).or(previousRank.gt(strict));
  }

  private static Column rank(TierLines lines, Column value, Column loyalty, double shift) {
    return when(value.geq(lines.vipValue() + shift), lit(0))
        .when(value.geq(lines.keyValue() + shift).or(loyalty.geq(lines.keyLoyalty() + shift)), lit(1))
        .otherwise(lit(2));
  }

  static Map<String, Long> sizes(Dataset<Row> segments) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Tier t : Tier.values()) {
      out.put(t.label(), 0L);
    }
    for (Row r : segments.groupBy("tier").agg(count(lit(1))).collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }
}
