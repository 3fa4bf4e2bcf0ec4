package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import io.github.customertiers.pipeline.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reproduces Fader, Hardie &amp; Lee (2005) on the real CDNOW sample: calibration to 1997-09-30,
 * weeks, same-day orders merged.
 */
@ExtendWith(SharedSpark.class)
class BgNbdModelCdnowTest {

  private static Dataset<Row> summary;
  private static FrequencyRecencyTuples tuples;
  private static BgNbdModel model;

  @BeforeAll
  static void fit() {
    SparkSession spark = SharedSpark.session();
    summary = CdnowSample.calibrationSummary().summarise(CdnowSample.transactions(spark)).cache();
    tuples = new ValueModelFitter(ValueModelThresholds.defaults())
        .collectFrequencyTuples(summary, summary.count()).tuples();
    model = BgNbdModel.fit(tuples, ModelTimeUnit.WEEKS);
  }

  @Test
  void calibrationTotalsMatchThePaper() {
    assertThat(tuples.customers()).as("customers in the calibration period").isEqualTo(2357);
    assertThat(tuples.totalRepeatPurchases()).as("repeat purchases in total").isEqualTo(2457);
    assertThat(tuples.customers() - tuples.repeatBuyers()).as("customers with no repeat purchase").isEqualTo(1411);
  }

  @Test
  void customer0001HasThePublishedHistory() {
    Row row = summary.filter("customer_id = '0001'").first();
    assertThat(row.<Integer>getAs(RepeatPurchaseSummary.REPEAT_PURCHASES)).as("x of customer 0001").isEqualTo(2);
    assertThat(row.<Double>getAs(RepeatPurchaseSummary.RECENCY)).as("t_x of customer 0001, weeks")
        .isCloseTo(30.43, within(0.005));
    assertThat(row.<Double>getAs(RepeatPurchaseSummary.AGE)).as("T of customer 0001, weeks")
        .isCloseTo(38.86, within(0.005));
  }

  @Test
  void parametersMatchThePublishedEstimates() {
    assertThat(model.r()).as("r").isCloseTo(0.243, withPercentage(0.5));
    assertThat(model.alpha()).as("alpha (weeks)").isCloseTo(4.414, withPercentage(0.5));
    assertThat(model.a()).as("a").isCloseTo(0.793, withPercentage(0.5));
    assertThat(model.b()).as("b").isCloseTo(2.426, withPercentage(0.5));
    assertThat(model.logLikelihood()).as("maximised log-likelihood").isCloseTo(-9582.4, within(0.1));
    assertThat(model.customers()).as("customers fitted").isEqualTo(2357);
    assertThat(model.converged()).as("converged").isTrue();
    assertThat(model.timeUnit()).as("time unit").isEqualTo(ModelTimeUnit.WEEKS);
  }

  @Test
  void customer0001PredictionsMatchThePaper() {
    Row row = summary.filter("customer_id = '0001'").first();
    int x = row.getAs(RepeatPurchaseSummary.REPEAT_PURCHASES);
    double tx = row.getAs(RepeatPurchaseSummary.RECENCY);
    double age = row.getAs(RepeatPurchaseSummary.AGE);
    assertThat(model.expectedPurchases(39, x, tx, age)).as("expected purchases of 0001 in the next 39 weeks")
        .isCloseTo(1.226, within(0.001));
    assertThat(model.probabilityAlive(x, tx, age)).as("P(alive) of 0001 at 1997-09-30")
        .isCloseTo(0.727, within(0.001));
  }

  @Test
  void defaultPurchaseDayRuleLeavesOutTheEightZeroValueCustomers() {
    // Eight sample customers' only order was worth $0.00; the paper counts them, the default rule does not.
    Row counts = RepeatPurchaseSummary.asOf(CdnowSample.CALIBRATION_END)
        .summarise(CdnowSample.transactions(SharedSpark.session()))
        .selectExpr("count(*)", "count(x)", "sum(x)").first();
    assertThat(counts.getLong(0)).as("customers with a row in calibration").isEqualTo(2357);
    assertThat(counts.getLong(1)).as("customers with a purchase day (net > 0)").isEqualTo(2349);
    assertThat(counts.getLong(2)).as("repeat purchases are unchanged").isEqualTo(2457);
  }

  @Test
  void tuplesAreFewerThanCustomers() {
    assertThat(tuples.size()).as("distinct (x, t_x, T) tuples").isLessThan(2357);
  }

  @Test
  void perCustomerLogLikelihoodsAddUpToTheFittedOne() {
    List<Row> rows = summary.select("x", "t_x", "T").collectAsList(); // 2,357 rows: a test-only cross-check
    double total = rows.stream().mapToDouble(r -> model.customerLogLikelihood(r.getInt(0), r.getDouble(1),
        r.getDouble(2))).sum();
    assertThat(total).as("sum of per-customer log-likelihoods").isCloseTo(model.logLikelihood(), within(1e-6));
  }
}
