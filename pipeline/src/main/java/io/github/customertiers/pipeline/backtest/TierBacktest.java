package io.github.customertiers.pipeline.backtest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.tiers.Tier;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Measures tiers published as of a calibration end against what each tiered customer did in the
 * holdout period (calibration end, holdout end]. The base is the tiered customers; customers whose
 * first purchase falls in the holdout are not in it.
 */
public final class TierBacktest {
  private static final Logger LOG = LogManager.getLogger(TierBacktest.class);
  private static final String IN_TOP = "in_top_spenders";

  private final LocalDate calibrationEnd;
  private final LocalDate holdoutEnd;

  private TierBacktest(LocalDate calibrationEnd, LocalDate holdoutEnd) {
    this.calibrationEnd = Objects.requireNonNull(calibrationEnd, "calibrationEnd");
    this.holdoutEnd = Objects.requireNonNull(holdoutEnd, "holdoutEnd");
    if (!holdoutEnd.isAfter(calibrationEnd)) {
      throw new IllegalArgumentException("holdout end " + holdoutEnd + " must be after the calibration end " + calibrationEnd);
    }
  }

  public static TierBacktest between(LocalDate calibrationEnd, LocalDate holdoutEnd) {
    return new TierBacktest(calibrationEnd, holdoutEnd);
  }

  /**
   * @param segments the segment table as of the calibration end (customer_id, tier, value_score, clv, r/f/m scores)
   * @param transactions the stored transactions (customer_id, transaction_id, amount, event_date), any days
   */
  public BacktestReport measure(Dataset<Row> segments, Dataset<Row> transactions) {
    Dataset<Row> outcomes = HoldoutOutcomes.of(transactions, calibrationEnd, holdoutEnd);
    Dataset<Row> customers = segments
        .select(col("customer_id"), col("tier"), col("value_score"), col("clv"), col("r_score"), col("f_score"), col("m_score"))
        .join(outcomes, segments.col("customer_id").equalTo(outcomes.col("customer_id")), "left")
        .drop(outcomes.col("customer_id"))
        .withColumn(HoldoutOutcomes.CALIBRATION_SPEND, coalesce(col(HoldoutOutcomes.CALIBRATION_SPEND), lit(0.0)))
        .withColumn(HoldoutOutcomes.HOLDOUT_REVENUE, coalesce(col(HoldoutOutcomes.HOLDOUT_REVENUE), lit(0.0)))
        .withColumn(HoldoutOutcomes.HOLDOUT_PURCHASES, coalesce(col(HoldoutOutcomes.HOLDOUT_PURCHASES), lit(0L)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row totals = customers.agg(count(lit(1)), sum(col(HoldoutOutcomes.HOLDOUT_REVENUE)),
          sum(col(HoldoutOutcomes.HOLDOUT_PURCHASES))).first();
      long n = totals.getLong(0);
      if (n == 0) {
        throw new IllegalStateException("no customers were tiered as of " + calibrationEnd + ": nothing to backtest");
      }
      double total = totals.isNullAt(1) ? 0 : totals.getDouble(1);
      long purchases = totals.isNullAt(2) ? 0 : totals.getLong(2);

      Dataset<Row> perfect = CaptureCurve.ranked(customers, RankingOrder.HOLDOUT_REVENUE).persist(StorageLevel.MEMORY_AND_DISK());
      CaptureCurve.Sums perfectSums = CaptureCurve.sums(perfect, n);
      long topCount = CaptureCurve.topCount(n, BacktestReport.TOP_SPENDERS_PERCENT);
      Dataset<Row> top = perfect.filter(col(CaptureCurve.RANK).leq(lit(topCount))
          .and(col(HoldoutOutcomes.HOLDOUT_REVENUE).gt(0))).select(col("customer_id").as("top_customer_id"));
      long topSpenders = top.count();
      Dataset<Row> flagged = customers.join(top, customers.col("customer_id").cast("string").equalTo(top.col("top_customer_id")), "left")
          .withColumn(IN_TOP, top.col("top_customer_id").isNotNull());
      List<TierOutcome> tiers = tierOutcomes(flagged);
      perfect.unpersist();

      Map<RankingOrder, RankingQuality> rankings = new EnumMap<>(RankingOrder.class);
      for (RankingOrder order : RankingOrder.values()) {
        CaptureCurve.Sums sums = order == RankingOrder.HOLDOUT_REVENUE ? perfectSums
            : CaptureCurve.sums(CaptureCurve.ranked(customers, order), n);
        rankings.put(order, CaptureCurve.quality(order, sums, perfectSums, n, total));
      }
      BacktestReport report = new BacktestReport(calibrationEnd, holdoutEnd, n, total, purchases, tiers,
          new ArrayList<>(rankings.values()), topSpenders);
      LOG.info("backtest {} .. {}: {} customers, vip+key precision {}, recall {}", calibrationEnd, holdoutEnd, n,
          report.vipKeyPrecision(), report.vipKeyRecall());
      return report;
    } finally {
      customers.unpersist();
    }
  }

  private static List<TierOutcome> tierOutcomes(Dataset<Row> flagged) {
    List<Row> rows = flagged.groupBy(col("tier")).agg(
        count(lit(1)),
        sum(col(HoldoutOutcomes.HOLDOUT_REVENUE)),
        sum(col(HoldoutOutcomes.HOLDOUT_PURCHASES)),
        count(when(col(HoldoutOutcomes.HOLDOUT_PURCHASES).equalTo(0), lit(1))),
        coalesce(sum(when(col(HoldoutOutcomes.HOLDOUT_PURCHASES).gt(0), col(HoldoutOutcomes.HOLDOUT_REVENUE))), lit(0.0)),
        count(when(col(IN_TOP), lit(1)))).collectAsList();
    List<TierOutcome> out = new ArrayList<>();
    for (Tier tier : Tier.values()) {
      Row r = rows.stream().filter(x -> tier.label().equals(x.getString(0))).findFirst().orElse(null);
      out.add(r == null ? new TierOutcome(tier.label(), 0, 0, 0, 0, 0, 0)
          : new TierOutcome(tier.label(), r.getLong(1), r.getDouble(2), r.getLong(3), r.getLong(4), r.getDouble(5), r.getLong(6)));
    }
    return out;
  }
}
