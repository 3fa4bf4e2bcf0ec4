package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.customertiers.pipeline.testing.SharedSpark;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The summary on a hand-computed fixture. As of 2024-02-05:
 * <pre>
 * A  2024-01-01  10.00, 5.00   one day, net 15.00      first purchase day
 * A  2024-01-08  20.00, -20.00 net 0.00                not a purchase day (default rule)
 * A  2024-01-15  30.00                                 repeat 1
 * A  2024-01-22  -5.00         refund only             not a purchase day
 * A  2024-01-29  12.00, -2.00  net 10.00               repeat 2
 * A  2024-02-10  100.00        after as-of             ignored
 * B  2024-01-03  -8.00         refund before buying    not a purchase day
 * B  2024-01-10  25.00                                 first and only purchase
 * C  2024-01-05  -3.00         only a refund           no purchase: nulls
 * D  2024-03-01  40.00         after as-of             not in the summary
 * </pre>
 * A: x = 2, t_x = 28 days = 4 weeks, T = 35 days = 5 weeks, mean repeat value (30 + 10) / 2 = 20.
 */
@ExtendWith(SharedSpark.class)
class RepeatPurchaseSummaryTest {

  private static final LocalDate AS_OF = LocalDate.of(2024, 2, 5);

  @Test
  void summarisesTheFixtureByHand(SparkSession spark) {
    Map<String, Row> rows = byCustomer(RepeatPurchaseSummary.asOf(AS_OF).summarise(fixture(spark)));

    assertThat(rows.keySet()).as("customers with a row up to the as-of date").containsExactlyInAnyOrder("A", "B", "C");
    Row a = rows.get("A");
    assertThat(date(a, "first_purchase_date")).as("A first purchase day").isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(date(a, "last_purchase_date")).as("A last purchase day (the zero day and refund day don't count)")
        .isEqualTo(LocalDate.of(2024, 1, 29));
    assertThat(a.<Integer>getAs("x")).as("A repeat purchases: same-day merged, net <= 0 days dropped").isEqualTo(2);
    assertThat(a.<Double>getAs("t_x")).as("A t_x in weeks").isCloseTo(4.0, within(1e-12));
    assertThat(a.<Double>getAs("T")).as("A T in weeks").isCloseTo(5.0, within(1e-12));
    assertThat(a.<Double>getAs("mean_repeat_value")).as("A mean of the repeat days' net amounts (30 + 10) / 2")
        .isCloseTo(20.0, within(1e-12));
    assertThat(a.<Double>getAs("first_purchase_value")).as("A first purchase day net").isCloseTo(15.0, within(1e-12));
    assertThat(a.<Double>getAs("refund_share")).as("A refund day -5 over purchase days 15 + 30 + 10")
        .isCloseTo(5.0 / 55, within(1e-12));

    Row b = rows.get("B");
    assertThat(date(b, "first_purchase_date")).as("B is born on the purchase, not the earlier refund")
        .isEqualTo(LocalDate.of(2024, 1, 10));
    assertThat(b.<Integer>getAs("x")).as("B repeat purchases").isZero();
    assertThat(b.<Double>getAs("t_x")).as("B t_x").isZero();
    assertThat(b.<Double>getAs("T")).as("B T = 26 days in weeks").isCloseTo(26 / 7.0, within(1e-12));
    assertThat(b.isNullAt(b.fieldIndex("mean_repeat_value"))).as("B mean repeat value is null when x = 0").isTrue();
    assertThat(b.<Double>getAs("first_purchase_value")).as("B first purchase").isCloseTo(25.0, within(1e-12));
    assertThat(b.<Double>getAs("refund_share")).as("B refund of 8 over 25 of purchases").isCloseTo(8.0 / 25, within(1e-12));

    Row c = rows.get("C");
    for (String column : List.of("first_purchase_date", "x", "t_x", "T", "mean_repeat_value", "first_purchase_value",
        "refund_share")) {
      assertThat(c.isNullAt(c.fieldIndex(column))).as("C (refund only) has null " + column).isTrue();
    }
  }

  @Test
  void hasTheDocumentedSchema(SparkSession spark) {
    StructType schema = RepeatPurchaseSummary.asOf(AS_OF).summarise(fixture(spark)).schema();
    assertThat(List.of(schema.fieldNames())).as("output columns").isEqualTo(RepeatPurchaseSummary.OUTPUT_COLUMNS);
    assertThat(schema.apply("x").dataType()).as("x type").isEqualTo(DataTypes.IntegerType);
    assertThat(schema.apply("t_x").dataType()).as("t_x type").isEqualTo(DataTypes.DoubleType);
    assertThat(schema.apply("T").dataType()).as("T type").isEqualTo(DataTypes.DoubleType);
    assertThat(schema.apply("mean_repeat_value").dataType()).as("mean value type").isEqualTo(DataTypes.DoubleType);
  }

