package io.github.customertiers.pipeline.value;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/**
 * Turns canonical transactions into the BG/NBD and Gamma-Gamma inputs, one row per customer, on the
 * executors (Fader, Hardie &amp; Lee 2005, section 2: x, t_x, T).
 *
 * <p>Input columns: {@code customer_id} (string), {@code event_date} (date: the purchase day in the
 * business time zone), {@code amount} (numeric, negative for refunds and returns). Rows after the
 * as-of date (inclusive bound) or before the optional calibration start are ignored; rows with a
 * null customer or date are ignored.
 *
 * <p>Rules: all of a customer's rows of one day net into one day amount (several orders of a day
 * make one purchase; a refund nets into the day it happens, not the day of the purchase it undoes);
 * a day is a purchase day by the {@link PurchaseDayRule} (default: net amount &gt; 0, so a day
 * whose refunds cancel its purchases, or a pure refund day, is not a purchase).
 *
 * <p>Output columns ({@link #OUTPUT_COLUMNS}), one row per customer with any row in the window:
 * <ul>
 *   <li>{@code customer_id}</li>
 *   <li>{@code first_purchase_date}, {@code last_purchase_date} (dates)</li>
 *   <li>{@code x} (int): repeat purchases = purchase days after the first</li>
 *   <li>{@code t_x} (double): time from the first to the last purchase day, in the time unit</li>
 *   <li>{@code T} (double): time from the first purchase day to the as-of date, in the time unit</li>
 *   <li>{@code mean_repeat_value} (double): mean net amount of the repeat purchase days; null when
 *       x = 0</li>
 *   <li>{@code first_purchase_value} (double): net amount of the first purchase day</li>
 *   <li>{@code refund_share} (double): refunds on days that are not purchase days (the absolute sum of
 *       their negative net amounts) over the summed amount of the purchase days; 0 without such
 *       refunds, 1 when they cancel every purchase</li>
 * </ul>
 * Customers whose rows in the window make no purchase day (only refunds, say) get nulls in all of
 * these but {@code customer_id}. With days as integers, {@code t_x = days(last - first) / unit} and
 * {@code T = days(asOf - first) / unit}; the CDNOW figures (customer 0001: t_x = 30.43, T = 38.86
 * weeks at 1997-09-30) follow exactly this convention.
 *
 * <p>Instances are immutable; each option returns a copy.
 */
public final class RepeatPurchaseSummary {

  public static final String CUSTOMER_ID = "customer_id";
  public static final String EVENT_DATE = "event_date";
  public static final String AMOUNT = "amount";
  public static final String DAY_NET_AMOUNT = "day_net_amount";
  public static final String FIRST_PURCHASE_DATE = "first_purchase_date";
  public static final String LAST_PURCHASE_DATE = "last_purchase_date";
  /** Repeat purchases x. */
  public static final String REPEAT_PURCHASES = "x";
  /** Recency t_x. */
  public static final String RECENCY = "t_x";
  /** Age T. */
  public static final String AGE = "T";
  public static final String MEAN_REPEAT_VALUE = "mean_repeat_value";
  public static final String FIRST_PURCHASE_VALUE = "first_purchase_value";
  public static final String REFUND_SHARE = "refund_share";
  public static final List<String> OUTPUT_COLUMNS = List.of(CUSTOMER_ID, FIRST_PURCHASE_DATE, LAST_PURCHASE_DATE,
      REPEAT_PURCHASES, RECENCY, AGE, MEAN_REPEAT_VALUE, FIRST_PURCHASE_VALUE, REFUND_SHARE);

  private static final String PURCHASE_DAYS = "purchase_days";
  private static final String PURCHASE_AMOUNT = "purchase_amount";
  private static final String FIRST_DAY_AMOUNT = "first_day_amount";
  private static final String REFUNDED_AMOUNT = "refunded_amount";

  private final LocalDate asOf;
  private final LocalDate calibrationStart;
  private final ModelTimeUnit timeUnit;
  private final PurchaseDayRule purchaseDayRule;

  private RepeatPurchaseSummary(LocalDate asOf, LocalDate calibrationStart, ModelTimeUnit timeUnit,
      PurchaseDayRule purchaseDayRule) {
    this.asOf = Objects.requireNonNull(asOf, "asOf");
    if (calibrationStart != null && calibrationStart.isAfter(asOf)) {
      throw new IllegalArgumentException("calibration start " + calibrationStart + " is after the as-of date " + asOf);
    }
    this.calibrationStart = calibrationStart;
    this.timeUnit = Objects.requireNonNull(timeUnit, "timeUnit");
    this.purchaseDayRule = Objects.requireNonNull(purchaseDayRule, "purchaseDayRule");
  }

  /** A summary as of the end of {@code asOf} (inclusive), in weeks, purchase days with net &gt; 0. */
  public static RepeatPurchaseSummary asOf(LocalDate asOf) {
    return new RepeatPurchaseSummary(asOf, null, ModelTimeUnit.DEFAULT, PurchaseDayRule.POSITIVE_NET_AMOUNT);
  }

  /**
   * Ignore rows before {@code start} (inclusive bound). A customer who bought before it is then
   * treated as if born on their first purchase day in the window; use it only where earlier history
   * does not exist or must be ignored.
   */
  public RepeatPurchaseSummary calibrationStart(LocalDate start) {
    return new RepeatPurchaseSummary(asOf, Objects.requireNonNull(start, "start"), timeUnit, purchaseDayRule);
  }

  /** Unit of {@code t_x} and {@code T}; default weeks. */
  public RepeatPurchaseSummary timeUnit(ModelTimeUnit unit) {
    return new RepeatPurchaseSummary(asOf, calibrationStart, unit, purchaseDayRule);
  }

