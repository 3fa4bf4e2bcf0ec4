package io.github.customertiers.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.config.ValueModelOptions;
import io.github.customertiers.pipeline.testing.SharedSpark;
import io.github.customertiers.pipeline.value.ValueModelScoring;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A year of customers who never drop out puts the BG/NBD at its boundary (a -> 0). The run must
 * accept the limiting model and give every buyer a value (it used to crash in tiering).
 */
@ExtendWith(SharedSpark.class)
class CustomerValuesDegenerateFitTest {

  private static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
  private static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("event_date", DataTypes.DateType)
      .add("amount", DataTypes.DoubleType);

  /** 600 steady customers (Poisson buying, no dropout) and three thin histories. */
  static Dataset<Row> transactions(SparkSession spark) {
    Random random = new Random(42);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < 600; c++) {
      String id = String.format("S%04d", c);
      double perWeek = 0.1 + random.nextDouble() * 0.6;
      double ownSpend = 20 + random.nextDouble() * 120;
      int firstDay = random.nextInt(300);
      for (double day = firstDay; day <= 364; day += 7 * -Math.log(1 - random.nextDouble()) / perWeek) {
        rows.add(row(id, AS_OF.minusDays(364 - (long) day), ownSpend * (0.7 + 0.6 * random.nextDouble())));
      }
    }
    rows.add(row("NEW", AS_OF.minusDays(3), 45.0));
    rows.add(row("REFUNDED", AS_OF.minusDays(9), 80.0));
    rows.add(row("REFUNDED", AS_OF.minusDays(5), -80.0));
    rows.add(row("SAME_DAY", AS_OF.minusDays(4), 60.0));
    rows.add(row("SAME_DAY", AS_OF.minusDays(4), -60.0));
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static Row row(String customer, LocalDate day, double amount) {
    return RowFactory.create(customer, Date.valueOf(day), Math.round(amount * 100) / 100.0);
  }

  @Test
  void aNoDropoutYearIsAcceptedAtTheLimitAndEveryBuyerGetsAValue(SparkSession spark) {
    List<String> progress = new ArrayList<>();
    CustomerValues values = CustomerValues.compute(transactions(spark), AS_OF, ValueModelOptions.defaults(), progress::add);
    try {
      assertThat(values.fit().fitted()).as("fitted: " + values.fit().reason()).isTrue();
      assertThat(values.fit().notes()).as("the manifest notes the limiting model")
          .anyMatch(note -> note.contains("purchase model (BG/NBD) at its limit"));
      assertThat(values.manifestEntry("clv").notes()).as("manifest entry carries the notes").isEqualTo(values.fit().notes());
      assertThat(progress).as("the run log says so").anyMatch(line -> line.contains("at its limit"));
      Dataset<Row> columns = values.columns();
      Row totals = columns.selectExpr("count(*)", "count(clv)", "count_if(isnan(clv))", "min(clv)").first();
      assertThat(totals.getLong(1)).as("every customer with a transaction has a clv").isEqualTo(totals.getLong(0));
      assertThat(totals.getLong(2)).as("no NaN clv").isZero();
      assertThat(totals.getDouble(3)).as("no negative clv").isGreaterThanOrEqualTo(0.0);
      assertThat(clv(columns, "REFUNDED")).as("fully refunded customer").isZero();
      assertThat(clv(columns, "SAME_DAY")).as("customer refunded the same day (no purchase day)").isZero();
      assertThat(clv(columns, "NEW")).as("brand-new customer: at most the 45.00 spent").isPositive().isLessThanOrEqualTo(45.0);
      Row newCustomer = columns.filter("value_customer_id = 'NEW'").first();
      assertThat(newCustomer.isNullAt(newCustomer.fieldIndex(ValueModelScoring.P_ALIVE)))
          .as("P(alive) of a one-time buyer is not reported").isTrue();
    } finally {
      values.release();
    }
  }

  @Test
  void whenOnlyTheGammaGammaFailsTheBgNbdStaysAndSpendIsTheShrunkObservedMean(SparkSession spark) {
    // Every purchase of every customer is exactly 20.00: no spread at all, so the Gamma-Gamma has no
    // finite maximum (q runs away), while the purchase process is an ordinary BG/NBD.
    Dataset<Row> flatSpend = transactions(spark).filter("customer_id like 'S%'").selectExpr("customer_id", "event_date",
        "20.0d as amount").dropDuplicates("customer_id", "event_date");
    List<String> progress = new ArrayList<>();
    CustomerValues values = CustomerValues.compute(flatSpend, AS_OF, ValueModelOptions.defaults(), progress::add);
    try {
      assertThat(values.fit().fitted()).as("fitted: " + values.fit().reason()).isTrue();
      assertThat(values.fit().gammaGamma()).as("no Gamma-Gamma model").isNull();
      assertThat(values.fit().populationMeanSpend()).as("population mean spend").isEqualTo(20.0);
      assertThat(values.fit().notes()).as("notes say why")
          .anyMatch(note -> note.contains("spend model (Gamma-Gamma) could not be fitted"));
      Row totals = values.columns().selectExpr("count(*)", "count(clv)",
          "min(expected_value)", "max(expected_value)").first();
      assertThat(totals.getLong(1)).as("every customer has a clv").isEqualTo(totals.getLong(0));
      assertThat(totals.getDouble(2)).as("smallest expected value").isCloseTo(20.0, org.assertj.core.api.Assertions.within(1e-9));
      assertThat(totals.getDouble(3)).as("largest expected value").isCloseTo(20.0, org.assertj.core.api.Assertions.within(1e-9));
    } finally {
      values.release();
    }
  }

  private static double clv(Dataset<Row> columns, String customer) {
    return columns.filter("value_customer_id = '" + customer + "'").first().getAs(ValueModelScoring.CLV);
  }
}
