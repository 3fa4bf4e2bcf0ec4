package io.github.customertiers.pipeline.backtest;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The result of a backtest: per tier outcomes, the ranking quality of several orders, and the
 * precision and recall of vip+key against the true top 20% of holdout spenders.
 *
 * @param customers customers tiered as of the calibration end (the base every share refers to)
 * @param holdoutRevenue their net holdout revenue
 * @param holdoutPurchases their holdout purchases
 * @param topSpenders size of the true top 20%: the ceil(20% of customers) best holdout spenders, those with a positive holdout revenue
 */
public record BacktestReport(LocalDate calibrationEnd, LocalDate holdoutEnd, long customers, double holdoutRevenue,
    long holdoutPurchases, List<TierOutcome> tiers, List<RankingQuality> rankings, long topSpenders) {

  /** The share of customers in the true top spenders, the "top x%" of precision and recall. */
  public static final int TOP_SPENDERS_PERCENT = 20;

  public BacktestReport {
    tiers = List.copyOf(tiers);
    rankings = List.copyOf(rankings);
  }

  public TierOutcome tier(String label) {
    return tiers.stream().filter(t -> t.tier().equals(label)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no tier " + label));
  }

  public RankingQuality ranking(RankingOrder order) {
    return rankings.stream().filter(r -> r.order() == order).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("order " + order + " not measured"));
  }

  /** Share of vip+key customers who are among the true top spenders. */
  public double vipKeyPrecision() {
    long n = tier("vip").customers() + tier("key").customers();
    return n == 0 ? Double.NaN : (double) (tier("vip").inTopSpenders() + tier("key").inTopSpenders()) / n;
  }

  /** Share of the true top spenders who are vip or key. */
  public double vipKeyRecall() {
    return topSpenders == 0 ? Double.NaN
        : (double) (tier("vip").inTopSpenders() + tier("key").inTopSpenders()) / topSpenders;
  }

  private double share(double part, double whole) {
    return whole == 0 ? Double.NaN : part / whole;
  }

  /** The report as the command prints it. */
  public String toText() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Backtest: tiers as of %s, holdout %s .. %s: %,d customers, holdout revenue %,.2f, %,d purchases%n",
        calibrationEnd, calibrationEnd.plusDays(1), holdoutEnd, customers, holdoutRevenue, holdoutPurchases));
    s.append(String.format(Locale.ROOT, "%-10s %10s %11s %9s %11s %13s %15s %10s %12s %11s%n", "tier", "customers", "customers%",
        "revenue%", "purchases%", "mean revenue", "bought nothing", "came back", "their spend", "in top " + TOP_SPENDERS_PERCENT + "%"));
    for (TierOutcome t : tiers) {
      s.append(String.format(Locale.ROOT, "%-10s %,10d %10.1f%% %8.1f%% %10.1f%% %13.2f %14.1f%% %,10d %,12.2f %,11d%n", t.tier(),
          t.customers(), 100 * share(t.customers(), customers), 100 * share(t.holdoutRevenue(), holdoutRevenue),
          100 * share(t.holdoutPurchases(), holdoutPurchases), t.meanHoldoutRevenue(), 100 * t.boughtNothingShare(),
          t.boughtAgain(), t.returnersRevenue(), t.inTopSpenders()));
    }
    s.append("Share of holdout revenue bought by the top x% of customers, and normalised Gini (1 = perfect order, 0 = random):\n");
    s.append(String.format(Locale.ROOT, "%-26s", "order"));
    CaptureCurve.PERCENTILES.forEach(p -> s.append(String.format(Locale.ROOT, " %6s", p + "%")));
    s.append(String.format(Locale.ROOT, " %6s%n", "Gini"));
    for (RankingQuality r : rankings) {
      s.append(String.format(Locale.ROOT, "%-26s", r.order().label()));
      r.capture().forEach(c -> s.append(String.format(Locale.ROOT, " %5.1f%%", 100 * c)));
      s.append(String.format(Locale.ROOT, " %6.3f%n", r.normalisedGini()));
    }
    s.append(String.format(Locale.ROOT, "vip+key against the true top %d%% of holdout spenders (%,d customers): precision %.1f%%, recall %.1f%%%n",
        TOP_SPENDERS_PERCENT, topSpenders, 100 * vipKeyPrecision(), 100 * vipKeyRecall()));
    return s.toString();
  }

  /** The report as CSV in long form: {@code section,subject,metric,value}, one figure a line. */
  public String toCsv() {
    StringBuilder s = new StringBuilder("section,subject,metric,value\n");
    line(s, "all", "customers", "customers", customers);
    line(s, "all", "customers", "holdout_revenue", holdoutRevenue);
    line(s, "all", "customers", "holdout_purchases", holdoutPurchases);
    for (TierOutcome t : tiers) {
      line(s, "tier", t.tier(), "customers", t.customers());
      line(s, "tier", t.tier(), "customers_share", share(t.customers(), customers));
      line(s, "tier", t.tier(), "holdout_revenue", t.holdoutRevenue());
      line(s, "tier", t.tier(), "holdout_revenue_share", share(t.holdoutRevenue(), holdoutRevenue));
      line(s, "tier", t.tier(), "holdout_purchases", t.holdoutPurchases());
      line(s, "tier", t.tier(), "holdout_purchases_share", share(t.holdoutPurchases(), holdoutPurchases));
      line(s, "tier", t.tier(), "mean_holdout_revenue", t.meanHoldoutRevenue());
      line(s, "tier", t.tier(), "bought_nothing_share", t.boughtNothingShare());
      line(s, "tier", t.tier(), "came_back", t.boughtAgain());
      line(s, "tier", t.tier(), "came_back_revenue", t.returnersRevenue());
      line(s, "tier", t.tier(), "in_top_spenders", t.inTopSpenders());
    }
    for (RankingQuality r : rankings) {
      String subject = r.order().name().toLowerCase(Locale.ROOT);
      for (int i = 0; i < CaptureCurve.PERCENTILES.size(); i++) {
        line(s, "capture", subject, "top_" + CaptureCurve.PERCENTILES.get(i) + "pct", r.capture().get(i));
      }
      line(s, "gini", subject, "normalised_gini", r.normalisedGini());
    }
    line(s, "vip_key", "top_" + TOP_SPENDERS_PERCENT + "pct_spenders", "size", topSpenders);
    line(s, "vip_key", "top_" + TOP_SPENDERS_PERCENT + "pct_spenders", "precision", vipKeyPrecision());
    line(s, "vip_key", "top_" + TOP_SPENDERS_PERCENT + "pct_spenders", "recall", vipKeyRecall());
    return s.toString();
  }

  private static void line(StringBuilder s, String section, String subject, String metric, double value) {
    s.append(section).append(',').append(subject).append(',').append(metric).append(',')
        .append(Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6f", value)).append('\n');
  }

  private static void line(StringBuilder s, String section, String subject, String metric, long value) {
    s.append(section).append(',').append(subject).append(',').append(metric).append(',').append(value).append('\n');
  }
}