  /** Which netted days are purchase days; default {@link PurchaseDayRule#POSITIVE_NET_AMOUNT}. */
  public RepeatPurchaseSummary purchaseDayRule(PurchaseDayRule rule) {
    return new RepeatPurchaseSummary(asOf, calibrationStart, timeUnit, rule);
  }

  public LocalDate asOfDate() {
    return asOf;
  }

  public Optional<LocalDate> calibrationStartDate() {
    return Optional.ofNullable(calibrationStart);
  }

  public ModelTimeUnit timeUnit() {
    return timeUnit;
  }

  public PurchaseDayRule purchaseDayRule() {
    return purchaseDayRule;
  }

  /** One row per customer with {@link #OUTPUT_COLUMNS}; lazy, nothing is collected. */
  public Dataset<Row> summarise(Dataset<Row> transactions) {
    requireCanonicalColumns(transactions);
    Column inWindow = col(EVENT_DATE).leq(lit(asOf));
    if (calibrationStart != null) {
      inWindow = inWindow.and(col(EVENT_DATE).geq(lit(calibrationStart)));
    }
    Dataset<Row> days = dailyNetAmounts(transactions.filter(inWindow));
    Column isPurchaseDay = purchaseDayRule.isPurchaseDay(col(DAY_NET_AMOUNT));
    Column purchaseDate = when(isPurchaseDay, col(EVENT_DATE));
    Column purchaseAmount = when(isPurchaseDay, col(DAY_NET_AMOUNT));
    Dataset<Row> perCustomer = days.groupBy(CUSTOMER_ID).agg(
        min(purchaseDate).as(FIRST_PURCHASE_DATE),
        max(purchaseDate).as(LAST_PURCHASE_DATE),
        count(purchaseDate).as(PURCHASE_DAYS),
        sum(purchaseAmount).as(PURCHASE_AMOUNT),
        // min_by skips rows whose ordering (the date) is null, i.e. days that are not purchase days.
        min_by(purchaseAmount, purchaseDate).as(FIRST_DAY_AMOUNT),
        sum(when(not(isPurchaseDay).and(col(DAY_NET_AMOUNT).lt(0)), col(DAY_NET_AMOUNT).multiply(-1)))
            .as(REFUNDED_AMOUNT));
    Column repeatPurchases = col(PURCHASE_DAYS).minus(1);
    Column hasPurchase = col(FIRST_PURCHASE_DATE).isNotNull();
    Column repeatAmount = col(PURCHASE_AMOUNT).minus(col(FIRST_DAY_AMOUNT)).cast(DataTypes.DoubleType);
    return perCustomer.select(
        col(CUSTOMER_ID),
        col(FIRST_PURCHASE_DATE),
        col(LAST_PURCHASE_DATE),
        when(hasPurchase, repeatPurchases.cast(DataTypes.IntegerType)).as(REPEAT_PURCHASES),
        timeUnit.fromDays(datediff(col(LAST_PURCHASE_DATE), col(FIRST_PURCHASE_DATE))).as(RECENCY),
        timeUnit.fromDays(datediff(lit(asOf), col(FIRST_PURCHASE_DATE))).as(AGE),
        when(repeatPurchases.gt(0), repeatAmount.divide(repeatPurchases)).as(MEAN_REPEAT_VALUE),
        col(FIRST_DAY_AMOUNT).cast(DataTypes.DoubleType).as(FIRST_PURCHASE_VALUE),
        refundShare(hasPurchase).as(REFUND_SHARE));
  }

  /** Refunded over purchased; 1 when purchases sum to 0 (zero-value days) and something was refunded. */
  private static Column refundShare(Column hasPurchase) {
    Column refunded = coalesce(col(REFUNDED_AMOUNT).cast(DataTypes.DoubleType), lit(0.0));
    Column purchased = col(PURCHASE_AMOUNT).cast(DataTypes.DoubleType);
    return when(hasPurchase, when(purchased.gt(0), refunded.divide(purchased))
        .when(refunded.gt(0), lit(1.0)).otherwise(lit(0.0)));
  }

  /**
   * Customer-days with their net amount: {@code customer_id, event_date, day_net_amount} (the sum of
   * the day's amounts; null only if all of them are null). No purchase-day rule is applied.
   */
  public static Dataset<Row> dailyNetAmounts(Dataset<Row> transactions) {
    requireCanonicalColumns(transactions);
    return transactions
        .filter(col(CUSTOMER_ID).isNotNull().and(col(EVENT_DATE).isNotNull()))
        .groupBy(CUSTOMER_ID, EVENT_DATE)
        .agg(sum(col(AMOUNT)).as(DAY_NET_AMOUNT));
  }

  /** Throws a message naming missing or mistyped canonical columns. */
  static void requireCanonicalColumns(Dataset<Row> transactions) {
    List<String> problems = new ArrayList<>();
    List<String> names = Arrays.asList(transactions.columns());
    for (String required : List.of(CUSTOMER_ID, EVENT_DATE, AMOUNT)) {
      if (!names.contains(required)) {
        problems.add("missing column " + required);
      }
    }
    if (problems.isEmpty()) {
      DataType dateType = transactions.schema().apply(EVENT_DATE).dataType();
      if (!dateType.equals(DataTypes.DateType)) {
        problems.add(EVENT_DATE + " must be a date (the day in the business time zone), got " + dateType.simpleString());
      }
      DataType amountType = transactions.schema().apply(AMOUNT).dataType();
      if (!(amountType instanceof NumericType)) {
        problems.add(AMOUNT + " must be numeric, got " + amountType.simpleString());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("transactions for the value model: " + String.join("; ", problems)
          + " (columns: " + names + ")");
    }
  }
}
