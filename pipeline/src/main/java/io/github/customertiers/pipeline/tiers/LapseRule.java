package io.github.customertiers.pipeline.tiers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.config.Windows;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * When a buyer is lapsed, following each customer's own rhythm (docs/TIERS.md, "The lapse rule").
 * Exactly one rule applies to a buyer, by how much history they have:
 * <ol>
 *   <li><b>rhythm</b> ({@value #MIN_PURCHASES_FOR_RHYTHM} or more purchases): lapsed when the silence
 *       exceeds {@value #GAP_MULTIPLE} times the customer's own mean gap between purchases (a customer
 *       still buying at their own Poisson rate stays silent that long with probability e^-3, about 5%),
 *       and is at least a third of {@code windows.lapse_days}, or whatever the rhythm is
 *       {@value #MAX_WINDOWS} lapse windows; with the value model fitted and the silence inside the lapse
 *       window, also only while P(alive) is below {@value #RHYTHM_MAX_P_ALIVE}: bursty buyers are often silent
 *       for several of their gaps and come back (on CDNOW, 47% of the repeat buyers silent for 3 gaps bought
 *       again within 9 months);</li>
 *   <li><b>window</b> (two purchases: a single gap is no rhythm): lapsed after {@code windows.lapse_days};</li>
 *   <li><b>one-time buyer</b>: P(alive) is 1 by the model's definition, so it is not used; lapsed
 *       when the silence exceeds {@code windows.lapse_days} plus the usual gap of the repeat buyers
 *       (the median of their mean gaps as of the day; 0 when fewer than {@value #MIN_REPEAT_BUYERS}
 *       repeat buyers): a first-time buyer gets the window plus the time a returning customer
 *       usually takes to come back.</li>
 * </ol>
 * With the value model fitted, a repeat buyer whose P(alive) is below
 * {@code value_model.lapse_below_p_alive} is lapsed whatever the rule above says (the model has seen
 * them stop). The reason names the rule that applied and its numbers.
 */
public final class LapseRule {
  public static final double GAP_MULTIPLE = 3.0;
  public static final int MIN_PURCHASES_FOR_RHYTHM = 3;
  public static final double RHYTHM_MAX_P_ALIVE = 0.2;
  public static final int MIN_REPEAT_BUYERS = 30;
  /** Whatever the rhythm, a silence of this many lapse windows is lapsed. */
  public static final int MAX_WINDOWS = 2;

  private final Windows windows;
  private final double lapseBelowPAlive;
  private final boolean withPAlive;
  private final double usualGapOfRepeatBuyers;

  private LapseRule(Windows windows, double lapseBelowPAlive, boolean withPAlive, double usualGapOfRepeatBuyers) {
    this.windows = windows;
    this.lapseBelowPAlive = lapseBelowPAlive;
    this.withPAlive = withPAlive;
    this.usualGapOfRepeatBuyers = usualGapOfRepeatBuyers;
  }

  /**
   * The rule for one day's customers: one aggregation finds the repeat buyers' usual gap.
   *
   * @param scored customer features (purchases_total, first/last_purchase_date, recency_days, has_purchase, optionally p_alive)
   * @param lapseBelowPAlive P(alive) below which a repeat buyer is lapsed; 0 disables (and it is 0 when the model is not fitted)
   */
  public static LapseRule of(Dataset<Row> scored, Windows windows, double lapseBelowPAlive) {
    Row r = scored.filter(col("purchases_total").geq(2))
        .agg(org.apache.spark.sql.functions.count(lit(1)),
            percentile_approx(PurchaseRhythm.meanGapDays(), lit(0.5), lit(10000)))
        .first();
    double usualGap = r.getLong(0) < MIN_REPEAT_BUYERS || r.isNullAt(1) ? 0 : ((Number) r.get(1)).doubleValue();
    boolean withPAlive = Arrays.asList(scored.columns()).contains("p_alive");
    return new LapseRule(windows, lapseBelowPAlive, withPAlive, usualGap);
  }

  /** The repeat buyers' usual gap in days (0 when too few repeat buyers). */
  public double usualGapOfRepeatBuyers() {
    return usualGapOfRepeatBuyers;
  }

  /** Days of silence after which a one-time buyer is lapsed. */
  public long oneTimeBuyerLapseDays() {
    return windows.lapseDays() + Math.round(usualGapOfRepeatBuyers);
  }

  /** The mean gap, at least one day (several purchases on one day are no rhythm). */
  private Column gap() {
    return org.apache.spark.sql.functions.greatest(PurchaseRhythm.meanGapDays(), lit(1.0));
  }

  private Column pAlive() {
    return withPAlive ? col("p_alive") : lit(null).cast("double");
  }

  /**
   * Silence beyond the rhythm: more than 3 gaps and at least a third of the window, or (whatever
   * the rhythm) {@value #MAX_WINDOWS} lapse windows; inside the lapse window the model must agree.
   */
  private Column byRhythm() {
    Column recency = col("recency_days");
    Column beyondRhythm = recency.gt(gap().multiply(GAP_MULTIPLE)).and(recency.geq(Math.max(1, windows.lapseDays() / 3)))
        .or(recency.geq(MAX_WINDOWS * windows.lapseDays()));
    Column modelAgrees = recency.geq(windows.lapseDays()).or(pAlive().isNull()).or(pAlive().lt(RHYTHM_MAX_P_ALIVE));
    return col("purchases_total").geq(MIN_PURCHASES_FOR_RHYTHM).and(beyondRhythm).and(modelAgrees);
  }

  private Column byWindow() {
    return col("purchases_total").equalTo(2).and(col("recency_days").geq(windows.lapseDays()));
  }

  private Column oneTimeBuyer() {
    return col("purchases_total").equalTo(1).and(col("recency_days").geq(oneTimeBuyerLapseDays()));
  }

  private Column byPAlive() {
    return lapseBelowPAlive > 0 && withPAlive
        ? col("purchases_total").geq(2).and(pAlive().lt(lapseBelowPAlive))
        : lit(false);
  }

  /** True for a lapsed buyer, false otherwise (never null). */
  public Column lapsed() {
    return col("has_purchase").and(org.apache.spark.sql.functions.coalesce(
        byPAlive().or(byRhythm()).or(byWindow()).or(oneTimeBuyer()), lit(false)));
  }

  /** The reason of a lapsed customer: which rule applied, with its numbers. */
  public Column reason() {
    Column days = TierAssignment.counted(col("recency_days"), "day", "days");
    Column boughtBefore = when(col("purchases_total").equalTo(1), lit("bought once before"))
        .otherwise(format_string("bought %d times before", col("purchases_total")));
    Column usualGap = TierAssignment.counted(org.apache.spark.sql.functions.round(gap()).cast("int"), "day", "days");
    return when(byPAlive(), format_string(
            "probably gone: P(alive) %.2f after %s without a purchase (below %s); %s",
            pAlive(), days, lit(Double.toString(lapseBelowPAlive)), boughtBefore))
        .when(byRhythm(), format_string(
            "no purchase for %s, %.1f times this customer's usual gap of %s; %s",
            days, col("recency_days").divide(gap()), usualGap, boughtBefore))
        .when(oneTimeBuyer(), format_string(
            "one purchase only, %s ago: longer than the lapse window of %d days plus the usual gap of %d days"
                + " between repeat buyers' purchases",
            days, lit(windows.lapseDays()), lit(Math.round(usualGapOfRepeatBuyers))))
        .otherwise(format_string(
            "no purchase for %s (lapse window %d days); %s", days, lit(windows.lapseDays()), boughtBefore));
  }
}
