package io.github.customertiers.pipeline.value;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * The expected net spend of a customer's future purchases, from their own history. Small and
 * serializable: the scoring UDF captures it.
 *
 * <p>Rules (docs/VALUE_MODEL.md, "Thin histories and refunds"):
 * <ul>
 *   <li><b>Refunds count against spend</b>: refunds on days without a purchase (a return days after
 *       the order) lower the observed spend by the customer's refund share, the refunded amount over
 *       the amount of their purchase days: observed spend = spend x (1 - refund share). A customer
 *       whose refunds reach their purchases is worth 0.</li>
 *   <li>x &gt; 0: the observed mean of the repeat purchases (FH 2013's m_x), net of refunds.</li>
 *   <li>x = 0: the first purchase, net of refunds, as one observation: the same Gamma-Gamma posterior
 *       with one purchase, {@code E[M | 1, m_1]}, instead of the population mean.</li>
 *   <li>With the Gamma-Gamma model: {@link GammaGammaModel#expectedAverageValue}. Without it (the fit
 *       failed): the observed mean shrunk toward the population mean with the weight of one purchase,
 *       {@code (mu + n m) / (1 + n)}, n = max(x, 1) observed purchases.</li>
 * </ul>
 */
public final class SpendPerPurchase implements Serializable {

  private final GammaGammaModel gammaGamma;
  private final double populationMean;

  private SpendPerPurchase(GammaGammaModel gammaGamma, double populationMean) {
    this.gammaGamma = gammaGamma;
    this.populationMean = populationMean;
  }

  /** Spend from a fitted Gamma-Gamma model. */
  public static SpendPerPurchase gammaGamma(GammaGammaModel model) {
    GammaGammaModel m = Objects.requireNonNull(model, "model");
    return new SpendPerPurchase(m, m.populationMeanValue());
  }

  /** The fallback: the observed mean shrunk toward {@code populationMean} with the weight of one purchase. */
  public static SpendPerPurchase shrunkObservedMean(double populationMean) {
    if (!(populationMean > 0) || Double.isInfinite(populationMean)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "the population mean spend must be finite and > 0, got %s", populationMean));
    }
    return new SpendPerPurchase(null, populationMean);
  }

  /** The spend model for a fit: Gamma-Gamma when fitted, else the shrunk observed mean. */
  public static SpendPerPurchase of(ValueModelFit fit) {
    return fit.gammaGamma() != null ? gammaGamma(fit.gammaGamma()) : shrunkObservedMean(fit.populationMeanSpend());
  }

  /**
   * Expected net amount per future purchase day; NaN when the model gives no finite value.
   *
   * @param x repeat purchases
   * @param meanRepeatValue mean net amount of the repeat purchase days (used when x &gt; 0)
   * @param firstPurchaseValue net amount of the first purchase day (used when x = 0; NaN = unknown,
   *     then the population mean)
   * @param refundShare refunds on days without a purchase over the amount of the purchase days
   *     (0 = none; NaN counts as 0)
   */
  public double expected(int x, double meanRepeatValue, double firstPurchaseValue, double refundShare) {
    double kept = Double.isNaN(refundShare) ? 1.0 : 1.0 - Math.max(0.0, refundShare);
    if (x == 0 && Double.isNaN(firstPurchaseValue)) {
      return populationMean;
    }
    double observed = (x > 0 ? meanRepeatValue : firstPurchaseValue) * kept;
    if (!(observed > 0) || Double.isInfinite(observed)) {
      return Double.isNaN(observed) || Double.isInfinite(observed) ? Double.NaN : 0.0;
    }
    int n = Math.max(x, 1);
    if (gammaGamma != null) {
      return gammaGamma.expectedAverageValue(n, observed);
    }
    return (populationMean + n * observed) / (1 + n);
  }

  /** The observed net spend of a one-purchase customer: first purchase x (1 - refund share), at least 0. */
  public static double observedFirstPurchase(double firstPurchaseValue, double refundShare) {
    double kept = Double.isNaN(refundShare) ? 1.0 : 1.0 - Math.max(0.0, refundShare);
    return Math.max(0.0, firstPurchaseValue * kept);
  }

  /** One line for logs and notes. */
  public String describe() {
    return gammaGamma != null ? "Gamma-Gamma " + gammaGamma.describe()
        : String.format(Locale.ROOT, "observed mean spend shrunk toward the population mean %.2f (weight of one purchase)",
            populationMean);
  }
}
