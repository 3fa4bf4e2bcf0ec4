package io.github.customertiers.pipeline.config;

/** The day windows of the scores and tier rules, all in whole days ending on the as-of day. */
public record Windows(int scoringDays, int lapseDays, int engagementDays, int newCustomerDays) {
  public Windows {
    positive("windows.scoring_days", scoringDays);
    positive("windows.lapse_days", lapseDays);
    positive("windows.engagement_days", engagementDays);
    positive("windows.new_customer_days", newCustomerDays);
    if (newCustomerDays >= lapseDays) {
      throw new IllegalArgumentException("windows.new_customer_days (" + newCustomerDays
          + ") must be shorter than windows.lapse_days (" + lapseDays + ")");
    }
  }

  static void positive(String key, int days) {
    if (days <= 0 || days > 36_600) {
      throw new IllegalArgumentException(key + " must be between 1 and 36600 days, got " + days);
    }
  }

  /** Months in the scoring window (at least 1): the denominator of regularity and months_active shares. */
  public int scoringMonths() {
    return Math.max(1, (int) Math.round(scoringDays / 30.4375));
  }

  public static Windows defaults() {
    return new Windows(365, 180, 90, 30);
  }
}
