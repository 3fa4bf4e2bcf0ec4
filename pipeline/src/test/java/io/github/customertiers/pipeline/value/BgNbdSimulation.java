package io.github.customertiers.pipeline.value;

import java.util.Random;

/** Draws customer histories from the BG/NBD process with a seeded {@link Random}; tests and benchmark only. */
public final class BgNbdSimulation {

  private BgNbdSimulation() {}

  /**
   * One customer observed for {@code age} weeks after the first purchase: returns {x, t_x in whole
   * days}. Purchases on the same day count once, as in the summary.
   */
  static int[] history(Random random, double r, double alpha, double a, double b, double age) {
    double lambda = gamma(random, r) / alpha; // purchases per week
    double p = beta(random, a, b);
    double time = 0;
    int x = 0;
    int lastDay = 0;
    while (true) {
      time += -Math.log(1 - random.nextDouble()) / lambda;
      if (time > age) {
        break;
      }
      int day = (int) Math.floor(time * 7);
      if (day > lastDay) {
        x++;
        lastDay = day;
      }
      if (random.nextDouble() < p) {
        break; // dropped out right after this purchase
      }
    }
    return new int[] {x, lastDay};
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang (2000), with the shape &lt; 1 boost. */
  public static double gamma(Random random, double shape) {
    if (shape < 1) {
      return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = random.nextGaussian();
      double v = 1 + c * z;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  static double beta(Random random, double a, double b) {
    double x = gamma(random, a);
    double y = gamma(random, b);
    return x / (x + y);
  }
}