  @Test
  void daysUnitGivesDayCounts(SparkSession spark) {
    Row a = byCustomer(RepeatPurchaseSummary.asOf(AS_OF).timeUnit(ModelTimeUnit.DAYS).summarise(fixture(spark))).get("A");
    assertThat(a.<Double>getAs("t_x")).as("A t_x in days").isEqualTo(28.0);
    assertThat(a.<Double>getAs("T")).as("A T in days").isEqualTo(35.0);
  }

  @Test
  void nonNegativeRuleCountsZeroValueDays(SparkSession spark) {
    Row a = byCustomer(RepeatPurchaseSummary.asOf(AS_OF).purchaseDayRule(PurchaseDayRule.NON_NEGATIVE_NET_AMOUNT)
        .summarise(fixture(spark))).get("A");
    assertThat(a.<Integer>getAs("x")).as("A repeat purchases when the net-zero day counts").isEqualTo(3);
    assertThat(a.<Double>getAs("mean_repeat_value")).as("A mean repeat value (0 + 30 + 10) / 3")
        .isCloseTo(40.0 / 3, within(1e-12));
  }

  @Test
  void calibrationStartDropsEarlierRows(SparkSession spark) {
    Map<String, Row> rows = byCustomer(RepeatPurchaseSummary.asOf(AS_OF).calibrationStart(LocalDate.of(2024, 1, 10))
        .summarise(fixture(spark)));
    Row a = rows.get("A");
    assertThat(date(a, "first_purchase_date")).as("A first purchase day in the window")
        .isEqualTo(LocalDate.of(2024, 1, 15));
    assertThat(a.<Integer>getAs("x")).as("A repeat purchases in the window").isEqualTo(1);
    assertThat(a.<Double>getAs("T")).as("A T from 2024-01-15").isCloseTo(3.0, within(1e-12));
    assertThat(rows).as("C's only row is before the start").doesNotContainKey("C");
  }

  @Test
  void rejectsNonCanonicalInput(SparkSession spark) {
    Dataset<Row> withoutAmount = fixture(spark).drop("amount");
    assertThatThrownBy(() -> RepeatPurchaseSummary.asOf(AS_OF).summarise(withoutAmount))
        .as("missing amount column").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing column amount");
    Dataset<Row> timestamped = fixture(spark).withColumn("event_date",
        org.apache.spark.sql.functions.col("event_date").cast(DataTypes.TimestampType));
    assertThatThrownBy(() -> RepeatPurchaseSummary.asOf(AS_OF).summarise(timestamped))
        .as("timestamp instead of date").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event_date must be a date");
    assertThatThrownBy(() -> RepeatPurchaseSummary.asOf(AS_OF).calibrationStart(AS_OF.plusDays(1)))
        .as("start after as-of").isInstanceOf(IllegalArgumentException.class);
  }

  static Dataset<Row> fixture(SparkSession spark) {
    StructType schema = new StructType()
        .add("customer_id", DataTypes.StringType)
        .add("event_date", DataTypes.DateType)
        .add("amount", DataTypes.createDecimalType(12, 2));
    List<Row> rows = List.of(
        row("A", "2024-01-01", "10.00"), row("A", "2024-01-01", "5.00"),
        row("A", "2024-01-08", "20.00"), row("A", "2024-01-08", "-20.00"),
        row("A", "2024-01-15", "30.00"),
        row("A", "2024-01-22", "-5.00"),
        row("A", "2024-01-29", "12.00"), row("A", "2024-01-29", "-2.00"),
        row("A", "2024-02-10", "100.00"),
        row("B", "2024-01-03", "-8.00"), row("B", "2024-01-10", "25.00"),
        row("C", "2024-01-05", "-3.00"),
        row("D", "2024-03-01", "40.00"));
    return spark.createDataFrame(rows, schema);
  }

  private static Row row(String customer, String date, String amount) {
    return RowFactory.create(customer, LocalDate.parse(date), new BigDecimal(amount));
  }

  /** Spark hands dates back as java.sql.Date unless the Java 8 datetime API is on. */
  private static LocalDate date(Row row, String column) {
    Object value = row.getAs(column);
    return value instanceof java.sql.Date sqlDate ? sqlDate.toLocalDate() : (LocalDate) value;
  }

  private static Map<String, Row> byCustomer(Dataset<Row> summary) {
    return summary.collectAsList().stream().collect(Collectors.toMap(r -> r.<String>getAs("customer_id"),
        Function.identity()));
  }
}
