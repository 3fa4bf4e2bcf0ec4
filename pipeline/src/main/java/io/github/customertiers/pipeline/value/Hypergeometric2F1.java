package io.github.customertiers.pipeline.value;

import java.util.Locale;
import smile.math.special.Gamma;

/**
 * The Gaussian hypergeometric function {@code 2F1(a, b; c; z)} for real parameters and real
 * {@code z <= 1}, as needed by the BG/NBD conditional expectation (Fader, Hardie &amp; Lee 2005,
 * eq. 10).
 *
 * <p>Method (Abramowitz &amp; Stegun 15.3.5 and 15.3.6):
 * <ul>
 *   <li>{@code 0 <= z <= 0.5}: the defining power series, summed until a term no longer changes the
 *       sum.</li>
 *   <li>{@code z < 0}: Pfaff's transformation {@code 2F1(a,b;c;z) = (1-z)^-a 2F1(a,c-b;c;z/(z-1))},
 *       which maps z into [0, 1).</li>
 *   <li>{@code 0.5 < z < 1}: the {@code 1 - z} connection formula, whose two series converge
 *       geometrically in {@code 1 - z <= 0.5}, so an argument near 1 is as cheap as one near 0. The
 *       formula is singular when {@code c - a - b} is an integer n; within 5e-4 of one the direct
 *       series is used up to z = 0.9 and beyond that the cubic Lagrange interpolation through
 *       {@code c - a - b = n +- 5e-4, n +- 1e-3} (relative error below about 1e-9, set by the
 *       accuracy of the log-gamma function).</li>
 *   <li>{@code z = 1}: Gauss's theorem, when {@code c - a - b > 0}.</li>
 * </ul>
 *
 * <p>Values are carried as mantissa and log-scale internally, so {@link #scaledValue} can return
 * {@code (1-z)^s 2F1(a,b;c;z)} even when the two factors alone would overflow a double (the BG/NBD
 * expectation needs exactly that product for heavy buyers).
 */
public final class Hypergeometric2F1 {

  private static final double RELATIVE_TOLERANCE = 1e-16;
  private static final int MAX_TERMS = 500_000;
  private static final double DIRECT_SERIES_LIMIT = 0.5;
  private static final double DIRECT_SERIES_FALLBACK_LIMIT = 0.9;
  private static final double NEAR_INTEGER = 5e-4;
  private static final double PERTURBATION = 5e-4;
  private static final double RESCALE = 1e200;
  private static final double LOG_RESCALE = Math.log(RESCALE);

  private Hypergeometric2F1() {}

  /** {@code 2F1(a, b; c; z)} for {@code z <= 1} ({@code z = 1} only when {@code c - a - b > 0}). */
  public static double value(double a, double b, double c, double z) {
    return scaledValue(a, b, c, z, 0.0);
  }

