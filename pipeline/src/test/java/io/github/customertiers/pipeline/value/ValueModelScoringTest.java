package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.customertiers.pipeline.testing.SharedSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class ValueModelScoringTest {

  private static Dataset<Row> summary;
  private static ValueModelFit fit;

  @BeforeAll
  static void fitCdnow() {
    summary = CdnowSample.calibrationSummary().summarise(CdnowSample.transactions(SharedSpark.session())).cache();
    fit = new ValueModelFitter(ValueModelThresholds.defaults()).fit(summary, ModelTimeUnit.WEEKS);
  }

  @Test
  void scoresCustomer0001AsInThePaper() {
    ClvParameters thirtyNineWeeksUndiscounted = new ClvParameters(39, ModelTimeUnit.WEEKS, 1.0, 0.0);
    Row row = ValueModelScoring.score(summary, fit, thirtyNineWeeksUndiscounted).filter("customer_id = '0001'").first();
    double expectedPurchases = row.getAs(ValueModelScoring.EXPECTED_PURCHASES);
    double expectedValue = row.getAs(ValueModelScoring.EXPECTED_VALUE);
    assertThat(expectedPurchases).as("0001 expected purchases in 39 weeks").isCloseTo(1.226, within(0.001));
    assertThat(row.<Double>getAs(ValueModelScoring.P_ALIVE)).as("0001 P(alive)").isCloseTo(0.727, within(0.001));
    assertThat(expectedValue).as("0001 expected value per purchase")
        .isCloseTo(fit.gammaGamma().expectedAverageValue(2, row.<Double>getAs("mean_repeat_value")), within(1e-9));
    assertThat(row.<Double>getAs(ValueModelScoring.CLV)).as("0001 undiscounted clv = E[M] E[Y]")
        .isCloseTo(expectedValue * expectedPurchases, within(1e-6));
  }

  @Test
  void addsTheValueColumnsToEveryCustomer() {
    Dataset<Row> scored = ValueModelScoring.score(summary, fit, ClvParameters.defaults());
    List<String> expectedColumns = new ArrayList<>(RepeatPurchaseSummary.OUTPUT_COLUMNS);
    expectedColumns.addAll(ValueModelScoring.VALUE_COLUMNS);
    assertThat(List.of(scored.columns())).as("columns").isEqualTo(expectedColumns);
    assertThat(scored.schema().apply(ValueModelScoring.CLV).dataType()).as("clv type").isEqualTo(DataTypes.DoubleType);
    Row totals = scored.selectExpr("count(clv)", "min(p_alive)", "max(p_alive)", "min(clv)", "sum(expected_purchases)",
        "count(p_alive)", "count_if(x > 0)", "count_if(clv = 0)", "count_if(first_purchase_value = 0 and x = 0)")
        .first();
    assertThat(totals.getLong(0)).as("customers with a clv").isEqualTo(2357);
    assertThat(totals.getDouble(1)).as("smallest P(alive)").isGreaterThanOrEqualTo(0.0);
    assertThat(totals.getDouble(2)).as("largest P(alive)").isLessThan(1.0);
    assertThat(totals.getLong(5)).as("P(alive) reported for repeat buyers only").isEqualTo(totals.getLong(6));
    assertThat(totals.getDouble(3)).as("smallest clv").isZero();
    assertThat(totals.getLong(7)).as("clv 0 exactly for the one-purchase customers whose only order was $0.00")
        .isEqualTo(totals.getLong(8)).isPositive();
    assertThat(totals.getDouble(4)).as("expected purchases of the cohort in 52 weeks").isPositive();
  }

  @Test
  void customersWithoutAPurchaseDayGetNulls(SparkSession spark) {
    Dataset<Row> fixtureSummary = RepeatPurchaseSummary.asOf(LocalDate.of(2024, 2, 5))
        .summarise(RepeatPurchaseSummaryTest.fixture(spark));
    Row refundOnly = ValueModelScoring.score(fixtureSummary, fit, ClvParameters.defaults())
        .filter("customer_id = 'C'").first();
    for (String column : ValueModelScoring.VALUE_COLUMNS) {
      assertThat(refundOnly.isNullAt(refundOnly.fieldIndex(column))).as("C (refund only) " + column + " is null").isTrue();
    }
  }

  @Test
  void withoutValuesKeepsTheSchemaWithNulls(SparkSession spark) {
    Dataset<Row> unscored = ValueModelScoring.withoutValues(summary);
    assertThat(unscored.schema().apply(ValueModelScoring.P_ALIVE).dataType()).as("p_alive type")
        .isEqualTo(DataTypes.DoubleType);
    assertThat(unscored.selectExpr("count(clv)").first().getLong(0)).as("non-null clv").isZero();
    ValueModelFit notFitted = ValueModelFit.notFitted("too little data", ModelTimeUnit.WEEKS, 1, 0, 0);
    assertThatThrownBy(() -> ValueModelScoring.score(summary, notFitted, ClvParameters.defaults()))
        .as("scoring without a model").isInstanceOf(IllegalStateException.class).hasMessageContaining("too little data");
  }
}
