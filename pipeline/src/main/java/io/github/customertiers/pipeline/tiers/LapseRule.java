package io.github.customertiers.pipeline.tiers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.config.LapseOptions;
import io.github.customertiers.pipeline.config.Windows;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * When a buyer is lapsed, following each customer's own rhythm and, when it is fitted, the value
 * model (docs/TIERS.md, "The lapse rule"; constants in {@code tiers.lapse.*}, {@link LapseOptions}).
 * Exactly one rule applies to a buyer, by how much history they have and whether the value model
 * (BG/NBD, with the value score ranking CLV) is fitted:
 * <ol>
 *   <li><b>rhythm</b> ({@value #MIN_PURCHASES_FOR_RHYTHM} or more purchases; with the model, 2 or more):
 *       lapsed when the silence exceeds {@code gap_multiple} times the customer's own mean gap between
 *       purchases (a customer still buying at their own Poisson rate stays silent that long with
 *       probability e^-3, about 5%) and is at least a third of {@code windows.lapse_days}; with the model
 *       fitted, also only while P(alive) is below {@code max_p_alive}: bursty buyers are often silent for
 *       several of their gaps and come back;</li>
 *   <li><b>window</b> (two purchases without the model: a single gap is no rhythm): lapsed after
 *       {@code windows.lapse_days};</li>
 *   <li><b>one-time buyer</b>: P(alive) is 1 by the model's definition, so it is not used; lapsed
 *       when the silence exceeds {@code windows.lapse_days} plus the usual gap of the repeat buyers
 *       (the median of their mean gaps as of the day; 0 when fewer than {@value #MIN_REPEAT_BUYERS}
 *       repeat buyers): a first-time buyer gets the window plus the time a returning customer
 *       usually takes to come back.</li>
 * </ol>
 With the model fitted, a repeat buyer whose P(alive) is below {@code value_model.lapse_below_p_alive}
 * is lapsed whatever their rhythm (the model has seen them stop); and all the rules with the model
 * lapse a buyer only while their value score is below {@code max_value_score}: a customer the value
 * model still ranks in the upper part of the base (a large basket, a strong rhythm) is not written
 * off on silence alone. Whatever the rhythm and the model say, a silence of {@code max_windows}
 * lapse windows is lapsed. The reason names the rule that applied and its numbers.
 */
public final class LapseRule {
  public static final int MIN_PURCHASES_FOR_RHYTHM = 3;
  public static final int MIN_REPEAT_BUYERS = 30;

  private final Windows windows;
  private final LapseOptions options;
  private final double lapseBelowPAlive;
  private final boolean withModel;
  private final double usualGapOfRepeatBuyers;

  private LapseRule(Windows windows, LapseOptions options, double lapseBelowPAlive, boolean withModel, double usualGapOfRepeatBuyers) {
    this.windows = windows;
    this.options = options;
    this.lapseBelowPAlive = lapseBelowPAlive;
    this.withModel = withModel;
    this.usualGapOfRepeatBuyers = usualGapOfRepeatBuyers;
  }

  /** The rule with the default {@code tiers.lapse.*} constants, the model used when {@code scored} has p_alive. */
  public static LapseRule of(Dataset<Row> scored, Windows windows, double lapseBelowPAlive) {
    return of(scored, windows, LapseOptions.defaults(), lapseBelowPAlive, true);
  }

  /**
   * The rule for one day's customers: one aggregation finds the repeat buyers' usual gap.
   *
   * @param scored customer features (purchases_total, first/last_purchase_date, recency_days, has_purchase,
   *     value_score, optionally p_alive)
   * @param lapseBelowPAlive P(alive) below which a repeat buyer is lapsed; 0 disables (and it is 0 when the model is not fitted)
   * @param valueRanksModel whether the value score ranks the value model's CLV (false: monetary, the model not fitted);
   *     the model's rules apply only when it does and {@code scored} has p_alive
   */
  public static LapseRule of(Dataset<Row> scored, Windows windows, LapseOptions options, double lapseBelowPAlive,
      boolean valueRanksModel) {
    Row r = scored.filter(col("purchases_total").geq(2))
        .agg(org.apache.spark.sql.functions.count(lit(1)),
            percentile_approx(PurchaseRhythm.meanGapDays(), lit(0.5), lit(10000)))
        .first();
    double usualGap = r.getLong(0) < MIN_REPEAT_BUYERS || r.isNullAt(1) ? 0 : ((Number) r.get(1)).doubleValue();
    boolean withModel = valueRanksModel && Arrays.asList(scored.columns()).contains("p_alive");
    return new LapseRule(windows, options, lapseBelowPAlive, withModel, usualGap);
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
    return withModel ? col("p_alive") : lit(null).cast("double");
  }

  /** With the model: the value score is below {@code max_value_score} (a buyer without one counts as 0). */
  private Column lowValue() {
    return withModel
        ? org.apache.spark.sql.functions.coalesce(col("value_score").cast("double"), lit(0.0)).lt(options.maxValueScore())
        : lit(true);
  }

  /** Whatever the rhythm and the model: {@code max_windows} lapse windows of silence. */
  private Column longSilence() {
    return col("recency_days").geq(options.maxSilenceDays(windows.lapseDays()));
  }

  /**
   * Silence beyond the rhythm: more than {@code gap_multiple} gaps and at least a third of the window;
   * with the model, P(alive) below {@code max_p_alive} and a value score below {@code max_value_score}.
   */
  private Column byRhythm() {
    Column recency = col("recency_days");
    Column beyondRhythm = recency.gt(gap().multiply(options.gapMultiple())).and(recency.geq(Math.max(1, windows.lapseDays() / 3)));
    Column history = withModel ? col("purchases_total").geq(2) : col("purchases_total").geq(MIN_PURCHASES_FOR_RHYTHM);
    Column modelAgrees = withModel ? pAlive().lt(options.maxPAlive()).and(lowValue()) : lit(true);
    return history.and(beyondRhythm).and(modelAgrees);
  }

  /** Without the model, two purchases: the lapse window. */
  private Column byWindow() {
    return withModel ? lit(false) : col("purchases_total").equalTo(2).and(col("recency_days").geq(windows.lapseDays()));
  }

  private Column oneTimeBuyer() {
    return col("purchases_total").equalTo(1).and(col("recency_days").geq(oneTimeBuyerLapseDays())).and(lowValue());
  }

  private Column byPAlive() {
    return lapseBelowPAlive > 0 && withModel
        ? col("purchases_total").geq(2).and(pAlive().lt(lapseBelowPAlive)).and(lowValue())
        : lit(false);
  }

  /** True for a lapsed buyer, false otherwise (never null). */
  public Column lapsed() {
    return col("has_purchase").and(org.apache.spark.sql.functions.coalesce(
        byPAlive().or(longSilence()).or(byRhythm()).or(byWindow()).or(oneTimeBuyer()), lit(false)));
  }

  /** The reason of a lapsed customer: which rule applied, with its numbers. */
  public Column reason() {
    Column days = TierAssignment.counted(col("recency_days"), "day", "days");
    Column boughtBefore = when(col("purchases_total").equalTo(1), lit("bought once before"))
        .otherwise(format_string("bought %d times before", col("purchases_total")));
    Column usualGap = TierAssignment.counted(org.apache.spark.sql.functions.round(gap()).cast("int"), "day", "days");
    String modelNote = withModel
        ? "; P(alive) %.2f below " + number(options.maxPAlive()) + " and value %d below " + number(options.maxValueScore())
        : "";
    Column rhythm = withModel
        ? format_string("no purchase for %s, %.1f times this customer's usual gap of %s" + modelNote + "; %s",
            days, col("recency_days").divide(gap()), usualGap, pAlive(), org.apache.spark.sql.functions.coalesce(col("value_score").cast("int"), lit(0)), boughtBefore)
        : format_string("no purchase for %s, %.1f times this customer's usual gap of %s; %s",
            days, col("recency_days").divide(gap()), usualGap, boughtBefore);
    Column oneTime = withModel
        ? format_string("one purchase only, %s ago: longer than the lapse window of %d days plus the usual gap of %d days"
            + " between repeat buyers' purchases, and value %d below " + number(options.maxValueScore()),
            days, lit(windows.lapseDays()), lit(Math.round(usualGapOfRepeatBuyers)), org.apache.spark.sql.functions.coalesce(col("value_score").cast("int"), lit(0)))
        : format_string("one purchase only, %s ago: longer than the lapse window of %d days plus the usual gap of %d days"
            + " between repeat buyers' purchases",
            days, lit(windows.lapseDays()), lit(Math.round(usualGapOfRepeatBuyers)));
    return when(byPAlive(), format_string(
            "probably gone: P(alive) %.2f after %s without a purchase (below %s); %s",
            pAlive(), days, lit(Double.toString(lapseBelowPAlive)), boughtBefore))
        .when(longSilence(), format_string(
            "no purchase for %s: %s lapse windows of %d days or more, whatever the rhythm; %s",
            days, lit(number(options.maxWindows())), lit(windows.lapseDays()), boughtBefore))
        .when(byRhythm(), rhythm)
        .when(oneTimeBuyer(), oneTime)
        .otherwise(format_string(
            "no purchase for %s (lapse window %d days); %s", days, lit(windows.lapseDays()), boughtBefore));
  }

  private static String number(double x) {
    return TierLines.number(x);
  }
}