  /**
   * {@code (1 - z)^exponent * 2F1(a, b; c; z)} for {@code z < 1}, computed without forming the two
   * factors separately.
   *
   * @throws IllegalArgumentException for a non-finite argument, {@code z > 1}, or {@code c} a
   *     non-positive integer (where the function is undefined)
   * @throws ArithmeticException when a series fails to converge (parameters far outside the range
   *     the value model produces)
   */
  public static double scaledValue(double a, double b, double c, double z, double exponent) {
    if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c) || !Double.isFinite(z)
        || !Double.isFinite(exponent)) {
      throw new IllegalArgumentException(describe("2F1 needs finite arguments", a, b, c, z));
    }
    if (isNonPositiveInteger(c) && !terminatesBeforePole(a, b, c)) {
      throw new IllegalArgumentException(describe("2F1 is undefined: c is a non-positive integer", a, b, c, z));
    }
    if (z > 1) {
      throw new IllegalArgumentException(describe("2F1 series diverges: z > 1", a, b, c, z));
    }
    if (z == 1) {
      return gaussAtOne(a, b, c, exponent);
    }
    return scaled(a, b, c, z, exponent).toDouble();
  }

  private static double gaussAtOne(double a, double b, double c, double exponent) {
    if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
      // A polynomial: the series terminates and converges at z = 1 whatever c - a - b is.
      return exponent > 0 ? 0.0 : exponent == 0 ? direct(a, b, c, 1.0).toDouble() : Double.POSITIVE_INFINITY;
    }
    if (c - a - b <= 0) {
      throw new IllegalArgumentException(describe("2F1 diverges at z = 1 unless c - a - b > 0", a, b, c, 1));
    }
    if (exponent != 0) {
      return exponent > 0 ? 0.0 : Double.POSITIVE_INFINITY;
    }
    SignedLog coefficient = SignedLog.gamma(c).plus(SignedLog.gamma(c - a - b))
        .minus(SignedLog.gamma(c - a)).minus(SignedLog.gamma(c - b));
    return coefficient.toDouble();
  }

  private static Scaled scaled(double a, double b, double c, double z, double exponent) {
    if (z == 0) {
      return Scaled.ONE;
    }
    if (z < 0) {
      // Pfaff: (1-z)^s F(a,b;c;z) = (1-z')^(a-s) F(a,c-b;c;z'), z' = z/(z-1) in (0,1), 1-z' = 1/(1-z).
      return scaled(a, c - b, c, z / (z - 1), a - exponent);
    }
    double logOneMinusZ = Math.log1p(-z);
    if (z <= DIRECT_SERIES_LIMIT || isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
      return direct(a, b, c, z).timesExp(exponent * logOneMinusZ);
    }
    double d = c - a - b;
    double nearestInteger = Math.rint(d);
    if (Math.abs(d - nearestInteger) < NEAR_INTEGER) {
      if (z <= DIRECT_SERIES_FALLBACK_LIMIT) {
        return direct(a, b, c, z).timesExp(exponent * logOneMinusZ);
      }
      // Lagrange-interpolate in c through c - a - b = n +- h, n +- 2h, where the formula is regular.
      double offset = d - nearestInteger;
      double[] nodes = {-2 * PERTURBATION, -PERTURBATION, PERTURBATION, 2 * PERTURBATION};
      Scaled interpolated = Scaled.ZERO;
      for (int i = 0; i < nodes.length; i++) {
        double weight = 1.0;
        for (int j = 0; j < nodes.length; j++) {
          if (j != i) {
            weight *= (offset - nodes[j]) / (nodes[i] - nodes[j]);
          }
        }
        double cNode = c - offset + nodes[i];
        Scaled value = connection(a, b, cNode, z, exponent, cNode - a - b);
        interpolated = interpolated.plus(value.timesSignedExp(weight < 0 ? -1 : 1, Math.log(Math.abs(weight))));
      }
      return interpolated;
    }
    return connection(a, b, c, z, exponent, d);
  }

  /** A&S 15.3.6, multiplied by (1-z)^s; d = c - a - b is not an integer. */
  private static Scaled connection(double a, double b, double c, double z, double exponent, double d) {
    double w = 1 - z;
    double logW = Math.log(w);
    SignedLog first = SignedLog.gamma(c).plus(SignedLog.gamma(d))
        .minus(SignedLog.gamma(c - a)).minus(SignedLog.gamma(c - b));
    SignedLog second = SignedLog.gamma(c).plus(SignedLog.gamma(-d))
        .minus(SignedLog.gamma(a)).minus(SignedLog.gamma(b));
    Scaled firstTerm = first.isZero() ? Scaled.ZERO
        : direct(a, b, 1 - d, w).timesSignedExp(first.sign(), first.log() + exponent * logW);
    Scaled secondTerm = second.isZero() ? Scaled.ZERO
        : direct(c - a, c - b, 1 + d, w).timesSignedExp(second.sign(), second.log() + (exponent + d) * logW);
    return firstTerm.plus(secondTerm);
  }

  /** The power series, for 0 <= z <= 1 where it converges (or terminates). */
  private static Scaled direct(double a, double b, double c, double z) {
    double term = 1.0;
    double sum = 1.0;
    double logScale = 0.0;
    int smallTerms = 0;
    for (int k = 0; k < MAX_TERMS; k++) {
      term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
      sum += term;
      if (term == 0.0) {
        return new Scaled(sum, logScale);
      }
      if (Math.abs(sum) > RESCALE) {
        sum /= RESCALE;
        term /= RESCALE;
        logScale += LOG_RESCALE;
      }
      boolean negligible = Math.abs(term) <= RELATIVE_TOLERANCE * Math.abs(sum);
      smallTerms = negligible ? smallTerms + 1 : 0;
      double nextRatio = Math.abs((a + k + 1) * (b + k + 1) / ((c + k + 1) * (k + 2)) * z);
      boolean pastNegativeC = c + k + 1 > 0;
      if (smallTerms >= 2 && nextRatio < 1 && pastNegativeC) {
        return new Scaled(sum, logScale);
      }
    }
    throw new ArithmeticException(describe("2F1 series did not converge in " + MAX_TERMS + " terms", a, b, c, z));
  }

  private static boolean isNonPositiveInteger(double v) {
    return v <= 0 && v == Math.rint(v);
  }

  /** True when a or b is a non-positive integer that stops the series before (c)_k hits zero. */
  private static boolean terminatesBeforePole(double a, double b, double c) {
    return (isNonPositiveInteger(a) && a > c) || (isNonPositiveInteger(b) && b > c);
  }

  private static String describe(String problem, double a, double b, double c, double z) {
    return String.format(Locale.ROOT, "%s (a=%s, b=%s, c=%s, z=%s)", problem, a, b, c, z);
  }

  /** mantissa * exp(logScale). */
  private record Scaled(double mantissa, double logScale) {
    static final Scaled ONE = new Scaled(1.0, 0.0);
    static final Scaled ZERO = new Scaled(0.0, 0.0);

    Scaled timesExp(double logFactor) {
      return new Scaled(mantissa, logScale + logFactor);
    }

    Scaled timesSignedExp(int sign, double logFactor) {
      return new Scaled(sign * mantissa, logScale + logFactor);
    }

    Scaled plus(Scaled other) {
      if (mantissa == 0.0) {
        return other;
      }
      if (other.mantissa == 0.0) {
        return this;
      }
      double top = Math.max(logScale, other.logScale);
      return new Scaled(mantissa * Math.exp(logScale - top) + other.mantissa * Math.exp(other.logScale - top), top);
    }

    double toDouble() {
      if (mantissa == 0.0) {
        return 0.0;
      }
      return Math.signum(mantissa) * Math.exp(Math.log(Math.abs(mantissa)) + logScale);
    }
  }

  /** sign * exp(log); sign 0 stands for an exact zero (1/Gamma at a pole). */
  private record SignedLog(double log, int sign) {

    /** Gamma(x) for any real x; at a pole only valid as a divisor (its reciprocal is zero). */
    static SignedLog gamma(double x) {
      if (x > 0) {
        return new SignedLog(Gamma.lgamma(x), 1);
      }
      if (x == Math.rint(x)) {
        return new SignedLog(Double.POSITIVE_INFINITY, 0);
      }
      // Reflection: Gamma(x) = pi / (sin(pi x) Gamma(1 - x)).
      double sinPiX = sinPi(x);
      return new SignedLog(Math.log(Math.PI) - Math.log(Math.abs(sinPiX)) - Gamma.lgamma(1 - x),
          sinPiX > 0 ? 1 : -1);
    }

    SignedLog plus(SignedLog other) {
      return new SignedLog(log + other.log, sign * other.sign);
    }

    /** Division; dividing by a pole gives zero. */
    SignedLog minus(SignedLog divisor) {
      if (divisor.sign == 0) {
        return new SignedLog(Double.NEGATIVE_INFINITY, 0);
      }
      return new SignedLog(log - divisor.log, sign * divisor.sign);
    }

    boolean isZero() {
      return sign == 0;
    }

    double toDouble() {
      return sign == 0 ? 0.0 : sign * Math.exp(log);
    }

    private static double sinPi(double x) {
      double reduced = x - 2 * Math.floor(x / 2); // in [0, 2)
      return Math.sin(Math.PI * reduced);
    }
  }
}
