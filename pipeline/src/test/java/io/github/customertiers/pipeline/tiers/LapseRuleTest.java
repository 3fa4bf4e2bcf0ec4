package io.github.customertiers.pipeline.tiers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.config.LapseOptions;
import io.github.customertiers.pipeline.config.Windows;
import io.github.customertiers.pipeline.features.CustomerFeatures;
import io.github.customertiers.pipeline.testing.Fixtures;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lapse rule on a few customers of known rhythm, as of 2026-06-30, lapse window 180 days. */
@ExtendWith(SharedSpark.class)
class LapseRuleTest {
  static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

  static Dataset<Row> features(SparkSession spark) {
    List<String> rows = new ArrayList<>();
    LocalDate weeklyLast = AS_OF.minusDays(90);
    LocalDate recentLast = AS_OF.minusDays(30);
    for (int i = 0; i < 5; i++) {
      rows.add("w" + i + ",WEEKLY," + weeklyLast.minusDays(7L * i) + ",20");          // gap 7, silent 90 days
      rows.add("g" + i + ",WEEKLY_GONE," + weeklyLast.minusDays(7L * i) + ",20");     // the same
      rows.add("r" + i + ",WEEKLY_RECENT," + recentLast.minusDays(7L * i) + ",20");   // gap 7, silent 30 days
    }
    LocalDate halfLast = AS_OF.minusDays(200);
    for (int i = 0; i < 4; i++) {
      rows.add("h" + i + ",HALF_YEARLY," + halfLast.minusDays(182L * i) + ",80");     // gap 182, silent 200 days
      rows.add("y" + i + ",HALF_YEARLY_GONE," + AS_OF.minusDays(365 + 182L * i) + ",80"); // gap 182, silent 365 days
    }
    rows.add("t1,TWO," + AS_OF.minusDays(300) + ",50");
    rows.add("t2,TWO," + AS_OF.minusDays(200) + ",50");                               // two purchases, silent 200 days
    rows.add("o1,ONCE_185," + AS_OF.minusDays(185) + ",40");
    rows.add("o2,ONCE_200," + AS_OF.minusDays(200) + ",40");
    rows.add("o3,ONCE_200_RICH," + AS_OF.minusDays(200) + ",400");
    for (int i = 0; i < 40; i++) {                                                     // the repeat buyers' usual gap: 10 days
      rows.add("f" + i + "a,F" + i + "," + AS_OF.minusDays(20) + ",10");
      rows.add("f" + i + "b,F" + i + "," + AS_OF.minusDays(10) + ",10");
    }
    return CustomerFeatures.compute(Fixtures.transactions(spark, rows.toArray(String[]::new)),
        Fixtures.interactions(spark), AS_OF, Windows.defaults());
  }

