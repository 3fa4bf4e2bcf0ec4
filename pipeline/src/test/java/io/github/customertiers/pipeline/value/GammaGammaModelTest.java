package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Gamma-Gamma formulas and fit, without Spark. */
class GammaGammaModelTest {

  private static final GammaGammaModel PUBLISHED = new GammaGammaModel(6.25, 3.74, 15.44, Double.NaN, 946, 0, true);

  @Test
  void expectedAverageValueIsTheWeightedMeanOfPopulationAndCustomer() {
    int x = 3;
    double meanValue = 50.0;
    double weight = PUBLISHED.p() * x / (PUBLISHED.p() * x + PUBLISHED.q() - 1);
    double byHand = (1 - weight) * PUBLISHED.populationMeanValue() + weight * meanValue;
    assertThat(PUBLISHED.expectedAverageValue(x, meanValue)).as("(gamma + m x) p / (p x + q - 1)")
        .isCloseTo(byHand, within(1e-9));
    assertThat(PUBLISHED.populationMeanValue()).as("population mean p gamma / (q - 1), $")
        .isCloseTo(6.25 * 15.44 / 2.74, within(1e-9));
  }

  @Test
  void undefinedExpectationsAreNaN() {
    GammaGammaModel heavyTailed = new GammaGammaModel(2, 0.8, 10, Double.NaN, 10, 0, true);
    assertThat(heavyTailed.populationMeanValue()).as("population mean with q <= 1").isNaN();
    assertThat(heavyTailed.expectedAverageValue(0, Double.NaN)).as("x = 0 with q <= 1").isNaN();
    assertThat(heavyTailed.expectedAverageValue(1, 20)).as("x = 1, p x + q > 1").isFinite();
  }

  @Test
  void analyticGradientMatchesFiniteDifferences() {
    GammaGammaLikelihood likelihood = new GammaGammaLikelihood(simulate(3_000, 6, 4, 15, new Random(3)));
    double[] theta = {Math.log(5), Math.log(3), Math.log(20)};
    GradientCheck.assertMatchesFiniteDifferences(likelihood, theta, GammaGammaLikelihood.PARAMETER_NAMES);
  }

  @Test
  void fitFailsClearlyOnDegenerateSpend() {
    RepeatSpendTuples oneBuyer = RepeatSpendTuples.builder(1).add(2, 30, 1).build();
    assertThatThrownBy(() -> GammaGammaModel.fit(oneBuyer)).as("one repeat buyer")
        .isInstanceOf(ValueModelFitException.class).hasMessageContaining("at least 2 repeat buyers");
    RepeatSpendTuples allEqual = RepeatSpendTuples.builder(3).add(1, 20, 50).add(2, 20, 50).add(5, 20, 50).build();
    assertThatThrownBy(() -> GammaGammaModel.fit(allEqual)).as("everybody spends exactly the same")
        .isInstanceOf(ValueModelFitException.class).hasMessageContaining("Gamma-Gamma fit did not converge");
  }

  @Test
  void rejectsInvalidInput() {
    assertThatThrownBy(() -> new GammaGammaModel(1, -1, 1, 0, 0, 0, true)).as("q < 0")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("q=-1");
    assertThatThrownBy(() -> PUBLISHED.expectedAverageValue(2, 0)).as("zero mean value with x > 0")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RepeatSpendTuples.builder(1).add(0, 10, 1)).as("x = 0 pair")
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Repeat buyers drawn from the Gamma-Gamma process: nu ~ Gamma(q, gamma), values ~ Gamma(p, nu). */
  private static RepeatSpendTuples simulate(int customers, double p, double q, double gamma, Random random) {
    RepeatSpendTuples.Builder builder = RepeatSpendTuples.builder(customers);
    for (int i = 0; i < customers; i++) {
      int x = 1 + random.nextInt(6);
      double nu = BgNbdSimulation.gamma(random, q) / gamma;
      double total = 0;
      for (int k = 0; k < x; k++) {
        total += BgNbdSimulation.gamma(random, p) / nu;
      }
      builder.add(x, total / x, 1);
    }
    return builder.build();
  }
}
