package io.github.customertiers.pipeline.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.github.customertiers.pipeline.testing.Fixtures;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ten tiered customers with known holdout revenue; the expected figures are recomputed here in
 * plain Java (capture by sorting a list, Gini by the trapezoid rule on the cumulative-gains curve).
 */
@ExtendWith(SharedSpark.class)
class TierBacktestTest {
  static final LocalDate D1 = LocalDate.of(2026, 6, 30);
  static final LocalDate D2 = LocalDate.of(2026, 12, 31);
  static final String[] TIERS = {"vip", "key", "key", "ordinary", "ordinary", "ordinary", "potential", "lapsed", "lapsed", "lapsed"};
  static final double[] HOLDOUT = {500, 0, 300, 120, 0, 60, 10, 0, 200, 0};

  static int valueScore(int i) {
    return 90 - 7 * i;
  }

  Dataset<Row> segments(SparkSession spark) {
    StructType schema = new StructType().add("customer_id", DataTypes.StringType).add("tier", DataTypes.StringType)
        .add("value_score", DataTypes.IntegerType).add("clv", DataTypes.DoubleType).add("r_score", DataTypes.IntegerType)
        .add("f_score", DataTypes.IntegerType).add("m_score", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < TIERS.length; i++) {
      // CLV orders the customers in reverse; r, f and m are equal for all (ties only).
      rows.add(RowFactory.create("C" + i, TIERS[i], valueScore(i), (double) i, 3, 3, 3));
    }
    return spark.createDataFrame(rows, schema);
  }

  Dataset<Row> transactions(SparkSession spark) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < TIERS.length; i++) {
      rows.add("cal" + i + ",C" + i + ",2026-01-10," + (100 - 5 * i));
      if (HOLDOUT[i] > 0) {
        rows.add("h" + i + ",C" + i + ",2026-09-01," + HOLDOUT[i]);
      }
    }
    rows.add("d1,C1,2026-06-30,999");        // on the calibration end: calibration, not holdout
    rows.add("late,C1,2027-01-01,999");      // after the holdout end: ignored
    rows.add("p4,C4,2026-08-01,50");         // a purchase refunded in full: one purchase, revenue 0
    rows.add("r4,C4,2026-08-05,-50");
    rows.add("new,NEWCOMER,2026-09-01,777"); // first purchase in the holdout: not in the tiered base
    return Fixtures.transactions(spark, rows.toArray(String[]::new));
  }

  @Test
  void tierOutcomesCaptureGiniAndPrecision(SparkSession spark) {
    BacktestReport report = TierBacktest.between(D1, D2).measure(segments(spark), transactions(spark));
    double total = java.util.Arrays.stream(HOLDOUT).sum();

    assertThat(report.customers()).as("tiered customers (the newcomer is not one)").isEqualTo(10);
    assertThat(report.holdoutRevenue()).as("net holdout revenue of the base").isCloseTo(total, offset(1e-9));
    assertThat(report.holdoutPurchases()).as("holdout purchases: 6 positive plus C4's refunded one").isEqualTo(7);
    TierOutcome lapsed = report.tier("lapsed");
    assertThat(lapsed.customers()).isEqualTo(3);
    assertThat(lapsed.boughtAgain()).as("lapsed who came back").isEqualTo(1);
    assertThat(lapsed.returnersRevenue()).as("what they spent").isCloseTo(200, offset(1e-9));
    assertThat(report.tier("ordinary").boughtNothing()).as("C4 bought (and returned) something").isZero();
    assertThat(report.tier("key").holdoutRevenue()).as("C1's rows on D1 and after D2 do not count").isCloseTo(300, offset(1e-9));
    assertThat(report.tiers().stream().mapToLong(TierOutcome::customers).sum()).isEqualTo(report.customers());

    // True top 20% = the two best holdout spenders, C0 and C2; vip+key = C0, C1, C2.
    assertThat(report.topSpenders()).isEqualTo(2);
    assertThat(report.vipKeyPrecision()).isCloseTo(2.0 / 3, offset(1e-9));
    assertThat(report.vipKeyRecall()).isCloseTo(1.0, offset(1e-9));

    double[] byValue = IntStream.range(0, 10).boxed().sorted(Comparator.comparingInt(i -> -valueScore(i)))
        .mapToDouble(i -> HOLDOUT[i]).toArray();
    double[] byClv = IntStream.range(0, 10).boxed().sorted(Comparator.comparingInt(i -> -i)).mapToDouble(i -> HOLDOUT[i]).toArray();
    double[] perfect = java.util.Arrays.stream(HOLDOUT).boxed().sorted(Comparator.reverseOrder()).mapToDouble(d -> d).toArray();
    RankingQuality value = report.ranking(RankingOrder.VALUE_SCORE);
    assertThat(value.captureAt(20)).as("top 2 by value score: C0 and C1").isCloseTo((byValue[0] + byValue[1]) / total, offset(1e-9));
    assertThat(value.captureAt(100)).isCloseTo(1.0, offset(1e-9));
    double aucPerfect = trapezoidAuc(perfect);
    assertThat(value.normalisedGini()).as("Gini by value score")
        .isCloseTo((trapezoidAuc(byValue) - 0.5) / (aucPerfect - 0.5), offset(1e-9));
    assertThat(report.ranking(RankingOrder.CLV).normalisedGini()).as("Gini by clv")
        .isCloseTo((trapezoidAuc(byClv) - 0.5) / (aucPerfect - 0.5), offset(1e-9));
    assertThat(report.ranking(RankingOrder.HOLDOUT_REVENUE).normalisedGini()).as("Gini of the perfect order").isCloseTo(1.0, offset(1e-9));
    assertThat(report.ranking(RankingOrder.TIERS_THEN_VALUE).captureAt(10)).as("top 1: the vip C0")
        .isCloseTo(500 / total, offset(1e-9));
    assertThat(report.toCsv()).contains("vip_key,top_20pct_spenders,precision,0.666667");
  }

  /** Area under the cumulative-gains curve (share of customers, share of revenue), trapezoid rule. */
  static double trapezoidAuc(double[] revenueInOrder) {
    double total = java.util.Arrays.stream(revenueInOrder).sum();
    double area = 0;
    double previous = 0;
    for (double r : revenueInOrder) {
      double current = previous + r / total;
      area += (previous + current) / 2 / revenueInOrder.length;
      previous = current;
    }
    return area;
  }
}
