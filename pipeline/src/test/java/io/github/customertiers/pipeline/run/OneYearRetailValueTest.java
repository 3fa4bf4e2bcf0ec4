package io.github.customertiers.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.config.ValueModelOptions;
import io.github.customertiers.pipeline.testing.SharedSpark;
import io.github.customertiers.pipeline.value.BgNbdSimulation;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One year of a retail shop's history (issue 10: "the value basis is CLV on a realistic one-year
 * retail export"): customers arrive through the year, buy at their own Poisson rate, may drop out
 * after each purchase, and spend around their own mean (gamma distributed across customers, with
 * basket-to-basket noise). The run's value model must fit both parts and value buyers by CLV, not
 * fall back to monetary.
 */
@ExtendWith(SharedSpark.class)
class OneYearRetailValueTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 15);
  private static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("event_date", DataTypes.DateType)
      .add("amount", DataTypes.DoubleType);

  @Test
  void aYearOfRetailHistoryIsValuedByClv(SparkSession spark) {
    Random random = new Random(23);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < 1500; c++) {
      String id = String.format("R%05d", c);
      double perWeek = BgNbdSimulation.gamma(random, 0.8) * 0.25;
      double dropAfterPurchase = 0.05 + 0.25 * random.nextDouble();
      double ownMeanSpend = 10 + BgNbdSimulation.gamma(random, 3.0) * 15;
      double day = random.nextInt(365);
      rows.add(row(id, day, ownMeanSpend, random));
      while (random.nextDouble() > dropAfterPurchase) {
        day += 7 * -Math.log(1 - random.nextDouble()) / Math.max(perWeek, 0.005);
        if (day > 364) {
          break;
        }
        rows.add(row(id, day, ownMeanSpend, random));
        if (random.nextDouble() < 0.03) {
          rows.add(row(id, Math.min(364, day + 3), -ownMeanSpend / 2, random));
        }
      }
    }
    CustomerValues values = CustomerValues.compute(spark.createDataFrame(rows, SCHEMA), AS_OF,
        ValueModelOptions.defaults(), line -> { });
    try {
      assertThat(values.fit().fitted()).as("BG/NBD fitted: " + values.fit().reason()).isTrue();
      assertThat(values.fit().gammaGamma()).as("Gamma-Gamma fitted").isNotNull();
      assertThat(ValueBasis.of(values.fit().fitted())).isEqualTo(ValueBasis.CLV);
      assertThat(values.manifestEntry("clv").valueBasis()).isEqualTo("clv");
      Row totals = values.columns().selectExpr("count(*)", "count(clv)", "count(p_alive)").first();
      assertThat(totals.getLong(1)).as("every buyer has a clv").isEqualTo(totals.getLong(0));
      assertThat(totals.getLong(2)).as("repeat buyers have a P(alive)").isPositive();
    } finally {
      values.release();
    }
  }

  private static Row row(String customer, double day, double meanSpend, Random random) {
    double amount = meanSpend > 0 ? meanSpend * (0.6 + 0.8 * random.nextDouble()) : meanSpend;
    return RowFactory.create(customer, Date.valueOf(AS_OF.minusDays(364 - (long) day)), Math.round(amount * 100) / 100.0);
  }
}
