package io.github.customertiers.pipeline.value;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The library part of {@code tiers evaluate-value --calibration-end D1 --holdout-end D2}: fits the
 * BG/NBD on the calibration period (rows up to D1), predicts each customer's purchases in (D1, D2]
 * (horizon D2 - D1 in the time unit), counts the actual purchase days there, and compares them by
 * number of calibration repeat purchases, as in Fader, Hardie &amp; Lee (2005), section 4.
 *
 * <p>Only the cohort is evaluated: customers whose first purchase day falls in the calibration period
 * (and on or after the calibration start, if one is set). Holdout purchase days follow the same
 * netting and {@link PurchaseDayRule} as calibration days.
 */
public final class HoldoutEvaluation {

  public static final String PREDICTED_PURCHASES = "predicted_purchases";
  public static final String ACTUAL_PURCHASES = "actual_purchases";
  public static final String REPEAT_PURCHASES_GROUP = "repeat_purchases_group";
  /** Calibration repeat purchases from which customers share one group ("7+"). */
  public static final int OPEN_GROUP_FROM = 7;
  private static final Logger LOG = LogManager.getLogger(HoldoutEvaluation.class);

  private final LocalDate calibrationEnd;
  private final LocalDate holdoutEnd;
  private final LocalDate calibrationStart;
  private final ModelTimeUnit timeUnit;
  private final PurchaseDayRule purchaseDayRule;
  private final ValueModelThresholds thresholds;

  private HoldoutEvaluation(LocalDate calibrationEnd, LocalDate holdoutEnd, LocalDate calibrationStart,
      ModelTimeUnit timeUnit, PurchaseDayRule purchaseDayRule, ValueModelThresholds thresholds) {
    this.calibrationEnd = Objects.requireNonNull(calibrationEnd, "calibrationEnd");
    this.holdoutEnd = Objects.requireNonNull(holdoutEnd, "holdoutEnd");
    if (!holdoutEnd.isAfter(calibrationEnd)) {
      throw new IllegalArgumentException("holdout end " + holdoutEnd + " must be after the calibration end "
          + calibrationEnd);
    }
    if (calibrationStart != null && calibrationStart.isAfter(calibrationEnd)) {
      throw new IllegalArgumentException("calibration start " + calibrationStart + " is after the calibration end "
          + calibrationEnd);
    }
    this.calibrationStart = calibrationStart;
    this.timeUnit = Objects.requireNonNull(timeUnit, "timeUnit");
    this.purchaseDayRule = Objects.requireNonNull(purchaseDayRule, "purchaseDayRule");
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
  }

  /** Calibration up to {@code calibrationEnd}, holdout (calibrationEnd, holdoutEnd]; weeks, default rule and guard. */
  public static HoldoutEvaluation between(LocalDate calibrationEnd, LocalDate holdoutEnd) {
    return new HoldoutEvaluation(calibrationEnd, holdoutEnd, null, ModelTimeUnit.DEFAULT,
        PurchaseDayRule.POSITIVE_NET_AMOUNT, ValueModelThresholds.defaults());
  }

  public HoldoutEvaluation calibrationStart(LocalDate start) {
    return new HoldoutEvaluation(calibrationEnd, holdoutEnd, Objects.requireNonNull(start, "start"), timeUnit,
        purchaseDayRule, thresholds);
  }

  public HoldoutEvaluation timeUnit(ModelTimeUnit unit) {
    return new HoldoutEvaluation(calibrationEnd, holdoutEnd, calibrationStart, unit, purchaseDayRule, thresholds);
  }

  public HoldoutEvaluation purchaseDayRule(PurchaseDayRule rule) {
    return new HoldoutEvaluation(calibrationEnd, holdoutEnd, calibrationStart, timeUnit, rule, thresholds);
  }

  public HoldoutEvaluation thresholds(ValueModelThresholds guardThresholds) {
    return new HoldoutEvaluation(calibrationEnd, holdoutEnd, calibrationStart, timeUnit, purchaseDayRule,
        guardThresholds);
  }

  /** Holdout length (D2 - D1) in the time unit. */
  public double holdoutLength() {
    return timeUnit.fromDays(ChronoUnit.DAYS.between(calibrationEnd, holdoutEnd));
  }

