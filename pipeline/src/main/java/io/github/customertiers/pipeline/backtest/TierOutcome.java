package io.github.customertiers.pipeline.backtest;

/**
 * What the customers of one tier (as of the calibration end) did in the holdout period.
 *
 * @param tier tier label
 * @param customers customers in the tier
 * @param holdoutRevenue their net holdout revenue
 * @param holdoutPurchases their holdout purchases (transactions with a positive net amount)
 * @param boughtNothing customers without a holdout purchase
 * @param returnersRevenue net holdout revenue of the customers who bought (for lapsed: what the ones who came back spent)
 * @param inTopSpenders customers among the true top 20% of holdout spenders
 */
public record TierOutcome(String tier, long customers, double holdoutRevenue, long holdoutPurchases, long boughtNothing,
    double returnersRevenue, long inTopSpenders) {

  /** Customers who bought in the holdout (for lapsed: who came back). */
  public long boughtAgain() {
    return customers - boughtNothing;
  }

  public double meanHoldoutRevenue() {
    return customers == 0 ? Double.NaN : holdoutRevenue / customers;
  }

  public double boughtNothingShare() {
    return customers == 0 ? Double.NaN : (double) boughtNothing / customers;
  }
}
