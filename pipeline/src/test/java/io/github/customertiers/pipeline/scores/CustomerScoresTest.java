package io.github.customertiers.pipeline.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.github.customertiers.pipeline.config.Windows;
import io.github.customertiers.pipeline.features.CustomerFeatures;
import io.github.customertiers.pipeline.testing.Fixtures;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class CustomerScoresTest {

  @Test
  void rfmValueAndLoyaltyOnAHandComputedFixture(SparkSession spark) {
    LocalDate asOf = LocalDate.of(2026, 6, 30);
    // Five buyers with distinct recency, frequency and monetary; one prospect.
    var tx = Fixtures.transactions(spark,
        "a1,A,2026-06-29,500", "a2,A,2026-05-15,500", "a3,A,2026-04-15,500", "a4,A,2025-06-30,1", // A: 3 in window + 1 old
        "b1,B,2026-06-20,200", "b2,B,2026-03-01,200",
        "c1,C,2026-06-10,50",
        "d1,D,2026-05-01,20",
        "e1,E,2026-01-01,10");
    var ix = Fixtures.interactions(spark, "A,2026-06-01,visit", "P,2026-06-20,visit", "P,2026-06-21,click");
    var features = CustomerFeatures.compute(tx, ix, asOf, Windows.defaults());
    Map<String, Row> s = CustomerScores.score(features, "monetary", 12).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("customer_id"), r -> r));

    // Recency days A 1, B 10, C 20, D 60, E 180 -> r 5..1; frequency 1,1,1,2,3 -> cuts at 1-based ranks
    // 1,2,3,4 = 1,1,1,2 -> f: 1->1, 2->4, 3->5.
    assertThat(s.get("A").<Integer>getAs("r_score")).as("most recent").isEqualTo(5);
    assertThat(s.get("E").<Integer>getAs("r_score")).as("least recent").isEqualTo(1);
    assertThat(s.get("A").<Integer>getAs("f_score")).as("most frequent").isEqualTo(5);
    assertThat(s.get("B").<Integer>getAs("f_score")).isEqualTo(4);
    assertThat(s.get("C").<Integer>getAs("f_score")).as("tied one-time buyers share the lowest score").isEqualTo(1);
    assertThat(s.get("D").<Integer>getAs("f_score")).isEqualTo(1);
    // Monetary 1500, 400, 50, 20, 10: distinct -> m 5..1; value score of rank j (0-based) = floor(101 j / 5)
    assertThat(s.get("A").<Integer>getAs("m_score")).isEqualTo(5);
    assertThat(s.get("E").<Integer>getAs("m_score")).isEqualTo(1);
    assertThat(s.get("A").<Integer>getAs("value_score")).as("top of five: 80 of the 100 percentile cuts lie below").isEqualTo(80);
    assertThat(s.get("E").<Integer>getAs("value_score")).as("lowest value").isEqualTo(0);
    assertThat(s.get("P").<Integer>getAs("value_score")).as("no value score without a purchase").isNull();

    // Loyalty of A: repeat (3-1)/11 * 0.30 + months 3/12 * 0.25 + tenure 365/730 * 0.15 + recency (5-1)/4 * 0.15
    //             + engagement 1/20 * 0.15
    double expectedA = 100 * ((2.0 / 11) * 0.30 + (3.0 / 12) * 0.25 + (365.0 / 730) * 0.15 + 1.0 * 0.15 + (1.0 / 20) * 0.15);
    assertThat(s.get("A").<Double>getAs("loyalty_score")).as("loyalty of A").isCloseTo(expectedA, offset(0.051));
    // Prospect: engagement only, 2/20 * 0.15
    assertThat(s.get("P").<Double>getAs("loyalty_score")).as("loyalty of a prospect").isCloseTo(1.5, offset(0.051));
  }
}
