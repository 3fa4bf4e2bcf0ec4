package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customertiers.pipeline.testing.SharedSpark;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class ValueModelGuardTest {

  private final ValueModelGuard guard = new ValueModelGuard(ValueModelThresholds.defaults());

  @Test
  void defaultsAre26WeeksAnd100RepeatBuyers() {
    ValueModelThresholds defaults = ValueModelThresholds.defaults();
    assertThat(defaults.minimumHistory()).as("minimum history").isEqualTo(26);
    assertThat(defaults.historyUnit()).as("history unit").isEqualTo(ModelTimeUnit.WEEKS);
    assertThat(defaults.minimumHistoryDays()).as("minimum history in days").isEqualTo(182);
    assertThat(defaults.minimumRepeatBuyers()).as("minimum repeat buyers").isEqualTo(100);
  }

  @Test
  void fitsWhenEveryThresholdIsMet() {
    GuardDecision decision = guard.decide(2357, 946, 272);
    assertThat(decision.fit()).as("fit on CDNOW-sized data").isTrue();
    assertThat(decision.reason()).as("reason summarises the data").isEqualTo("ok: 2357 customers, 946 repeat buyers, 38.9 weeks of history");
  }

  @Test
  void explainsEveryFailedThreshold() {
    GuardDecision shortHistory = guard.decide(5000, 800, 100);
    assertThat(shortHistory.fit()).as("fit with 100 days of history").isFalse();
    assertThat(shortHistory.reason()).as("reason for short history")
        .isEqualTo("history from the earliest purchase to the as-of date is 14.3 weeks, below the minimum of 26.0 weeks");

    GuardDecision both = guard.decide(500, 40, 100);
    assertThat(both.reason()).as("both reasons, separated").contains("14.3 weeks").contains("; ")
        .contains("40 customer(s) made a repeat purchase, below the minimum of 100");

    GuardDecision empty = guard.decide(0, 0, 0);
    assertThat(empty.fit()).as("fit without customers").isFalse();
    assertThat(empty.reason()).as("reason without customers").isEqualTo("no customer has a purchase day up to the as-of date");
  }

  @Test
  void thresholdsRejectNonsense() {
    assertThatThrownBy(() -> new ValueModelThresholds(-1, ModelTimeUnit.WEEKS, 100)).as("negative history")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumHistory");
    assertThatThrownBy(() -> new ValueModelThresholds(26, ModelTimeUnit.WEEKS, 1)).as("one repeat buyer")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumRepeatBuyers must be >= 2");
    assertThatThrownBy(() -> new ValueModelThresholds(26, null, 100)).as("no unit").isInstanceOf(NullPointerException.class);
  }

  @Test
  void checksASummaryWithOneAggregation(SparkSession spark) {
    var summary = RepeatPurchaseSummary.asOf(LocalDate.of(2024, 2, 5)).summarise(RepeatPurchaseSummaryTest.fixture(spark));
    GuardDecision decision = new ValueModelGuard(new ValueModelThresholds(4, ModelTimeUnit.WEEKS, 2))
        .check(summary, ModelTimeUnit.WEEKS);
    assertThat(decision.customers()).as("customers with a purchase day (C has none)").isEqualTo(2);
    assertThat(decision.repeatBuyers()).as("repeat buyers (A)").isEqualTo(1);
    assertThat(decision.historyDays()).as("days from 2024-01-01 to 2024-02-05").isEqualTo(35);
    assertThat(decision.fit()).as("fit with one repeat buyer of two required").isFalse();
    assertThat(decision.reason()).as("reason").isEqualTo("1 customer(s) made a repeat purchase, below the minimum of 2");
  }
}
