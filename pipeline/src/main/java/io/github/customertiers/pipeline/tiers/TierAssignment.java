package io.github.customertiers.pipeline.tiers;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.cluster.KMeansSegmenter;
import io.github.customertiers.pipeline.cluster.SegmentFeatures;
import io.github.customertiers.pipeline.cluster.SegmentModel;
import io.github.customertiers.pipeline.config.ClusteringOptions;
import io.github.customertiers.pipeline.config.TierPolicy;
import io.github.customertiers.pipeline.config.Windows;
import io.github.customertiers.pipeline.scores.QuantileCuts;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Assigns every customer who bought or engaged exactly one tier (docs/TIERS.md):
 * <ul>
 *   <li>lapsed: bought before, and silent beyond their own rhythm, or the window, with the value
 *       model's agreement when it is fitted ({@link LapseRule});</li>
 *   <li>potential: never bought but interacted in the last {@code engagement_days}, or bought
 *       exactly once, within the last {@code new_customer_days};</li>
 *   <li>the other buyers (active buyers) are vip, key or ordinary by the {@link TierLines} on
 *       their own value and loyalty scores, with a hysteresis band against their previous
 *       published tier; they are also clustered (k-means warm-started from the previous date) and
 *       each cluster is labelled by its centroid's position under the lines.</li>
 * </ul>
 * Customers who neither bought nor engaged in the windows are not published, only counted.
 */
public final class TierAssignment {
  private static final Logger LOG = LogManager.getLogger(TierAssignment.class);
  /** Below this many active buyers, k-means is skipped and active buyers are graded by value alone. */
  public static final int MIN_ACTIVE_BUYERS_TO_CLUSTER = 50;

  private final Windows windows;
  private final TierPolicy policy;
  private final ClusteringOptions clustering;
  private final double lapseBelowPAlive;

  /**
   * @param lapseBelowPAlive a buyer whose {@code p_alive} is below this is lapsed inside the lapse
   *     window too; 0 disables the rule (and it is off when the value model is not fitted)
   */
  public TierAssignment(Windows windows, TierPolicy policy, ClusteringOptions clustering, double lapseBelowPAlive) {
    this.windows = windows;
    this.policy = policy;
    this.clustering = clustering;
    this.lapseBelowPAlive = lapseBelowPAlive;
  }

  /** Tiers without a previous published date (no band, lines placed afresh). */
  public TieredCustomers assign(Dataset<Row> scored, String valueColumn, LocalDate asOf) {
    return assign(scored, valueColumn, asOf, PreviousTiers.none());
  }

