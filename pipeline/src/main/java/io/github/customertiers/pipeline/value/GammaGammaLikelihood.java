package io.github.customertiers.pipeline.value;

import java.util.Arrays;
import smile.math.special.Gamma;
import smile.util.function.DifferentiableMultivariateFunction;

/**
 * The Gamma-Gamma log-likelihood of the observed mean spend (Fader &amp; Hardie 2013) over
 * distinct (x, m_x) pairs, and its gradient. As an optimiser objective it is the <em>mean</em>
 * negative log-likelihood per customer as a function of {@code (ln p, ln q, ln gamma)}.
 *
 * <p>Per customer with x repeat purchases of mean value m_x:
 * <pre>
 * ln f = lnGamma(px+q) - lnGamma(px) - lnGamma(q) + q ln(gamma) + (px-1) ln(m_x) + px ln(x)
 *        - (px+q) ln(gamma + m_x x)
 * </pre>
 */
final class GammaGammaLikelihood implements DifferentiableMultivariateFunction {

  static final String[] PARAMETER_NAMES = {"p", "q", "gamma"};

  private final RepeatSpendTuples data;
  private final int[] distinctX;
  private final int[] distinctXIndex;
  private final double[] logMeanValue;
  private final double[] logX;
  private final double customers;

  GammaGammaLikelihood(RepeatSpendTuples data) {
    this.data = data;
    int n = data.size();
    int[] xs = new int[n];
    logMeanValue = new double[n];
    logX = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = data.repeatPurchases(i);
      logMeanValue[i] = Math.log(data.meanValue(i));
      logX[i] = Math.log(xs[i]);
    }
    distinctX = Arrays.stream(xs).distinct().sorted().toArray();
    distinctXIndex = new int[n];
    for (int i = 0; i < n; i++) {
      distinctXIndex[i] = Arrays.binarySearch(distinctX, xs[i]);
    }
    customers = data.customers();
  }

  /** Total log-likelihood at the given (natural-scale) parameters. */
  double logLikelihood(double p, double q, double gamma) {
    return evaluate(p, q, gamma, null);
  }

  @Override
  public double f(double[] logParameters) {
    return -evaluate(Math.exp(logParameters[0]), Math.exp(logParameters[1]), Math.exp(logParameters[2]), null)
        / customers;
  }

  @Override
  public double g(double[] logParameters, double[] gradient) {
    double[] v = {Math.exp(logParameters[0]), Math.exp(logParameters[1]), Math.exp(logParameters[2])};
    double[] derivatives = new double[3];
    double logLikelihood = evaluate(v[0], v[1], v[2], derivatives);
    for (int i = 0; i < 3; i++) {
      gradient[i] = -derivatives[i] * v[i] / customers;
    }
    return -logLikelihood / customers;
  }

  private double evaluate(double p, double q, double gamma, double[] derivatives) {
    int m = distinctX.length;
    double[] logGammaRatio = new double[m];
    double[] psiPxQ = new double[m];
    double[] psiPx = new double[m];
    for (int j = 0; j < m; j++) {
      double px = p * distinctX[j];
      logGammaRatio[j] = Gamma.lgamma(px + q) - Gamma.lgamma(px);
      if (derivatives != null) {
        psiPxQ[j] = Gamma.digamma(px + q);
        psiPx[j] = Gamma.digamma(px);
      }
    }
    double lgammaQ = Gamma.lgamma(q);
    double psiQ = derivatives == null ? 0 : Gamma.digamma(q);
    double logGamma = Math.log(gamma);
    double sum = 0;
    double sumP = 0;
    double sumQ = 0;
    double sumGamma = 0;
    for (int i = 0; i < data.size(); i++) {
      int j = distinctXIndex[i];
      int x = data.repeatPurchases(i);
      double n = data.customerCount(i);
      double px = p * x;
      double scaleTotal = gamma + data.meanValue(i) * x;
      double logScaleTotal = Math.log(scaleTotal);
      sum += n * (logGammaRatio[j] - lgammaQ + q * logGamma + (px - 1) * logMeanValue[i] + px * logX[i]
          - (px + q) * logScaleTotal);
      if (derivatives != null) {
        sumP += n * x * (psiPxQ[j] - psiPx[j] + logMeanValue[i] + logX[i] - logScaleTotal);
        sumQ += n * (psiPxQ[j] - psiQ + logGamma - logScaleTotal);
        sumGamma += n * (q / gamma - (px + q) / scaleTotal);
      }
    }
    if (derivatives != null) {
      derivatives[0] = sumP;
      derivatives[1] = sumQ;
      derivatives[2] = sumGamma;
    }
    return sum;
  }
}