  static Map<String, Row> apply(Dataset<Row> features, LapseRule rule) {
    return features.withColumn("lapsed", rule.lapsed()).withColumn("reason", when(rule.lapsed(), rule.reason()))
        .collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("customer_id"), r -> r));
  }

  @Test
  void eachBuyerIsJudgedByTheirOwnRhythmOrTheDocumentedRule(SparkSession spark) {
    Dataset<Row> features = features(spark);
    LapseRule rule = LapseRule.of(features, Windows.defaults(), 0);
    assertThat(rule.usualGapOfRepeatBuyers()).as("median mean gap of the 46 repeat buyers (40 of them 10 days)").isEqualTo(10.0);
    assertThat(rule.oneTimeBuyerLapseDays()).isEqualTo(190);
    Map<String, Row> byId = apply(features, rule);

    assertThat(byId.get("WEEKLY").<Boolean>getAs("lapsed")).as("weekly buyer silent for 90 days").isTrue();
    assertThat(byId.get("WEEKLY").<String>getAs("reason"))
        .isEqualTo("no purchase for 90 days, 12.9 times this customer's usual gap of 7 days; bought 5 times before");
    assertThat(byId.get("WEEKLY_RECENT").<Boolean>getAs("lapsed")).as("30 days: 4.3 gaps but under the 60-day floor").isFalse();
    assertThat(byId.get("HALF_YEARLY").<Boolean>getAs("lapsed")).as("200 days is 1.1 of their usual 182-day gap").isFalse();
    assertThat(byId.get("HALF_YEARLY_GONE").<Boolean>getAs("lapsed")).as("365 days: 2.0 gaps, but 1.5 lapse windows").isTrue();
    assertThat(byId.get("HALF_YEARLY_GONE").<String>getAs("reason")).isEqualTo(
        "no purchase for 365 days: 1.5 lapse windows of 180 days or more, whatever the rhythm; bought 4 times before");
    assertThat(byId.get("TWO").<Boolean>getAs("lapsed")).as("one gap is no rhythm: the 180-day window").isTrue();
    assertThat(byId.get("TWO").<String>getAs("reason")).isEqualTo("no purchase for 200 days (lapse window 180 days); bought 2 times before");
    assertThat(byId.get("ONCE_185").<Boolean>getAs("lapsed")).as("one-time buyer within 180 + 10 days").isFalse();
    assertThat(byId.get("ONCE_200").<Boolean>getAs("lapsed")).isTrue();
    assertThat(byId.get("ONCE_200_RICH").<Boolean>getAs("lapsed")).as("without the model, spend does not matter").isTrue();
    assertThat(byId.get("ONCE_200").<String>getAs("reason")).isEqualTo(
        "one purchase only, 200 days ago: longer than the lapse window of 180 days plus the usual gap of 10 days between repeat buyers' purchases");
    assertThat(byId.get("F0").<Boolean>getAs("lapsed")).isFalse();
  }

  @Test
  void withTheModelALapseNeedsLowPAliveAndLowValue(SparkSession spark) {
    Dataset<Row> features = features(spark)
        .withColumn("p_alive",
            when(col("customer_id").equalTo("WEEKLY"), lit(0.3))
                .when(col("customer_id").isin("WEEKLY_GONE", "HALF_YEARLY"), lit(0.1))
                .when(col("customer_id").isin("F1", "F2"), lit(0.01))
                .when(col("purchases_total").equalTo(1), lit(1.0))
                .otherwise(lit(0.3)))
        .withColumn("value_score", when(col("customer_id").isin("F2", "ONCE_200_RICH", "HALF_YEARLY_GONE"), lit(90)).otherwise(lit(30)));
    LapseOptions options = LapseOptions.defaults();
    Map<String, Row> byId = apply(features, LapseRule.of(features, Windows.defaults(), options, 0.05, true));

    assertThat(byId.get("WEEKLY").<Boolean>getAs("lapsed")).as("beyond their rhythm but P(alive) 0.3 >= 0.2").isFalse();
    assertThat(byId.get("WEEKLY_GONE").<Boolean>getAs("lapsed")).as("beyond their rhythm and P(alive) 0.1 < 0.2").isTrue();
    assertThat(byId.get("WEEKLY_GONE").<String>getAs("reason")).as("the rhythm rule decided, with the model's numbers")
        .isEqualTo("no purchase for 90 days, 12.9 times this customer's usual gap of 7 days; P(alive) 0.10 below 0.2"
            + " and value 30 below 60; bought 5 times before");
    assertThat(byId.get("HALF_YEARLY").<Boolean>getAs("lapsed")).as("P(alive) 0.1 but 1.1 of their own gaps").isFalse();
    assertThat(byId.get("TWO").<Boolean>getAs("lapsed")).as("with the model two purchases are a rhythm: 2 gaps of 100 days").isFalse();
    assertThat(byId.get("F1").<Boolean>getAs("lapsed")).as("P(alive) 0.01 < 0.05").isTrue();
    assertThat(byId.get("F1").<String>getAs("reason")).startsWith("probably gone: P(alive) 0.01 after 10 days");
    assertThat(byId.get("F2").<Boolean>getAs("lapsed")).as("P(alive) 0.01, but value 90: not written off").isFalse();
    assertThat(byId.get("HALF_YEARLY_GONE").<Boolean>getAs("lapsed")).as("1.5 lapse windows: whatever the model says").isTrue();
    assertThat(byId.get("ONCE_185").<Boolean>getAs("lapsed")).as("P(alive) 1 of a one-time buyer is not used").isFalse();
    assertThat(byId.get("ONCE_200").<Boolean>getAs("lapsed")).isTrue();
    assertThat(byId.get("ONCE_200").<String>getAs("reason")).endsWith("between repeat buyers' purchases, and value 30 below 60");
    assertThat(byId.get("ONCE_200_RICH").<Boolean>getAs("lapsed")).as("a one-time buyer of value 90 >= 60").isFalse();
  }

  @Test
  void theConstantsComeFromTheConfig(SparkSession spark) {
    Dataset<Row> features = features(spark).withColumn("p_alive", lit(0.3)).withColumn("value_score", lit(30));
    Map<String, Row> byId = apply(features, LapseRule.of(features, Windows.defaults(), new LapseOptions(3, 0.5, 60, 1.5), 0, true));
    assertThat(byId.get("WEEKLY").<Boolean>getAs("lapsed")).as("P(alive) 0.3 < tiers.lapse.max_p_alive 0.5").isTrue();
    byId = apply(features, LapseRule.of(features, Windows.defaults(), new LapseOptions(20, 0.5, 60, 1.5), 0, true));
    assertThat(byId.get("WEEKLY").<Boolean>getAs("lapsed")).as("12.9 gaps < tiers.lapse.gap_multiple 20").isFalse();
    byId = apply(features, LapseRule.of(features, Windows.defaults(), new LapseOptions(3, 0.5, 20, 1.5), 0, true));
    assertThat(byId.get("WEEKLY").<Boolean>getAs("lapsed")).as("value 30 >= tiers.lapse.max_value_score 20").isFalse();
    byId = apply(features, LapseRule.of(features, Windows.defaults(), new LapseOptions(3, 0.2, 60, 1.1), 0, true));
    assertThat(byId.get("HALF_YEARLY").<Boolean>getAs("lapsed")).as("200 days >= 1.1 windows of 180 (198 days)").isTrue();
  }
}
