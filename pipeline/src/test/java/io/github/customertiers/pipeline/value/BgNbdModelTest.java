package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The BG/NBD formulas and fit, without Spark. */
class BgNbdModelTest {

  /** The published CDNOW estimates, weeks. */
  private static final BgNbdModel PUBLISHED =
      new BgNbdModel(0.243, 4.414, 0.793, 2.426, Double.NaN, 2357, ModelTimeUnit.WEEKS, 0, true);

  @ParameterizedTest(name = "E[Y({0}) | x={1}, t_x={2}, T={3}] = {4}")
  @CsvSource({
      // Reference: FHL (2005) eq. 10 evaluated with mpmath.hyp2f1 at 40 digits.
      "39,   0,   0,     0,     1.1967231933208168419",  // new customer: E[X(39)]
      "39,   2,   30.43, 38.86, 1.2260281747671444463",  // customer 0001
      "520,  3,   1.5,   2,     25.327076237006710759",  // long horizon, z = 0.98: connection formula
      "52,   300, 150,   156,   0.35176610670416885457", // heavy buyer who stopped: 2F1 alone overflows
      "1,    1,   1,     1.5,   0.14882901230278240233",
      "3650, 0,   0,     0.5,   10.348192676862264255",  // z = 0.9987
      "52,   7,   20,    60,    0.04437600657981936456"
  })
  void expectedPurchasesMatchAnIndependentEvaluation(double t, int x, double tx, double age, double expected) {
    assertThat(PUBLISHED.expectedPurchases(t, x, tx, age)).as("E[Y(%s) | %s, %s, %s]", t, x, tx, age)
        .isCloseTo(expected, withPercentage(1e-6));
  }

  @Test
  void basicPropertiesHold() {
    assertThat(PUBLISHED.probabilityAlive(0, 0, 30)).as("P(alive) without repeat purchases").isEqualTo(1.0);
    assertThat(PUBLISHED.expectedPurchases(0, 2, 10, 20)).as("nothing is expected in no time").isZero();
    assertThat(PUBLISHED.expectedPurchases(52, 2, 10, 20)).as("E[Y] grows with the horizon")
        .isGreaterThan(PUBLISHED.expectedPurchases(26, 2, 10, 20));
    assertThat(PUBLISHED.probabilityAlive(5, 35, 38)).as("a recent frequent buyer is probably alive")
        .isGreaterThan(PUBLISHED.probabilityAlive(5, 5, 38));
    assertThat(PUBLISHED.expectedPurchasesOfNewCustomer(39)).as("E[X(t)] is E[Y(t) | 0, 0, 0]")
        .isEqualTo(PUBLISHED.expectedPurchases(39, 0, 0, 0));
  }

  @Test
  void expectationIsContinuousAcrossTheRemovableSingularityAtAEqualsOne() {
    double atOne = model(0.243, 4.414, 1.0, 2.426).expectedPurchases(39, 2, 30, 38);
    double below = model(0.243, 4.414, 0.999, 2.426).expectedPurchases(39, 2, 30, 38);
    double above = model(0.243, 4.414, 1.001, 2.426).expectedPurchases(39, 2, 30, 38);
    assertThat(atOne).as("E[Y] at a = 1 is finite").isFinite();
    assertThat(atOne).as("E[Y] at a = 1 lies between its neighbours").isBetween(Math.min(below, above), Math.max(below, above));
    assertThat(model(0.243, 4.414, 0.6, 0.4).expectedPurchases(10, 0, 0, 5)).as("E[Y] at a + b - 1 = 0, x = 0")
        .isFinite().isPositive();
  }

  @Test
  void analyticGradientMatchesFiniteDifferences() {
    FrequencyRecencyTuples tuples = simulate(2_000, 0.5, 6.0, 0.8, 2.5, 40, new Random(7));
    BgNbdLikelihood likelihood = new BgNbdLikelihood(tuples);
    double[] theta = {Math.log(0.4), Math.log(5.0), Math.log(0.9), Math.log(3.0)};
    GradientCheck.assertMatchesFiniteDifferences(likelihood, theta, BgNbdLikelihood.PARAMETER_NAMES);
  }

