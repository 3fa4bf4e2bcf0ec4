package io.github.customertiers.pipeline.value;

import java.io.Serializable;
import java.util.Objects;

/**
 * Computes {@link CustomerValue}s from a fitted BG/NBD and Gamma-Gamma pair. A small serializable
 * value: the scoring UDF captures it and runs it on the executors.
 *
 * <p>CLV formula (discrete weekly discounting of the incremental expected purchases):
 * <pre>
 * clv = margin * E[M | x, m_x] * sum_{k=1..K} (E[Y(t_k)] - E[Y(t_{k-1})]) / (1 + d)^(t_k in years)
 * </pre>
 * where {@code t_k = min(k week, H)} cuts the horizon H into weeks (the last one possibly shorter),
 * {@code E[Y(t)]} is the BG/NBD conditional expectation, {@code E[M]} the Gamma-Gamma expected value
 * per purchase, d the annual discount rate and a year is 365.25 days. The purchases expected in a week
 * are discounted from the end of that week, which is conservative by at most half a week of interest.
 * Weekly steps whatever the model unit keep the cost at 52 evaluations of E[Y] per customer-year.
 */
public final class CustomerValueCalculator implements Serializable {

  /** Length of a discounting period, in days. */
  public static final int DISCOUNT_PERIOD_DAYS = 7;

  private final BgNbdModel bgNbd;
  private final SpendPerPurchase spend;
  private final double margin;
  private final double horizon;
  private final double[] periodEnds;
  private final double[] discountFactors;

  public CustomerValueCalculator(BgNbdModel bgNbd, GammaGammaModel gammaGamma, ClvParameters parameters) {
    this(bgNbd, SpendPerPurchase.gammaGamma(gammaGamma), parameters);
  }

  /** With any spend model (the Gamma-Gamma, or the shrunk observed mean when it could not be fitted). */
  public CustomerValueCalculator(BgNbdModel bgNbd, SpendPerPurchase spend, ClvParameters parameters) {
    this.bgNbd = Objects.requireNonNull(bgNbd, "bgNbd");
    this.spend = Objects.requireNonNull(spend, "spend");
    Objects.requireNonNull(parameters, "parameters");
    ModelTimeUnit unit = bgNbd.timeUnit();
    this.margin = parameters.margin();
    this.horizon = parameters.horizonIn(unit);
    double period = unit.fromDays(DISCOUNT_PERIOD_DAYS);
    int periods = (int) Math.ceil(horizon / period - 1e-9);
    this.periodEnds = new double[periods];
    this.discountFactors = new double[periods];
    double logOnePlusRate = Math.log1p(parameters.annualDiscountRate());
    for (int k = 0; k < periods; k++) {
      periodEnds[k] = Math.min((k + 1) * period, horizon);
      double years = unit.toDays(periodEnds[k]) / ModelTimeUnit.DAYS_PER_YEAR;
      discountFactors[k] = Math.exp(-years * logOnePlusRate);
    }
  }

  /** The horizon in the BG/NBD time unit. */
  public double horizon() {
    return horizon;
  }

  /**
   * The value-model outputs of one customer, the first purchase and refunds unknown (x = 0 gets the
   * population mean spend, and no first-purchase cap applies).
   */
  public CustomerValue value(int x, double tx, double T, double meanRepeatValue) {
    return value(x, tx, T, meanRepeatValue, Double.NaN, 0.0);
  }

  /**
   * The value-model outputs of one customer.
   *
   * <p>Thin histories: P(alive) of a customer without a repeat purchase is NaN (not reported: the
   * BG/NBD gives 1 by construction, which is not evidence); their spend is their own first purchase
   * (see {@link SpendPerPurchase}); and their CLV is capped at the net amount they have spent (margin
   * x first purchase x (1 - refund share)): until they come back, a customer is not credited with more
   * than they have shown. Refunds lower the spend (refund share), and a customer whose refunds reach
   * their purchases has an expected value and a CLV of 0.
   *
   * @param x repeat purchases
   * @param tx time from first to last purchase, in the BG/NBD unit
   * @param T time from first purchase to the as-of date, in the BG/NBD unit
   * @param meanRepeatValue mean net amount of the repeat purchase days (ignored when x = 0)
   * @param firstPurchaseValue net amount of the first purchase day (NaN = unknown)
   * @param refundShare refunds on days without a purchase over the amount of the purchase days
   */
  public CustomerValue value(int x, double tx, double T, double meanRepeatValue, double firstPurchaseValue,
      double refundShare) {
    double probabilityAlive = x == 0 ? Double.NaN : bgNbd.probabilityAlive(x, tx, T);
    double discountedPurchases = 0;
    double previous = 0;
    for (int k = 0; k < periodEnds.length; k++) {
      double cumulative = bgNbd.expectedPurchases(periodEnds[k], x, tx, T);
      discountedPurchases += (cumulative - previous) * discountFactors[k];
      previous = cumulative;
    }
    double expectedValue = spend.expected(x, meanRepeatValue, firstPurchaseValue, refundShare);
    double clv = margin * expectedValue * discountedPurchases;
    if (x == 0 && !Double.isNaN(firstPurchaseValue)) {
      clv = Math.min(clv, margin * SpendPerPurchase.observedFirstPurchase(firstPurchaseValue, refundShare));
    }
    return new CustomerValue(probabilityAlive, previous, expectedValue, clv);
  }
}
