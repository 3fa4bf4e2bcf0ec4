package io.github.customertiers.pipeline.report;

import io.github.customertiers.pipeline.cluster.SegmentModel;
import io.github.customertiers.pipeline.ingest.InvalidInputException;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.report.CustomerLookup.TierSpell;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;

/**
 * What {@code tiers show} prints for one customer on a published date: features, scores with the
 * range of their basis, the value model's numbers, the cluster distances and, on request, the
 * customer's tier history. Reads the published Parquet files directly ({@link CustomerLookup}).
 */
public final class CustomerExplanation {
  /** The feature columns shown, in order, with what each means. */
  private static final Map<String, String> FEATURES = ordered(
      "recency_days", "days since the last purchase",
      "frequency", "purchase days in the scoring window",
      "monetary", "net spend in the scoring window",
      "tenure_days", "days since the first purchase",
      "interactions_recent", "interactions in the engagement window",
      "purchases_total", "purchase days ever",
      "months_active", "months with a purchase in the scoring window",
      "first_purchase_date", "",
      "last_purchase_date", "",
      "last_interaction_date", "");
  /** The value model's columns shown, in order, with what each means. */
  private static final Map<String, String> VALUE_MODEL = ordered(
      "p_alive", "probability the customer still buys (BG/NBD)",
      "expected_purchases", "expected purchases over the horizon",
      "expected_value", "expected value per purchase (Gamma-Gamma)",
      "clv", "customer lifetime value over the horizon");

  private CustomerExplanation() {}

  /**
   * @param allDates every published date of the warehouse (the history uses those up to {@code d})
   * @param scoringMonths the scoring window in months (the clustering's scaling of frequency)
   * @throws InvalidInputException when the customer is not published on the date
   */
  public static String text(FileSystem fs, List<PublishedDate> allDates, PublishedDate d, String customerId, boolean history,
      int scoringMonths) throws IOException {
    StringWriter buffer = new StringWriter();
    PrintWriter out = new PrintWriter(buffer);
    CustomerLookup lookup = new CustomerLookup(fs);
    Optional<SegmentRecord> found = lookup.row(d, customerId);
    if (found.isEmpty()) {
      throw new InvalidInputException("customer '" + customerId + "' is not published on " + d.asOf()
          + " (unknown, or neither bought nor engaged within the windows); check the id, or try another --as-of");
    }
    SegmentRecord r = found.get();
    out.printf("customer %s as of %s (version %s)%n", customerId, d.asOf(), d.version());
    out.printf("tier:      %s (since %s; previous date: %s)%n", r.text("tier"), text(r, "tier_since", "null"), text(r, "previous_tier", "new"));
    out.printf("rule:      %s%n", r.text("reason"));
    out.println();
    out.println("features");
    // Dates published before interactions_recent have only interactions_90d.
    String interactions = r.has("interactions_recent") ? "interactions_recent" : "interactions_90d";
    FEATURES.forEach((column, meaning) -> line(out, column.equals("interactions_recent") ? interactions : column, r, meaning));
    out.println();
    out.println("scores (with the range of the basis among customers who got the same score on this date)");
    String valueBasis = r.isNull("clv") ? "monetary" : "clv";
    Map<String, String> scoreBasis = new LinkedHashMap<>(CustomerLookup.SCORE_BASIS);
    scoreBasis.put("value_score", valueBasis);
    Map<String, ScoreRange> ranges = lookup.rangesOf(d, r, scoreBasis);
    for (Map.Entry<String, String> s : CustomerLookup.SCORE_BASIS.entrySet()) {
      score(out, ranges, r, s.getKey(), s.getValue(), "1..5 quintile");
    }
    score(out, ranges, r, "value_score", valueBasis, "0..100 percentile of " + valueBasis);
    out.printf(Locale.ROOT, "  %-14s %s  (0..100: 30%% repeat buying, 25%% regularity, 15%% tenure, 15%% recency or P(alive), "
        + "15%% engagement; docs/SCORING.md)%n", "loyalty_score", text(r, "loyalty_score", "-"));
    out.println();
    out.println("value model");
    VALUE_MODEL.forEach((column, meaning) -> line(out, column, r, meaning));
    out.println();
    Optional<SegmentModel> model = lookup.model(d);
    Object cluster = r.value("cluster");
    if (model.isPresent() && cluster != null) {
      double[] distances = CustomerLookup.distances(model.get(), r, scoringMonths);
      out.printf("cluster %s of %d (k-means on the active buyers; distance in standard deviations)%n", cluster, distances.length);
      for (int c = 0; c < distances.length; c++) {
        out.printf(Locale.ROOT, "  cluster %d (%s): %.2f%s%n", c, model.get().clusterTiers().get(c), distances[c],
            String.valueOf(c).equals(String.valueOf(cluster)) ? "  <- this customer's" : "");
      }
    } else {
      out.println("cluster: - (not an active buyer, or the date was not clustered)");
    }
    if (history) {
      out.println();
      List<PublishedDate> dates = allDates.stream().filter(x -> !x.asOf().isAfter(d.asOf())).toList();
      List<TierSpell> spells = lookup.history(dates, customerId);
      out.printf("history on %d published date(s) up to %s%n", dates.size(), d.asOf());
      out.printf("  %-10s %-12s %-12s %6s  %s%n", "tier", "entered", "last seen", "dates", "reason (last date)");
      for (TierSpell s : spells) {
        out.printf("  %-10s %-12s %-12s %6d  %s%n", s.tier(), s.from(), s.to(), s.dates(), s.reason());
      }
    }
    out.flush();
    return buffer.toString();
  }

  private static void score(PrintWriter out, Map<String, ScoreRange> ranges, SegmentRecord r, String score, String basis, String what) {
    if (r.isNull(score)) {
      out.printf("  %-14s -  (no purchase)%n", score);
      return;
    }
    int value = (int) r.number(score);
    ScoreRange range = ranges.get(score);
    out.printf(Locale.ROOT, "  %-14s %d  (%s; %s %s of this customer, %s..%s among the %,d customers with %s %d)%n", score, value, what,
        basis, text(r, basis, "-"), plain(range.min()), plain(range.max()), range.customers(), score, value);
  }

  private static Map<String, String> ordered(String... columnsAndMeanings) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < columnsAndMeanings.length; i += 2) {
      map.put(columnsAndMeanings[i], columnsAndMeanings[i + 1]);
    }
    return map;
  }

  private static void line(PrintWriter out, String column, SegmentRecord r, String meaning) {
    out.printf("  %-22s %-14s %s%n", column, text(r, column, "-"), meaning);
  }

  private static String text(SegmentRecord r, String column, String missing) {
    Object v = r.value(column);
    if (v == null) {
      return missing;
    }
    if (v instanceof Double x) {
      return plain(x);
    }
    if (v instanceof java.math.BigDecimal b) {
      return b.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
    return v.toString();
  }

  private static String plain(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
  }
}
