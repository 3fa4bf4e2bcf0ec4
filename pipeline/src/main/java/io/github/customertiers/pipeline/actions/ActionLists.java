package io.github.customertiers.pipeline.actions;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import io.github.customertiers.pipeline.config.ActionOptions;
import io.github.customertiers.pipeline.publish.CsvFiles.SortKey;
import io.github.customertiers.pipeline.tiers.PurchaseRhythm;
import io.github.customertiers.pipeline.tiers.Tier;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The action lists of one published date, as Spark transforms of its segment table (with history and
 * {@link PlaybookColumns}); docs/TIERS.md "Action lists" states each rule.
 */
public final class ActionLists {
  private static final String VIP = Tier.VIP.label();
  private static final String KEY = Tier.KEY.label();
  private static final String LAPSED = Tier.LAPSED.label();

  private ActionLists() {}

  private static Column vipOrKey(Column tier) {
    return tier.isin(VIP, KEY);
  }

  /**
   * vip and key customers whose P(alive) is below {@code actions.at_risk_below_p_alive} or who are
   * silent for more than {@code actions.at_risk_gap_multiple} of their own mean gaps; adds
   * {@code risk} and {@code usual_gap_days}.
   */
  public static Dataset<Row> atRisk(Dataset<Row> segments, ActionOptions options) {
    Column gap = PurchaseRhythm.meanGapDays();
    Column lowPAlive = col("p_alive").isNotNull().and(col("p_alive").lt(options.atRiskBelowPAlive()));
    Column pastGap = col("usual_gap_days").isNotNull()
        .and(col("recency_days").cast("double").gt(col("usual_gap_days").multiply(options.atRiskGapMultiple())));
    String threshold = String.format(Locale.ROOT, "%s", options.atRiskBelowPAlive());
    String multiple = String.format(Locale.ROOT, "%s", options.atRiskGapMultiple());
    return segments.withColumn("usual_gap_days", gap)
        .filter(vipOrKey(col("tier")).and(lowPAlive.or(pastGap)))
        .withColumn("risk", concat_ws("; ",
            when(lowPAlive, format_string("P(alive) %.4f below " + threshold, col("p_alive"))),
            when(pastGap, format_string("%d days since the last purchase, more than " + multiple + " times the usual gap of %.1f days",
                col("recency_days"), col("usual_gap_days")))));
  }

  /** Order of at_risk.csv: most net spend first. */
  public static List<SortKey> atRiskOrder() {
    return List.of(SortKey.descending(col("monetary")), SortKey.ascending(col("customer_id")));
  }

  /** Customers published on the previous date whose tier changed; adds from_tier, to_tier and direction. */
  public static Dataset<Row> moved(Dataset<Row> segments) {
    return segments.filter(col("previous_tier").isNotNull().and(col("previous_tier").notEqual(col("tier"))))
        .withColumn("from_tier", col("previous_tier"))
        .withColumn("to_tier", col("tier"))
        .withColumn("direction", when(PlaybookColumns.rank(col("tier")).lt(PlaybookColumns.rank(col("previous_tier"))), lit("up"))
            .otherwise(lit("down")));
  }

  /** Order of moved.csv: by tier now (vip first), then value. */
  public static List<SortKey> movedOrder() {
    return List.of(SortKey.ascending(PlaybookColumns.rank(col("to_tier"))), SortKey.descending(col("value_score")),
        SortKey.ascending(col("customer_id")));
  }

  /**
   * Who is on the win-back list: lapsed customers who were vip or key on the published date before
   * they lapsed, with their value on that date. Carried from date to date: the previous date's list
   * ({@code previousList}, columns {@link #WIN_BACK_STATE}) keeps those still lapsed; customers who
   * lapsed from vip or key since the previous date join it with their values there.
   */
  public static Dataset<Row> winBackState(Dataset<Row> segments, Optional<Dataset<Row>> previousSegments,
      Optional<Dataset<Row>> previousList) {
    if (previousSegments.isEmpty()) {
      return segments.filter(lit(false)).select(col("customer_id"), lit(null).cast("string").as("was_tier"),
          col("as_of").as("lapsed_on"), lit(null).cast("int").as("past_value_score"),
          lit(null).cast("double").as("past_monetary"), lit(null).cast("double").as("past_clv"));
    }
    Dataset<Row> prev = previousSegments.get().select(col("customer_id").as("p_customer_id"),
        col("value_score").cast("int").as("past_value_score"), col("monetary").cast("double").as("past_monetary"),
        col("clv").cast("double").as("past_clv"));
    Dataset<Row> newlyLapsed = segments.filter(col("tier").equalTo(LAPSED).and(vipOrKey(col("previous_tier"))))
        .join(prev, col("customer_id").equalTo(col("p_customer_id")), "inner")
        .select(col("customer_id"), col("previous_tier").as("was_tier"), col("as_of").as("lapsed_on"),
            col("past_value_score"), col("past_monetary"), col("past_clv"));
    if (previousList.isEmpty()) {
      return newlyLapsed;
    }
    Dataset<Row> stillLapsed = segments.filter(col("tier").equalTo(LAPSED).and(col("previous_tier").equalTo(LAPSED)))
        .select(col("customer_id").as("s_customer_id"));
    Dataset<Row> carried = previousList.get()
        .join(stillLapsed, col("customer_id").equalTo(col("s_customer_id")), "inner")
        .select(col("customer_id"), col("was_tier"), col("lapsed_on"), col("past_value_score").cast("int"),
            col("past_monetary").cast("double"), col("past_clv").cast("double"));
    return newlyLapsed.unionByName(carried);
  }

