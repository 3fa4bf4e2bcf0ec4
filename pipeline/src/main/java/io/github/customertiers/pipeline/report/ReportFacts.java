package io.github.customertiers.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the report of one published date shows: aggregates only (per tier, per score bucket,
 * per date, per feed), never a customer's row, so its size does not grow with the customers.
 *
 * @param asOf the date the report describes
 * @param version the live version of the date (or the staged version being published)
 * @param tiers per-tier counts, revenue and score summaries, in tier order
 * @param pareto cumulative share of revenue by share of buyers, most valuable first, from 0 to 1
 * @param history tier counts of the published dates up to {@code asOf} (the last 90), oldest first
 * @param migrations from-tier by to-tier counts against the previous published date
 * @param rfm recency score by frequency score cells (buyers only)
 * @param histograms per score ({@code value_score}, {@code loyalty_score}, {@code p_alive}) and
 *     tier, the customers in each tenth of the score's range
 * @param newestPurchase newest purchase date of any published customer (freshness of transactions)
 * @param newestInteraction newest interaction date of any published customer
 * @param manifest the date's {@code _manifest.json} (inputs, value model, stage durations); an
 *     empty object when the date has none
 */
public record ReportFacts(LocalDate asOf, String version, List<TierFacts> tiers, List<ParetoPoint> pareto,
    List<DatedTierCounts> history, List<MigrationCell> migrations, List<RfmCell> rfm,
    Map<String, Map<String, long[]>> histograms, LocalDate newestPurchase, LocalDate newestInteraction,
    JsonNode manifest) {

  /** Scores shown as distributions per tier, with the range each tenth covers. */
  public static final List<String> DISTRIBUTED_SCORES = List.of("value_score", "loyalty_score", "p_alive");

  /**
   * One tier's size, revenue and score summary.
   *
   * @param revenue sum of the net monetary value (scoring window) of its customers
   * @param valueScoreMin lowest value score in the tier (null where the tier has no buyer): with
   *     the max, the value cut points the tiering produced
   */
  public record TierFacts(String tier, long customers, double revenue, Integer valueScoreMin, Integer valueScoreMax,
      Double medianValueScore, Double loyaltyMin, Double loyaltyMax, Double medianLoyalty, Double meanPAlive,
      double expectedValue) {}

  /** One point of the Pareto curve: the top {@code customerShare} of buyers bring {@code revenueShare}. */
  public record ParetoPoint(double customerShare, double revenueShare) {}

  /** Tier counts of one published date. */
  public record DatedTierCounts(LocalDate asOf, Map<String, Long> customers) {}

  /** Customers who were in {@code from} (or {@code new}) on the previous date and are in {@code to} now. */
  public record MigrationCell(String from, String to, long customers, double revenue) {}

  /** Buyers with recency score {@code r} and frequency score {@code f}. */
  public record RfmCell(int r, int f, long customers, double meanMonetary) {}
}