  /**
   * Fits, predicts and compares.
   *
   * @throws IllegalStateException when the calibration data fail the {@link ValueModelGuard}
   * @throws ValueModelFitException when the BG/NBD cannot be fitted
   */
  public HoldoutReport evaluate(Dataset<Row> transactions) {
    Dataset<Row> cohort = calibrationSummary().summarise(transactions)
        .filter(col(RepeatPurchaseSummary.REPEAT_PURCHASES).isNotNull());
    GuardDecision decision = new ValueModelGuard(thresholds).check(cohort, timeUnit);
    if (!decision.fit()) {
      throw new IllegalStateException("holdout evaluation: the calibration data cannot support a value model: "
          + decision.reason());
    }
    FrequencyRecencyTuples tuples = new ValueModelFitter(thresholds)
        .collectFrequencyTuples(cohort, decision.customers()).tuples();
    BgNbdModel model = BgNbdModel.fit(tuples, timeUnit);
    Dataset<Row> perCustomer = predictedAndActual(transactions, cohort, model);
    List<Row> aggregates = perCustomer.rollup(col(REPEAT_PURCHASES_GROUP)).agg(
        count(lit(1)),
        avg(PREDICTED_PURCHASES),
        avg(ACTUAL_PURCHASES),
        sum(PREDICTED_PURCHASES),
        sum(ACTUAL_PURCHASES),
        // corr() divides by zero under ANSI mode where a group's actual purchases are all equal:
        // the same Pearson correlation, null (reported NaN) where it is undefined.
        org.apache.spark.sql.functions.try_divide(
            org.apache.spark.sql.functions.covar_samp(col(PREDICTED_PURCHASES), col(ACTUAL_PURCHASES).cast(DataTypes.DoubleType)),
            org.apache.spark.sql.functions.stddev_samp(col(PREDICTED_PURCHASES))
                .multiply(org.apache.spark.sql.functions.stddev_samp(col(ACTUAL_PURCHASES).cast(DataTypes.DoubleType)))))
        .collectAsList();
    HoldoutReport report = report(model, aggregates);
    LOG.info("Holdout evaluation {} .. {}: {} customers, predicted {} vs actual {}, correlation {}", calibrationEnd,
        holdoutEnd, report.customers(), report.totalPredicted(), report.totalActual(), report.correlation());
    return report;
  }

  /**
   * Per cohort customer: the calibration summary columns plus {@code predicted_purchases} (double),
   * {@code actual_purchases} (long) and {@code repeat_purchases_group} ("0" ... "6", "7+").
   */
  public Dataset<Row> predictedAndActual(Dataset<Row> transactions, Dataset<Row> cohort, BgNbdModel model) {
    double horizon = holdoutLength();
    UserDefinedFunction predicted = udf(
        (UDF3<Integer, Double, Double, Double>) (x, tx, age) -> model.expectedPurchases(horizon, x, tx, age),
        DataTypes.DoubleType);
    Dataset<Row> holdoutRows = transactions.filter(col(RepeatPurchaseSummary.EVENT_DATE).gt(lit(calibrationEnd))
        .and(col(RepeatPurchaseSummary.EVENT_DATE).leq(lit(holdoutEnd))));
    Dataset<Row> actual = RepeatPurchaseSummary.dailyNetAmounts(holdoutRows)
        .filter(purchaseDayRule.isPurchaseDay(col(RepeatPurchaseSummary.DAY_NET_AMOUNT)))
        .groupBy(RepeatPurchaseSummary.CUSTOMER_ID)
        .agg(count(lit(1)).as(ACTUAL_PURCHASES));
    return cohort.join(actual, new String[] {RepeatPurchaseSummary.CUSTOMER_ID}, "left")
        .withColumn(ACTUAL_PURCHASES, coalesce(col(ACTUAL_PURCHASES), lit(0L)))
        .withColumn(PREDICTED_PURCHASES, predicted.apply(col(RepeatPurchaseSummary.REPEAT_PURCHASES),
            col(RepeatPurchaseSummary.RECENCY), col(RepeatPurchaseSummary.AGE)))
        .withColumn(REPEAT_PURCHASES_GROUP, when(col(RepeatPurchaseSummary.REPEAT_PURCHASES).geq(OPEN_GROUP_FROM),
            lit(OPEN_GROUP_FROM + "+")).otherwise(col(RepeatPurchaseSummary.REPEAT_PURCHASES).cast(DataTypes.StringType)));
  }

  private RepeatPurchaseSummary calibrationSummary() {
    RepeatPurchaseSummary summary = RepeatPurchaseSummary.asOf(calibrationEnd).timeUnit(timeUnit)
        .purchaseDayRule(purchaseDayRule);
    return calibrationStart == null ? summary : summary.calibrationStart(calibrationStart);
  }

  private HoldoutReport report(BgNbdModel model, List<Row> aggregates) {
    Map<String, HoldoutGroup> byLabel = new HashMap<>();
    Row all = null;
    for (Row row : aggregates) {
      if (row.isNullAt(0)) {
        all = row;
      } else {
        String label = row.getString(0);
        byLabel.put(label, new HoldoutGroup(label, row.getLong(1), row.getDouble(2), row.getDouble(3)));
      }
    }
    List<HoldoutGroup> groups = new ArrayList<>();
    for (int i = 0; i <= OPEN_GROUP_FROM; i++) {
      String label = i < OPEN_GROUP_FROM ? Integer.toString(i) : OPEN_GROUP_FROM + "+";
      groups.add(byLabel.getOrDefault(label, new HoldoutGroup(label, 0, Double.NaN, Double.NaN)));
    }
    long customers = all == null ? 0 : all.getLong(1);
    double totalPredicted = all == null || all.isNullAt(4) ? 0.0 : all.getDouble(4);
    long totalActual = all == null || all.isNullAt(5) ? 0 : all.getLong(5);
    double correlation = all == null || all.isNullAt(6) ? Double.NaN : all.getDouble(6);
    return new HoldoutReport(calibrationEnd, holdoutEnd, timeUnit, holdoutLength(), model, groups, customers,
        totalPredicted, totalActual, correlation);
  }
}