  @Test
  void recoversSimulatedParameters() {
    FrequencyRecencyTuples tuples = simulate(50_000, 0.5, 6.0, 0.8, 2.5, 52, new Random(11));
    BgNbdModel fitted = BgNbdModel.fit(tuples, ModelTimeUnit.WEEKS);
    assertThat(fitted.r()).as("r").isCloseTo(0.5, withPercentage(10));
    assertThat(fitted.alpha()).as("alpha").isCloseTo(6.0, withPercentage(15));
    assertThat(fitted.a()).as("a").isCloseTo(0.8, withPercentage(20));
    assertThat(fitted.b()).as("b").isCloseTo(2.5, withPercentage(25));
  }

  @Test
  void fitFailsClearlyWhenNobodyRepeats() {
    FrequencyRecencyTuples nobodyRepeats = FrequencyRecencyTuples.builder(2).add(0, 0, 30, 500).add(0, 0, 12, 300).build();
    assertThatThrownBy(() -> BgNbdModel.fit(nobodyRepeats, ModelTimeUnit.WEEKS))
        .as("fit on customers without repeat purchases")
        .isInstanceOf(ValueModelFitException.class)
        .hasMessageContaining("BG/NBD")
        .hasMessageContaining("none of the 800 customers made a repeat purchase");
  }

  @Test
  void whenNobodyDropsOutTheFitIsTheNoDropoutLimit() {
    // Everybody buys every week up to the as-of date: no sign of dropout, so a -> 0. That used to be
    // rejected ("ran away"); it is the limiting model, and it predicts a purchase a week.
    FrequencyRecencyTuples noDropout = FrequencyRecencyTuples.builder(3)
        .add(10, 10, 10, 400).add(20, 20, 20, 400).add(5, 5, 5, 400).build();
    FittedModel<BgNbdModel> fitted = BgNbdModel.fitReportingLimits(noDropout, ModelTimeUnit.WEEKS);
    assertThat(fitted.parametersAtLimit()).as("at the limit: " + fitted.model().describe()).contains("a");
    assertThat(fitted.model().expectedPurchases(10, 20, 20, 20)).as("E[Y(10 weeks)] of a weekly buyer")
        .isCloseTo(10.0, org.assertj.core.api.Assertions.within(1.0));
  }

  @Test
  void rejectsInvalidParametersAndHistories() {
    assertThatThrownBy(() -> model(0, 1, 1, 1)).as("r = 0").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("r must be finite and > 0");
    assertThatThrownBy(() -> PUBLISHED.probabilityAlive(1, 10, 5)).as("t_x > T")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 <= t_x <= T");
    assertThatThrownBy(() -> FrequencyRecencyTuples.builder(1).add(1, 0, 5, 1)).as("x > 0 with t_x = 0")
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static BgNbdModel model(double r, double alpha, double a, double b) {
    return new BgNbdModel(r, alpha, a, b, Double.NaN, 0, ModelTimeUnit.WEEKS, 0, true);
  }

  /**
   * Customers from the BG/NBD process, first purchases spread over the first 12 weeks, observed
   * to week {@code horizon}, times rounded to days.
   */
  static FrequencyRecencyTuples simulate(int customers, double r, double alpha, double a, double b, double horizon,
      Random random) {
    java.util.Map<String, long[]> counts = new java.util.HashMap<>();
    for (int i = 0; i < customers; i++) {
      int firstDay = random.nextInt(84);
      double age = (horizon * 7 - firstDay) / 7.0;
      int[] history = BgNbdSimulation.history(random, r, alpha, a, b, age);
      counts.computeIfAbsent(history[0] + ":" + history[1] + ":" + Math.round(age * 7), k -> new long[1])[0]++;
    }
    FrequencyRecencyTuples.Builder builder = FrequencyRecencyTuples.builder(counts.size());
    counts.forEach((key, count) -> {
      String[] parts = key.split(":");
      builder.add(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]) / 7.0, Integer.parseInt(parts[2]) / 7.0, count[0]);
    });
    return builder.build();
  }
}
