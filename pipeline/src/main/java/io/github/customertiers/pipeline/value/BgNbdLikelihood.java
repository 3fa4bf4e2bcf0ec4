package io.github.customertiers.pipeline.value;

import java.util.Arrays;
import smile.math.special.Gamma;
import smile.util.function.DifferentiableMultivariateFunction;

/**
 * The BG/NBD log-likelihood (Fader, Hardie &amp; Lee 2005, eq. 6) over distinct (x, t_x, T) tuples,
 * and its gradient. As an optimiser objective it is the <em>mean</em> negative log-likelihood per
 * customer as a function of {@code (ln r, ln alpha, ln a, ln b)}.
 *
 * <p>Per customer, with A1 = Gamma(r+x) alpha^r / Gamma(r), A2 = B(a, b+x) / B(a, b):
 * <pre>
 * L = A1 A2 [ (alpha+T)^-(r+x) + [x&gt;0] a/(b+x-1) (alpha+t_x)^-(r+x) ]
 * </pre>
 * The bracket is evaluated as a log-sum-exp of its two log terms. Every log-gamma and digamma term
 * depends on the tuple only through x, so it is computed once per distinct x, not per tuple.
 */
final class BgNbdLikelihood implements DifferentiableMultivariateFunction {

  static final String[] PARAMETER_NAMES = {"r", "alpha", "a", "b"};

  private final FrequencyRecencyTuples data;
  private final int[] distinctX;
  private final int[] distinctXIndex;
  private final double customers;

  BgNbdLikelihood(FrequencyRecencyTuples data) {
    this.data = data;
    int[] xs = new int[data.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = data.repeatPurchases(i);
    }
    this.distinctX = Arrays.stream(xs).distinct().sorted().toArray();
    this.distinctXIndex = new int[xs.length];
    for (int i = 0; i < xs.length; i++) {
      distinctXIndex[i] = Arrays.binarySearch(distinctX, xs[i]);
    }
    this.customers = data.customers();
  }

  /** Total log-likelihood of the data at the given (natural-scale) parameters. */
  double logLikelihood(double r, double alpha, double a, double b) {
    return evaluate(r, alpha, a, b, null);
  }

  @Override
  public double f(double[] logParameters) {
    return -evaluate(Math.exp(logParameters[0]), Math.exp(logParameters[1]), Math.exp(logParameters[2]),
        Math.exp(logParameters[3]), null) / customers;
  }

  @Override
  public double g(double[] logParameters, double[] gradient) {
    double[] p = new double[4];
    for (int i = 0; i < 4; i++) {
      p[i] = Math.exp(logParameters[i]);
    }
    double[] derivatives = new double[4];
    double logLikelihood = evaluate(p[0], p[1], p[2], p[3], derivatives);
    for (int i = 0; i < 4; i++) {
      // Chain rule for the log scale: d/d ln(p) = p d/dp.
      gradient[i] = -derivatives[i] * p[i] / customers;
    }
    return -logLikelihood / customers;
  }

  /** Log-likelihood; when {@code derivatives} is not null it receives d LL / d (r, alpha, a, b). */
  private double evaluate(double r, double alpha, double a, double b, double[] derivatives) {
    int m = distinctX.length;
    double[] logA1A2 = new double[m];
    double[] logDropoutWeight = new double[m];
    double[] dR = new double[m];
    double[] dA = new double[m];
    double[] dB = new double[m];
    double lgammaR = Gamma.lgamma(r);
    double lgammaAB = Gamma.lgamma(a + b);
    double lgammaB = Gamma.lgamma(b);
    double logA = Math.log(a);
    double psiR = derivatives == null ? 0 : Gamma.digamma(r);
    double psiAB = derivatives == null ? 0 : Gamma.digamma(a + b);
    double psiB = derivatives == null ? 0 : Gamma.digamma(b);
    for (int j = 0; j < m; j++) {
      int x = distinctX[j];
      logA1A2[j] = Gamma.lgamma(r + x) - lgammaR + lgammaAB + Gamma.lgamma(b + x) - lgammaB - Gamma.lgamma(a + b + x);
      logDropoutWeight[j] = x > 0 ? logA - Math.log(b + x - 1) : Double.NEGATIVE_INFINITY;
      if (derivatives != null) {
        double psiABX = Gamma.digamma(a + b + x);
        dR[j] = Gamma.digamma(r + x) - psiR;
        dA[j] = psiAB - psiABX;
        dB[j] = psiAB + Gamma.digamma(b + x) - psiB - psiABX;
      }
    }
    double logAlpha = Math.log(alpha);
    double sum = 0;
    double sumR = 0;
    double sumAlpha = 0;
    double sumA = 0;
    double sumB = 0;
    for (int i = 0; i < data.size(); i++) {
      int j = distinctXIndex[i];
      int x = data.repeatPurchases(i);
      double n = data.customerCount(i);
      double logAlphaT = Math.log(alpha + data.age(i));
      double logAliveTerm = -(r + x) * logAlphaT;
      double logBracket;
      double dropoutShare;
      double logAlphaTx = 0;
      if (x > 0) {
        logAlphaTx = Math.log(alpha + data.recency(i));
        double logDropoutTerm = logDropoutWeight[j] - (r + x) * logAlphaTx;
        double top = Math.max(logAliveTerm, logDropoutTerm);
        logBracket = top + Math.log1p(Math.exp(-Math.abs(logAliveTerm - logDropoutTerm)));
        dropoutShare = Math.exp(logDropoutTerm - logBracket);
      } else {
        logBracket = logAliveTerm;
        dropoutShare = 0;
      }
      sum += n * (logA1A2[j] + r * logAlpha + logBracket);
      if (derivatives != null) {
        double aliveShare = x > 0 ? Math.exp(logAliveTerm - logBracket) : 1.0;
        sumR += n * (dR[j] + logAlpha - aliveShare * logAlphaT - dropoutShare * logAlphaTx);
        sumAlpha += n * (r / alpha
            - (r + x) * (aliveShare / (alpha + data.age(i)) + dropoutShare / (alpha + data.recency(i))));
        sumA += n * (dA[j] + dropoutShare / a);
        sumB += n * (dB[j] - (x > 0 ? dropoutShare / (b + x - 1) : 0));
      }
    }
    if (derivatives != null) {
      derivatives[0] = sumR;
      derivatives[1] = sumAlpha;
      derivatives[2] = sumA;
      derivatives[3] = sumB;
    }
    return sum;
  }
}
