package io.github.customertiers.pipeline.value;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A fitted BG/NBD model of repeat purchasing: Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005),
 * "Counting your customers the easy way: an alternative to the Pareto/NBD model", Marketing Science
 * 24(2), 275-284.
 *
 * <p>Assumptions: while alive a customer buys as a Poisson process with rate lambda; lambda varies
 * across customers as Gamma(shape {@code r}, rate {@code alpha}); after every purchase the customer
 * drops out for good with probability p; p varies across customers as Beta({@code a}, {@code b}).
 * Units: {@code alpha} and every time argument ({@code t, t_x, T}) are in {@link #timeUnit()};
 * {@code r, a, b} are unit-free. {@code x} counts repeat purchases (purchase days after the first).
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha scale of the purchase-rate distribution, in {@code timeUnit}
 * @param a first shape of the dropout-probability distribution
 * @param b second shape of the dropout-probability distribution
 * @param logLikelihood maximised log-likelihood of the calibration data
 * @param customers customers the model was fitted on
 * @param timeUnit unit of alpha and of all times
 * @param evaluations likelihood-and-gradient evaluations the optimiser used
 * @param converged whether the convergence check passed (always true for {@link #fit} results)
 */
public record BgNbdModel(double r, double alpha, double a, double b, double logLikelihood, long customers,
    ModelTimeUnit timeUnit, int evaluations, boolean converged) implements Serializable {

  private static final double NEAR_SINGULAR = 1e-4;
  /**
   * Below this mean dropout probability per purchase, a/(a+b), the no-dropout limit is used for
   * E[Y(t)] (its relative error is about a/(b+x) times E[Y], negligible): there the hypergeometric
   * formula subtracts two nearly equal numbers and multiplies by b, and loses all precision.
   */
  static final double NEGLIGIBLE_DROPOUT = 1e-6;
  private static final Logger LOG = LogManager.getLogger(BgNbdModel.class);

  public BgNbdModel {
    requirePositive("r", r);
    requirePositive("alpha", alpha);
    requirePositive("a", a);
    requirePositive("b", b);
    if (Double.isInfinite(logLikelihood)) {
      throw new IllegalArgumentException("BG/NBD logLikelihood must be finite or NaN (unknown), got " + logLikelihood);
    }
    if (customers < 0 || evaluations < 0) {
      throw new IllegalArgumentException("BG/NBD customers and evaluations must be >= 0, got " + customers + " and " + evaluations);
    }
    Objects.requireNonNull(timeUnit, "BG/NBD timeUnit");
  }

  /**
   * Maximum-likelihood fit on distinct (x, t_x, T) tuples, optimising {@code ln r, ln alpha, ln a,
   * ln b} with L-BFGS and checking the gradient at the optimum.
   *
   * @param tuples calibration tuples, times in {@code timeUnit}
   * @param timeUnit unit of the tuples' times
   * @throws ValueModelFitException when there are no customers, nobody made a repeat purchase, or
   *     the optimiser does not converge to an interior maximum
   */
  public static BgNbdModel fit(FrequencyRecencyTuples tuples, ModelTimeUnit timeUnit) {
    return fitReportingLimits(tuples, timeUnit).model();
  }

  /**
   * As {@link #fit}, and says which parameters were accepted at their limit: {@code a} (towards 0)
   * and {@code b} (towards infinity) may go there when almost no customer is seen to drop out (a
   * flat likelihood ridge); the model is then the limiting one (dropout negligible), not a failure.
   */
  public static FittedModel<BgNbdModel> fitReportingLimits(FrequencyRecencyTuples tuples, ModelTimeUnit timeUnit) {
    Objects.requireNonNull(tuples, "tuples");
    Objects.requireNonNull(timeUnit, "timeUnit");
    if (tuples.customers() == 0) {
      throw new ValueModelFitException("BG/NBD fit impossible: no customers in the calibration data");
    }
    if (tuples.repeatBuyers() == 0) {
      throw new ValueModelFitException(String.format(Locale.ROOT,
          "BG/NBD fit impossible: none of the %d customers made a repeat purchase (x = 0 for everyone), so the"
              + " purchase rate and the dropout probability cannot be estimated; the likelihood has no finite"
              + " maximum", tuples.customers()));
    }
    BgNbdLikelihood likelihood = new BgNbdLikelihood(tuples);
    double[] unitStart = {0, 0, 0, 0};
    double[] scaledStart = {0, Math.log(Math.max(1e-3, tuples.maximumAge() / 4)), 0, 0};
    LogParameterOptimizer.Limit[] limits = {LogParameterOptimizer.Limit.NONE, LogParameterOptimizer.Limit.NONE,
        LogParameterOptimizer.Limit.ZERO, LogParameterOptimizer.Limit.INFINITY};
    LogParameterOptimizer.Result result = LogParameterOptimizer.minimize("BG/NBD", BgNbdLikelihood.PARAMETER_NAMES,
        limits, likelihood, unitStart, scaledStart);
    double[] p = result.parameters();
    double logLikelihood = likelihood.logLikelihood(p[0], p[1], p[2], p[3]);
    BgNbdModel model = new BgNbdModel(p[0], p[1], p[2], p[3], logLikelihood, tuples.customers(), timeUnit,
        result.evaluations(), true);
    LOG.info("BG/NBD fitted on {} customers ({} distinct tuples, {} repeat buyers) in {} evaluations: {}",
        tuples.customers(), tuples.size(), tuples.repeatBuyers(), result.evaluations(), model.describe());
    return new FittedModel<>(model, result.boundaryParameters());
  }

  /**
   * P(alive | x, t_x, T): the probability that a customer with this history has not dropped out by
   * T (Fader, Hardie &amp; Lee 2008, "Computing P(alive) using the BG/NBD model"). It is 1 when
   * x = 0, since the model lets customers drop out only right after a repeat purchase:
   * <pre>
   * 1 / (1 + [x&gt;0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
   * </pre>
   */
  public double probabilityAlive(int x, double tx, double T) {
    requireHistory(x, tx, T);
    return probabilityAliveWithA(a, x, tx, T);
  }

  /**
   * E[Y(t) | x, t_x, T]: expected number of purchases in the next {@code t} time units by a customer
   * with this history (FHL 2005, eq. 10):
   * <pre>
   * (a+b+x-1)/(a-1) * [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))]
   *   / (1 + [x&gt;0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
   * </pre>
   * The power and the 2F1 are evaluated as one product so heavy buyers do not overflow. At a = 1 (and
   * at a+b+x-1 = 0) the formula is 0/0; there the value is the mean of a = 1 +- 1e-4.
   */
  public double expectedPurchases(double t, int x, double tx, double T) {
    requireHistory(x, tx, T);
    if (!(t >= 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("BG/NBD horizon t must be finite and >= 0, got " + t);
    }
    if (t == 0) {
      return 0.0;
    }
    if (dropoutNegligible()) {
      return noDropoutExpectedPurchases(t, x, tx, T);
    }
    double value;
    try {
      value = expectedPurchasesByFormula(t, x, tx, T);
    } catch (ArithmeticException e) {
      value = Double.NaN;
    }
    // Dropout only lowers purchases, so the no-dropout value bounds the formula: a value outside
    // [0, bound] (or not finite) is lost precision, and the bound is the closest value we can give.
    double bound = noDropoutExpectedPurchases(t, x, tx, T);
    if (!(value >= 0) || !(value <= bound * (1 + 1e-9))) {
      return bound;
    }
    return value;
  }

  /** True when the mean dropout probability per purchase a/(a+b) is below {@value #NEGLIGIBLE_DROPOUT}. */
  public boolean dropoutNegligible() {
    return a / (a + b) < NEGLIGIBLE_DROPOUT;
  }

  /**
   * The no-dropout limit (a -> 0) of E[Y(t) | x, t_x, T]: P(alive) (r+x) t / (alpha+T), the
   * Gamma-Poisson (NBD) expectation of a customer who is alive, times P(alive).
   */
  double noDropoutExpectedPurchases(double t, int x, double tx, double T) {
    return probabilityAliveWithA(a, x, tx, T) * (r + x) * t / (alpha + T);
  }

  private double expectedPurchasesByFormula(double t, int x, double tx, double T) {
    double c = a + b + x - 1;
    boolean nearSingular = Math.abs(a - 1) < NEAR_SINGULAR || (c <= NEAR_SINGULAR && Math.abs(c - Math.rint(c)) < NEAR_SINGULAR);
    if (nearSingular) {
      return 0.5 * (expectedPurchasesWithA(a - NEAR_SINGULAR, t, x, tx, T)
          + expectedPurchasesWithA(a + NEAR_SINGULAR, t, x, tx, T));
    }
    return expectedPurchasesWithA(a, t, x, tx, T);
  }

  /** E[X(t)]: expected purchases in {@code t} time units by a customer who has just made a first purchase. */
  public double expectedPurchasesOfNewCustomer(double t) {
    return expectedPurchases(t, 0, 0.0, 0.0);
  }

  /** The BG/NBD log-likelihood of one customer's history under this model. */
  public double customerLogLikelihood(int x, double tx, double T) {
    requireHistory(x, tx, T);
    FrequencyRecencyTuples one = FrequencyRecencyTuples.builder(1).add(x, tx, T, 1).build();
    return new BgNbdLikelihood(one).logLikelihood(r, alpha, a, b);
  }

  /** One line for logs and reports. */
  public String describe() {
    return String.format(Locale.ROOT, "r=%.4f alpha=%.4f a=%.4f b=%.4f (%s) logLikelihood=%.2f", r, alpha, a, b,
        timeUnit.label(), logLikelihood);
  }

  private double expectedPurchasesWithA(double aValue, double t, int x, double tx, double T) {
    double c = aValue + b + x - 1;
    double z = t / (alpha + T + t);
    double discountedHypergeometric = Hypergeometric2F1.scaledValue(r + x, b + x, c, z, r + x);
    double numerator = c / (aValue - 1) * (1 - discountedHypergeometric);
    return numerator * probabilityAliveWithA(aValue, x, tx, T);
  }

  private double probabilityAliveWithA(double aValue, int x, double tx, double T) {
    if (x == 0) {
      return 1.0;
    }
    double logDropoutOdds = Math.log(aValue) - Math.log(b + x - 1)
        + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
    return 1.0 / (1.0 + Math.exp(logDropoutOdds));
  }

  private static void requireHistory(int x, double tx, double T) {
    if (x < 0 || !(tx >= 0) || !(T >= tx) || Double.isInfinite(T)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "BG/NBD customer history needs x >= 0 and 0 <= t_x <= T finite, got x=%d, t_x=%s, T=%s", x, tx, T));
    }
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("BG/NBD parameter " + name + " must be finite and > 0, got " + value);
    }
  }
}
