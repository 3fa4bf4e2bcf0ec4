package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import smile.util.function.DifferentiableMultivariateFunction;

/** Checks an analytic gradient against central finite differences, parameter by parameter. */
final class GradientCheck {
  private GradientCheck() {}

  /** The gradient at {@code theta} equals (f(θ + h e_i) − f(θ − h e_i)) / 2h, h = 1e-6, within 1e-7. */
  static void assertMatchesFiniteDifferences(DifferentiableMultivariateFunction likelihood, double[] theta, String[] names) {
    double[] gradient = new double[theta.length];
    likelihood.g(theta, gradient);
    for (int i = 0; i < theta.length; i++) {
      double h = 1e-6;
      double[] up = theta.clone();
      double[] down = theta.clone();
      up[i] += h;
      down[i] -= h;
      double numeric = (likelihood.f(up) - likelihood.f(down)) / (2 * h);
      assertThat(gradient[i]).as("d mean NLL / d ln " + names[i]).isCloseTo(numeric, within(1e-7));
    }
  }
}
