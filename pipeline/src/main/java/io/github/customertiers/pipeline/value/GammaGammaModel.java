package io.github.customertiers.pipeline.value;

import java.io.Serializable;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A fitted Gamma-Gamma model of spend per purchase: Fader, P. S. and Hardie, B. G. S. (2013), "The
 * Gamma-Gamma model of monetary value" (note), building on Colombo &amp; Jiang (1999).
 *
 * <p>Assumptions: the values of a customer's purchases are i.i.d. Gamma(shape {@code p}, rate nu);
 * nu varies across customers as Gamma(shape {@code q}, rate {@code gamma}); spend is independent of
 * the purchase process (check: BG/NBD frequency and mean spend should be roughly uncorrelated).
 * Units: {@code gamma} and every value are in the currency of the transactions; {@code p, q} are
 * unit-free. Fitted on repeat buyers (x &gt; 0) with their mean net amount per repeat purchase day.
 *
 * @param p shape of the per-purchase spend distribution
 * @param q shape of the distribution of its rate across customers
 * @param gamma rate (scale in currency units) of that distribution
 * @param logLikelihood maximised log-likelihood
 * @param customers repeat buyers the model was fitted on
 * @param evaluations likelihood-and-gradient evaluations the optimiser used
 * @param converged whether the convergence check passed (always true for {@link #fit} results)
 */
public record GammaGammaModel(double p, double q, double gamma, double logLikelihood, long customers,
    int evaluations, boolean converged) implements Serializable {

  private static final Logger LOG = LogManager.getLogger(GammaGammaModel.class);

  public GammaGammaModel {
    for (double[] named : new double[][] {{p}, {q}, {gamma}}) {
      if (!(named[0] > 0) || Double.isInfinite(named[0])) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "Gamma-Gamma parameters p, q, gamma must be finite and > 0, got p=%s, q=%s, gamma=%s", p, q, gamma));
      }
    }
    if (Double.isInfinite(logLikelihood)) {
      throw new IllegalArgumentException("Gamma-Gamma logLikelihood must be finite or NaN (unknown), got " + logLikelihood);
    }
    if (customers < 0 || evaluations < 0) {
      throw new IllegalArgumentException("Gamma-Gamma customers and evaluations must be >= 0, got "
          + customers + " and " + evaluations);
    }
  }

  /**
   * Maximum-likelihood fit on distinct (x, mean value) pairs of repeat buyers, optimising
   * {@code ln p, ln q, ln gamma} with L-BFGS and checking the gradient at the optimum.
   *
   * @throws ValueModelFitException with fewer than two repeat buyers, when all mean values are equal,
   *     or when the optimiser does not converge to an interior maximum
   */
  public static GammaGammaModel fit(RepeatSpendTuples tuples) {
    return fitReportingLimits(tuples).model();
  }

  /**
   * As {@link #fit}, and says which parameters were accepted at their limit: {@code p} (towards
   * infinity) and {@code gamma} (towards 0, with p gamma fixed) when every customer spends about the
   * same on each of their purchases (constant spend per customer); E[M] then tends to the
   * customer's own mean.
   */
  public static FittedModel<GammaGammaModel> fitReportingLimits(RepeatSpendTuples tuples) {
    if (tuples.customers() < 2) {
      throw new ValueModelFitException("Gamma-Gamma fit impossible: needs at least 2 repeat buyers with a positive"
          + " mean value, got " + tuples.customers());
    }
    GammaGammaLikelihood likelihood = new GammaGammaLikelihood(tuples);
    double meanValue = tuples.averageMeanValue();
    double[] scaledStart = {0, Math.log(2), Math.log(meanValue)};
    double[] unitStart = {0, 0, 0};
    // Constant spend per customer: p -> infinity with p gamma fixed, so gamma -> 0.
    LogParameterOptimizer.Limit[] limits = {LogParameterOptimizer.Limit.INFINITY, LogParameterOptimizer.Limit.NONE,
        LogParameterOptimizer.Limit.ZERO};
    LogParameterOptimizer.Result result = LogParameterOptimizer.minimize("Gamma-Gamma",
        GammaGammaLikelihood.PARAMETER_NAMES, limits, likelihood, scaledStart, unitStart);
    double[] v = result.parameters();
    GammaGammaModel model = new GammaGammaModel(v[0], v[1], v[2], likelihood.logLikelihood(v[0], v[1], v[2]),
        tuples.customers(), result.evaluations(), true);
    if (model.q() <= 1) {
      LOG.warn("Gamma-Gamma q = {} <= 1: the population mean spend is infinite, so customers without repeat"
          + " purchases get no expected value", model.q());
    }
    LOG.info("Gamma-Gamma fitted on {} repeat buyers ({} distinct pairs) in {} evaluations: {}", tuples.customers(),
        tuples.size(), result.evaluations(), model.describe());
    return new FittedModel<>(model, result.boundaryParameters());
  }

  /**
   * E[M | p, q, gamma, m_x, x]: expected value of a customer's future purchases, in currency
   * (Fader &amp; Hardie 2013):
   * <pre>
   * (gamma + m_x x) p / (p x + q - 1)
   *   = (q-1)/(px+q-1) * gamma p/(q-1)  +  px/(px+q-1) * m_x
   * </pre>
   * a weighted mean of the population mean and the customer's own mean. With x = 0 the customer's
   * mean is ignored and the population mean {@code p gamma / (q - 1)} is returned. NaN when the
   * expectation is infinite ({@code p x + q <= 1}).
   *
   * @param x repeat purchases, &gt;= 0
   * @param meanValue mean value of the repeat purchases (ignored when x = 0; must be &gt; 0 otherwise)
   */
  public double expectedAverageValue(int x, double meanValue) {
    if (x < 0) {
      throw new IllegalArgumentException("Gamma-Gamma x must be >= 0, got " + x);
    }
    if (x == 0) {
      return populationMeanValue();
    }
    if (!(meanValue > 0) || Double.isInfinite(meanValue)) {
      throw new IllegalArgumentException("Gamma-Gamma mean value must be finite and > 0 when x > 0, got " + meanValue);
    }
    double denominator = p * x + q - 1;
    return denominator > 0 ? (gamma + meanValue * x) * p / denominator : Double.NaN;
  }

  /** E[M] for a new customer: {@code p gamma / (q - 1)}, NaN when q &lt;= 1. */
  public double populationMeanValue() {
    return q > 1 ? p * gamma / (q - 1) : Double.NaN;
  }

  /** One line for logs and reports. */
  public String describe() {
    return String.format(Locale.ROOT, "p=%.4f q=%.4f gamma=%.4f logLikelihood=%.2f", p, q, gamma, logLikelihood);
  }
}
