package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fits at the edge of the parameter space are the limiting model, not failures. */
class BoundaryFitTest {

  /** A year of customers who (almost) never drop out: Beta(1e-6, 1e6) dropout, Gamma(0.8, 8 weeks) rates. */
  static FrequencyRecencyTuples noDropoutYear(int customers, long seed) {
    Random random = new Random(seed);
    FrequencyRecencyTuples.Builder builder = FrequencyRecencyTuples.builder(customers);
    for (int i = 0; i < customers; i++) {
      int ageDays = 7 + random.nextInt(358); // first purchase within the year before the as-of date
      double age = ageDays / 7.0;
      int[] history = BgNbdSimulation.history(random, 0.8, 8.0, 1e-6, 1e6, age);
      builder.add(history[0], history[1] / 7.0, age, 1);
    }
    return builder.build();
  }

  @Test
  void bgNbdWithoutDropoutIsAcceptedAtTheLimitAndPredictsFiniteValues() {
    FittedModel<BgNbdModel> fitted = BgNbdModel.fitReportingLimits(noDropoutYear(4_000, 11), ModelTimeUnit.WEEKS);
    BgNbdModel model = fitted.model();
    assertThat(fitted.parametersAtLimit()).as("parameters at their limit").contains("a");
    assertThat(model.dropoutNegligible()).as("mean dropout a/(a+b) negligible").isTrue();
    assertThat(model.r()).as("purchase-rate shape r (truth 0.8)").isCloseTo(0.8, within(0.12));
    assertThat(model.alpha()).as("purchase-rate scale alpha (truth 8 weeks)").isCloseTo(8.0, within(1.6));
    for (int x : new int[] {0, 1, 5, 30}) {
      double tx = x == 0 ? 0 : 20;
      double expected = model.expectedPurchases(52, x, tx, 40);
      assertThat(expected).as("E[Y(52)] for x=%d is finite and positive", x).isPositive().isFinite();
      assertThat(expected).as("E[Y(52)] for x=%d is the no-dropout limit (r+x) t/(alpha+T) P(alive)", x)
          .isCloseTo((model.r() + x) * 52 / (model.alpha() + 40) * model.probabilityAlive(x, tx, 40),
              within(1e-9 * (1 + expected)));
    }
  }

  @Test
  void formulaAndNoDropoutLimitAgreeWhereBothApply() {
    // Mean dropout 2e-5 (above the switch at 1e-6): the hypergeometric formula is still exact here.
    BgNbdModel small = new BgNbdModel(0.8, 8, 1e-3, 50, Double.NaN, 0, ModelTimeUnit.WEEKS, 0, true);
    assertThat(small.dropoutNegligible()).as("1e-3/(1e-3+50) is not negligible").isFalse();
    double byFormula = small.expectedPurchases(52, 3, 20, 30);
    assertThat(byFormula).as("formula vs no-dropout limit")
        .isCloseTo(small.noDropoutExpectedPurchases(52, 3, 20, 30), within(1e-3 * byFormula));
    assertThat(byFormula).as("dropout only lowers purchases")
        .isLessThanOrEqualTo(small.noDropoutExpectedPurchases(52, 3, 20, 30));
  }

  @Test
  void theFitOfTheUkExportIsFiniteAtItsBoundary() {
    // The boundary fit reported on seven months of a UK online-retail export: E[Y] was infinite.
    BgNbdModel uk = new BgNbdModel(0.8, 8, 1e-8, 15087.5, Double.NaN, 0, ModelTimeUnit.WEEKS, 0, true);
    for (int x : new int[] {0, 1, 5, 20}) {
      assertThat(uk.expectedPurchases(52, x, x == 0 ? 0 : 3, 20)).as("E[Y(52)] x=%d", x).isFinite().isPositive();
    }
  }

  @Test
  void gammaGammaWithNearlyConstantSpendPerCustomerTrustsTheCustomersOwnMean() {
    // Every customer spends exactly their own amount on each purchase; amounts vary across customers.
    Random random = new Random(5);
    RepeatSpendTuples.Builder builder = RepeatSpendTuples.builder(2_000);
    for (int i = 0; i < 2_000; i++) {
      double own = 70 * 7 / BgNbdSimulation.gamma(random, 8);
      builder.add(1 + random.nextInt(10), Math.round(own * 100) / 100.0, 1);
    }
    FittedModel<GammaGammaModel> fitted = GammaGammaModel.fitReportingLimits(builder.build());
    GammaGammaModel model = fitted.model();
    assertThat(fitted.atLimit() || model.p() > 20).as("p at its limit or large: " + model.describe()).isTrue();
    double population = model.populationMeanValue();
    assertThat(Math.abs(model.expectedAverageValue(5, 200) - 200)).as("E[M] close to the customer's own mean")
        .isLessThan(0.1 * Math.abs(population - 200));
  }

  @Test
  void aParameterAllowedALimitIsAcceptedThereAndOthersAreNot() {
    // f = (theta1 - 1)^2 + exp(-theta0): no finite minimum in theta0, which improves towards infinity.
    smile.util.function.DifferentiableMultivariateFunction objective = new smile.util.function.DifferentiableMultivariateFunction() {
      @Override
      public double f(double[] t) {
        return (t[1] - 1) * (t[1] - 1) + Math.exp(-t[0]);
      }

      @Override
      public double g(double[] t, double[] gradient) {
        gradient[0] = -Math.exp(-t[0]);
        gradient[1] = 2 * (t[1] - 1);
        return f(t);
      }
    };
    String[] names = {"p", "q"};
    LogParameterOptimizer.Result result = LogParameterOptimizer.minimize("test", names,
        new LogParameterOptimizer.Limit[] {LogParameterOptimizer.Limit.INFINITY, LogParameterOptimizer.Limit.NONE},
        objective, new double[] {0, 0});
    assertThat(result.boundaryParameters()).as("parameters at their limit").containsExactly("p");
    assertThat(result.parameters()[1]).as("interior parameter q = e^1").isCloseTo(Math.E, within(1e-4));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogParameterOptimizer.minimize("test", names, objective,
            new double[] {0, 0}))
        .as("without the limit the same fit is a failure").isInstanceOf(ValueModelFitException.class);
  }
}