  /** The columns of the carried win-back list. */
  public static final java.util.List<String> WIN_BACK_STATE =
      java.util.List.of("customer_id", "was_tier", "lapsed_on", "past_value_score", "past_monetary", "past_clv");

  /** The win-back list with the customers' columns of this date. */
  public static Dataset<Row> winBack(Dataset<Row> segments, Dataset<Row> state) {
    Dataset<Row> s = state.withColumnRenamed("customer_id", "w_customer_id");
    return segments.join(s, col("customer_id").equalTo(col("w_customer_id")), "inner").drop("w_customer_id");
  }

  /** Order of win_back.csv: past value score, then past spend, highest first. */
  public static List<SortKey> winBackOrder() {
    return List.of(SortKey.descending(col("past_value_score")), SortKey.descending(col("past_monetary")),
        SortKey.ascending(col("customer_id")));
  }

  /**
   * vip and key customers whose first purchase has its anniversary on one of the {@code
   * actions.anniversary_days} days after the as-of date (a first purchase on 29 February has its
   * anniversary on 28 February in other years); adds anniversary and years.
   */
  public static Dataset<Row> anniversaries(Dataset<Row> segments, LocalDate asOf, ActionOptions options) {
    Column first = col("first_purchase_date");
    Column anniversary = lit(null).cast("date");
    for (int d = options.anniversaryDays(); d >= 1; d--) {
      LocalDate day = asOf.plusDays(d);
      Column onDay = add_months(first, lit(day.getYear()).minus(year(first)).multiply(12)).equalTo(lit(day))
          .and(year(first).lt(day.getYear()));
      anniversary = when(onDay, lit(day)).otherwise(anniversary);
    }
    return segments.filter(vipOrKey(col("tier")).and(first.isNotNull()))
        .withColumn("anniversary", anniversary)
        .filter(col("anniversary").isNotNull())
        .withColumn("years", year(col("anniversary")).minus(year(first)));
  }

  /** Order of anniversaries.csv: by day, then value. */
  public static List<SortKey> anniversariesOrder() {
    return List.of(SortKey.ascending(col("anniversary")), SortKey.descending(col("value_score")),
        SortKey.ascending(col("customer_id")));
  }

  /**
   * Customers added, removed, or changed in tier or in a score as exported (value score as an
   * integer, loyalty score to 1 decimal) since the previous published date; without one, every
   * customer is added.
   */
  public static Dataset<Row> changes(Dataset<Row> segments, Optional<Dataset<Row>> previousSegments, LocalDate asOf) {
    Dataset<Row> now = segments.select(col("customer_id").as("n_id"), col("tier").as("n_tier"),
        col("value_score").as("n_value"), col("loyalty_score").as("n_loyalty"));
    if (previousSegments.isEmpty()) {
      return now.select(col("n_id").as("customer_id"), lit(asOf).as("as_of"), lit("added").as("change"),
          col("n_tier").as("tier"), lit(null).cast("string").as("previous_tier"), col("n_value").as("value_score"),
          lit(null).cast("int").as("previous_value_score"), col("n_loyalty").as("loyalty_score"),
          lit(null).cast("double").as("previous_loyalty_score"));
    }
    Dataset<Row> before = previousSegments.get().select(col("customer_id").as("p_id"), col("tier").as("p_tier"),
        col("value_score").as("p_value"), col("loyalty_score").as("p_loyalty"));
    Column scoreChanged = round(col("n_value").cast("double"), 0).notEqual(round(col("p_value").cast("double"), 0))
        .or(round(col("n_loyalty").cast("double"), 1).notEqual(round(col("p_loyalty").cast("double"), 1)));
    Column change = when(col("p_id").isNull(), lit("added"))
        .when(col("n_id").isNull(), lit("removed"))
        .when(col("n_tier").notEqual(col("p_tier")), lit("tier"))
        .when(scoreChanged, lit("score"));
    return now.join(before, col("n_id").equalTo(col("p_id")), "full_outer")
        .withColumn("change", change)
        .filter(col("change").isNotNull())
        .select(coalesce(col("n_id"), col("p_id")).as("customer_id"), lit(asOf).as("as_of"), col("change"),
            col("n_tier").as("tier"), col("p_tier").as("previous_tier"), col("n_value").as("value_score"),
            col("p_value").as("previous_value_score"), col("n_loyalty").as("loyalty_score"),
            col("p_loyalty").as("previous_loyalty_score"));
  }

  /** Order of changes.csv: by kind of change, then customer. */
  public static List<SortKey> changesOrder() {
    return List.of(SortKey.ascending(col("change")), SortKey.ascending(col("customer_id")));
  }
}