  /**
   * @param scored customer features with scores (see CustomerScores)
   * @param valueColumn the value basis the value score ranks (monetary, or clv)
   * @param previous the previous published date's tiers and model (band, carried k, scaling, lines)
   * @return the tiers; close it when its segments are written (it holds a persisted Dataset)
   */
  public TieredCustomers assign(Dataset<Row> scored, String valueColumn, LocalDate asOf, PreviousTiers previous) {
    LapseRule lapseRule = LapseRule.of(scored, windows, policy.lapse(), lapseBelowPAlive, !"monetary".equals(valueColumn));
    Column lapsed = lapseRule.lapsed();
    Column isNew = col("has_purchase").and(col("purchases_total").equalTo(1))
        .and(col("recency_days").lt(windows.newCustomerDays()));
    Column prospect = org.apache.spark.sql.functions.not(col("has_purchase")).and(col("interactions_recent").gt(0));
    Column group = when(lapsed, lit("lapsed")).when(isNew, lit("new")).when(prospect, lit("prospect"))
        .when(col("has_purchase"), lit("active"));
    Dataset<Row> classified = scored.withColumn("group", group).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return tier(classified, lapseRule, asOf, previous);
    } catch (RuntimeException | Error e) {
      classified.unpersist(); // nobody else holds it on failure
      throw e;
    }
  }

  /** Tiers the classified (persisted) customers; the result holds {@code classified} for its owner to release. */
  private TieredCustomers tier(Dataset<Row> classified, LapseRule lapseRule, LocalDate asOf, PreviousTiers previous) {
    int scoringMonths = windows.scoringMonths();
    Map<String, Long> groups = new TreeMap<>();
    for (Row r : classified.groupBy("group").agg(count("*")).collectAsList()) {
      groups.put(r.isNullAt(0) ? "unpublished" : r.getString(0), r.getLong(1));
    }
    long active = groups.getOrDefault("active", 0L);
    LOG.info("customer groups as of {}: {}", asOf, groups);

    Dataset<Row> activeBuyers = classified.filter(col("group").equalTo("active"))
        .withColumn("tier_value", coalesce(col("value_score").cast("double"), lit(0.0)))
        .withColumn("tier_loyalty", coalesce(col("loyalty_score").cast("double"), lit(0.0)));
    SegmentModel previousClusters = previous.model() == null ? null : previous.model().clusters();
    TierLines previousLines = previous.model() == null ? null : previous.model().lines();
    TierLines placed = active == 0 ? null : placeLines(activeBuyers);
    TierLines lines = placed == null ? null
        : previousLines != null && !clustering.refit() ? previousLines.carriedTo(placed) : placed;
    TierModel model = null;
    Dataset<Row> clustered;
    if (active >= MIN_ACTIVE_BUYERS_TO_CLUSTER) {
      activeBuyers.sparkSession().sparkContext().setJobGroup("cluster", "k-means on a sample of active buyers", false);
      KMeansSegmenter.Fit fit = KMeansSegmenter.fit(activeBuyers, scoringMonths, clustering, previousClusters, asOf.toString());
      SegmentModel provisional = model(fit);
      clustered = KMeansSegmenter.assign(activeBuyers, provisional, scoringMonths);
      model = new TierModel(provisional.withClusterTiers(clusterTiers(clustered, fit.k(), lines)), lines);
      LOG.info("k = {} (silhouette {}, warm start {}), cluster tiers {}, lines {}", fit.k(), fit.silhouette(),
          fit.warmStarted(), model.clusters().clusterTiers(), lines.describe());
      activeBuyers.sparkSession().sparkContext().clearJobGroup();
    } else {
      LOG.warn("only {} active buyers (fewer than {}): tiers vip/key/ordinary by the lines alone, no k-means",
          active, MIN_ACTIVE_BUYERS_TO_CLUSTER);
      clustered = activeBuyers.withColumn("cluster", lit(null).cast("int"));
    }
    Dataset<Row> activeTiered = withBandedTier(clustered, lines, previous.tiers());
    Dataset<Row> others = classified.filter(col("group").isin("lapsed", "new", "prospect"))
        .withColumn("cluster", lit(null).cast("int"))
        .withColumn("tier", when(col("group").equalTo("lapsed"), lit(Tier.LAPSED.label())).otherwise(lit(Tier.POTENTIAL.label())))
        .withColumn("plain_tier", col("tier"))
        .withColumn("band_kept", lit(false));
    Dataset<Row> segments = activeTiered.unionByName(others, true)
        .withColumn("reason", reason(lapseRule, lines))
        .withColumn("as_of", lit(asOf))
        .drop("tier_value", "tier_loyalty", "plain_tier", "band_kept", "band_previous_tier");
    return new TieredCustomers(segments, model, active, groups.getOrDefault("unpublished", 0L), classified);
  }

  /** Lines at today's quantiles of the active buyers' scores (a few numbers reach the driver). */
  private TierLines placeLines(Dataset<Row> activeBuyers) {
    double ring = 1 - policy.vipCap() - policy.keyCap();
    // Both columns in one distributed sort.
    List<double[]> cuts = QuantileCuts.at(activeBuyers, List.of("tier_value", "tier_loyalty"),
        List.of(new double[] {1 - policy.vipCap(), ring}, new double[] {ring}));
    return new TierLines(cuts.get(0)[0], cuts.get(0)[1], cuts.get(1)[0], policy.band());
  }

  /** Each cluster's tier by its centroid's position: its members' mean value and loyalty scores under the lines. */
  private static List<String> clusterTiers(Dataset<Row> clustered, int k, TierLines lines) {
    String[] tiers = new String[k];
    java.util.Arrays.fill(tiers, "empty");
    for (Row r : clustered.groupBy("cluster").agg(avg("tier_value"), avg("tier_loyalty")).collectAsList()) {
      tiers[r.getInt(0)] = lines.tierAt(r.getDouble(1), r.getDouble(2), 0).label();
    }
    return List.of(tiers);
  }

  /**
   * Adds {@code tier} (the lines with the hysteresis band against the previous published tier,
   * {@link TierLines#decide}), {@code plain_tier} (the lines alone) and {@code band_kept}.
   */
  static Dataset<Row> withBandedTier(Dataset<Row> activeBuyers, TierLines lines, Dataset<Row> previousTiers) {
    Dataset<Row> withPrevious = previousTiers == null
        ? activeBuyers.withColumn("band_previous_tier", lit(null).cast("string"))
        : activeBuyers.join(previousTiers, activeBuyers.col("customer_id").equalTo(previousTiers.col("band_customer_id")), "left")
            .drop("band_customer_id");
    if (lines == null) {
      return withPrevious.withColumn("tier", lit(Tier.ORDINARY.label())).withColumn("plain_tier", col("tier"))
          .withColumn("band_kept", lit(false));
    }
    Column plain = rank(lines, 0);
    Column generous = rank(lines, -lines.band());
    Column strict = rank(lines, lines.band());
    Column previousRank = when(col("band_previous_tier").equalTo("vip"), lit(0))
        .when(col("band_previous_tier").equalTo("key"), lit(1))
        .when(col("band_previous_tier").equalTo("ordinary"), lit(2));
    Column decided = when(previousRank.isNull(), plain)
        .when(previousRank.lt(generous), generous)
        .when(previousRank.gt(strict), strict)
        .otherwise(previousRank);
    return withPrevious
        .withColumn("tier", label(decided))
        .withColumn("plain_tier", label(plain))
        .withColumn("band_kept", col("tier").notEqual(col("plain_tier")));
  }

  /** Rank (0 vip, 1 key, 2 ordinary) under the lines raised by {@code shift}; {@link TierLines#tierAt} for a repeat buyer. */
  private static Column rank(TierLines lines, double shift) {
    // One purchase is not a relationship: vip and key by value need a repeat buyer (docs/TIERS.md).
    Column repeat = repeatBuyer();
    return when(repeat.and(col("tier_value").geq(lit(lines.vipValue() + shift))), lit(0))
        .when(repeat.and(col("tier_value").geq(lit(lines.keyValue() + shift)))
            .or(col("tier_loyalty").geq(lit(lines.keyLoyalty() + shift))), lit(1))
        .otherwise(lit(2));
  }

  /** A buyer with purchases on at least two days: only they can be vip, or key by value. */
  static Column repeatBuyer() {
    return col("purchases_total").geq(2);
  }

  private static Column label(Column rank) {
    return when(rank.equalTo(0), lit(Tier.VIP.label())).when(rank.equalTo(1), lit(Tier.KEY.label())).otherwise(lit(Tier.ORDINARY.label()));
  }

  private SegmentModel model(KMeansSegmenter.Fit fit) {
    return new SegmentModel(SegmentFeatures.NAMES, fit.means(), fit.stdDevs(), fit.centroids(), List.of(), fit.k(),
        fit.silhouette(), fit.silhouetteByK(), clustering.kMin(), clustering.seed(), fit.sampleSize(),
        fit.warmStarted(), fit.kChosenOn());
  }

  /** "1 order" / "2 orders": the count with its noun, singular for exactly one. */
  static Column counted(Column n, String singular, String plural) {
    return format_string("%d %s", n, when(n.equalTo(1), lit(singular)).otherwise(lit(plural)));
  }

  /** A sentence a marketer can read, built from the customer's own numbers and naming the line or rule that decided. */
  private Column reason(LapseRule lapseRule, TierLines lines) {
    Column spend = format_number(col("monetary"), 2);
    String window = "in the last " + windows.scoringDays() + " days";
    Column orders = format_string("%s " + window, counted(col("frequency"), "order", "orders"));
    Column lastOrder = format_string("last order %s ago", counted(col("recency_days"), "day", "days"));
    // The numbers the lines compared (a buyer without a value score counts as 0).
    Column value = col("tier_value");
    Column loyalty = col("tier_loyalty");
    Column decided;
    if (lines == null) {
      decided = lit("ordinary");
    } else {
      String vipLine = TierLines.number(lines.vipValue());
      String keyValueLine = TierLines.number(lines.keyValue());
      String keyLoyaltyLine = TierLines.number(lines.keyLoyalty());
      String band = TierLines.number(lines.band());
      Column vip = format_string("vip: value %.0f >= " + vipLine + "; %s, net spend %s; %s", value, orders, spend, lastOrder);
      Column keyByValue = format_string("key: value %.0f >= " + keyValueLine + " (loyalty %.1f); %s in %s",
          value, loyalty, orders, counted(col("months_active"), "month", "different months"));
      Column keyByLoyalty = format_string("key: loyalty %.1f >= " + keyLoyaltyLine + " (value %.0f); %s in %s",
          loyalty, value, orders, counted(col("months_active"), "month", "different months"));
      Column ordinary = format_string("ordinary: value %.0f < " + keyValueLine + " and loyalty %.1f < " + keyLoyaltyLine
          + "; %s, net spend %s; %s", value, loyalty, orders, spend, lastOrder);
      Column oneOff = format_string("ordinary: one purchase only (value %.0f, loyalty %.1f): vip and key by value need a "
          + "second purchase; %s, net spend %s; %s", value, loyalty, orders, spend, lastOrder);
      Column plainReason = when(col("plain_tier").equalTo("vip"), vip)
          .when(col("plain_tier").equalTo("key").and(repeatBuyer()).and(col("tier_value").geq(lit(lines.keyValue()))), keyByValue)
          .when(col("plain_tier").equalTo("key"), keyByLoyalty)
          .when(col("purchases_total").lt(2).and(col("tier_value").geq(lit(lines.keyValue()))), oneOff)
          .otherwise(ordinary);
      Column kept = format_string("%s kept by the " + band + "-point band (was %s; lines vip value " + vipLine
              + ", key value " + keyValueLine + " or loyalty " + keyLoyaltyLine + "; crossed by less than " + band
              + " points): value %.0f, loyalty %.1f; %s, net spend %s; %s",
          col("tier"), col("band_previous_tier"), value, loyalty, orders, spend, lastOrder);
      decided = when(col("band_kept"), kept).otherwise(plainReason);
    }
    return when(col("tier").isin("vip", "key", "ordinary"), decided)
        .when(col("group").equalTo("new"), format_string(
            "new customer: first and only purchase %s ago", counted(col("recency_days"), "day", "days")))
        .when(col("group").equalTo("prospect"), format_string(
            "has not bought yet; %s in the last " + windows.engagementDays() + " days",
            counted(col("interactions_recent"), "interaction", "interactions")))
        .otherwise(lapseRule.reason());
  }
}
