package io.github.customertiers.pipeline.tiers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
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
 *   <li>lapsed: bought before, but nothing in the last {@code lapse_days};</li>
 *   <li>potential: never bought but interacted in the last {@code engagement_days}, or bought
 *       exactly once, within the last {@code new_customer_days};</li>
 *   <li>the other buyers (active buyers) are clustered and mapped to vip, key and ordinary by
 *       {@link ClusterTierMap}.</li>
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

  /**
   * @param scored customer features with scores (see CustomerScores)
   * @param valueColumn the value basis the value score ranks (monetary, or clv)
   */
  public TieredCustomers assign(Dataset<Row> scored, String valueColumn, LocalDate asOf) {
    int scoringMonths = windows.scoringMonths();
    LapseRule lapseRule = LapseRule.of(scored, windows, lapseBelowPAlive);
    Column lapsed = lapseRule.lapsed();
    Column isNew = col("has_purchase").and(col("purchases_total").equalTo(1))
        .and(col("recency_days").lt(windows.newCustomerDays()));
    Column prospect = org.apache.spark.sql.functions.not(col("has_purchase")).and(col("interactions_90d").gt(0));
    Column group = when(lapsed, lit("lapsed")).when(isNew, lit("new")).when(prospect, lit("prospect"))
        .when(col("has_purchase"), lit("active"));
    Dataset<Row> classified = scored.withColumn("group", group).persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Long> groups = new TreeMap<>();
    for (Row r : classified.groupBy("group").agg(count("*")).collectAsList()) {
      groups.put(r.isNullAt(0) ? "unpublished" : r.getString(0), r.getLong(1));
    }
    long active = groups.getOrDefault("active", 0L);
    LOG.info("customer groups as of {}: {}", asOf, groups);

    Dataset<Row> activeBuyers = classified.filter(col("group").equalTo("active"));
    SegmentModel model = null;
    Dataset<Row> activeTiered;
    if (active >= MIN_ACTIVE_BUYERS_TO_CLUSTER) {
      activeBuyers.sparkSession().sparkContext().setJobGroup("cluster", "k-means on a sample of active buyers", false);
      KMeansSegmenter.Fit fit = KMeansSegmenter.fit(activeBuyers, scoringMonths, clustering);
      SegmentModel provisional = model(fit, List.of());
      Dataset<Row> clustered = KMeansSegmenter.assign(activeBuyers, provisional, scoringMonths)
          .persist(StorageLevel.MEMORY_AND_DISK());
      double[] shares = new double[fit.k()];
      for (Row r : clustered.groupBy("cluster").agg(count("*")).collectAsList()) {
        shares[r.getInt(0)] = (double) r.getLong(1) / active;
      }
      ClusterTierMap map = ClusterTierMap.decide(shares, policy);
      model = model(fit, map.describe());
      LOG.info("k = {} (silhouette {}), cluster shares {}, tiers {}", fit.k(), fit.silhouette(), shares, map.describe());
      double[] cuts = map.anyGraded()
          ? QuantileCuts.at(clustered, valueColumn, map.vipValueQuantile(), map.keyValueQuantile())
          : new double[] {Double.NaN, Double.NaN};
      Column tier = lit(Tier.ORDINARY.label());
      for (int c = fit.k() - 1; c >= 0; c--) {
        tier = when(col("cluster").equalTo(c), tierOf(map.assignments().get(c), valueColumn, cuts)).otherwise(tier);
      }
      activeTiered = clustered.withColumn("tier", tier);
      activeBuyers.sparkSession().sparkContext().clearJobGroup();
    } else {
      LOG.warn("only {} active buyers (fewer than {}): tiers vip/key/ordinary by value cut points alone, no k-means",
          active, MIN_ACTIVE_BUYERS_TO_CLUSTER);
      double[] cuts = QuantileCuts.at(activeBuyers, valueColumn, 1 - policy.vipCap(), 1 - policy.vipCap() - policy.keyCap());
      activeTiered = activeBuyers.withColumn("cluster", lit(null).cast("int"))
          .withColumn("tier", cuts.length == 0 ? lit(Tier.ORDINARY.label())
              : tierOf(new ClusterTierMap.Assignment(Tier.VIP, true), valueColumn, cuts));
    }
    Dataset<Row> others = classified.filter(col("group").isin("lapsed", "new", "prospect"))
        .withColumn("cluster", lit(null).cast("int"))
        .withColumn("tier", when(col("group").equalTo("lapsed"), lit(Tier.LAPSED.label())).otherwise(lit(Tier.POTENTIAL.label())));
    Dataset<Row> segments = activeTiered.unionByName(others)
        .withColumn("reason", reason(lapseRule))
        .withColumn("as_of", lit(asOf));
    return new TieredCustomers(segments, model, active, groups.getOrDefault("unpublished", 0L));
  }

  private SegmentModel model(KMeansSegmenter.Fit fit, List<String> tiers) {
    return new SegmentModel(SegmentFeatures.NAMES, fit.means(), fit.stdDevs(), fit.centroids(), tiers, fit.k(),
        fit.silhouette(), fit.silhouetteByK(), clustering.kMin(), clustering.seed(), fit.sampleSize());
  }

  private static Column tierOf(ClusterTierMap.Assignment a, String valueColumn, double[] cuts) {
    if (!a.graded()) {
      return lit(a.tier().label());
    }
    Column value = col(valueColumn).cast("double");
    Column byValue = when(value.gt(lit(cuts[1])), lit(Tier.KEY.label())).otherwise(lit(Tier.ORDINARY.label()));
    return a.tier() == Tier.VIP ? when(value.gt(lit(cuts[0])), lit(Tier.VIP.label())).otherwise(byValue) : byValue;
  }

  /** A sentence a marketer can read, built from the customer's own numbers. */
  private Column reason(LapseRule lapseRule) {
    Column topShare = greatest(lit(1), lit(100).minus(col("value_score")));
    Column spend = format_number(col("monetary"), 2);
    String window = "in the last " + windows.scoringDays() + " days";
    return when(col("tier").equalTo("vip"), format_string(
            "top %d%% by value; %d orders " + window + ", net spend %s; last order %d days ago",
            topShare, col("frequency"), spend, col("recency_days")))
        .when(col("tier").equalTo("key"), format_string(
            "next ring: top %d%% by value, loyalty %.0f/100; %d orders " + window + " in %d different months",
            topShare, col("loyalty_score"), col("frequency"), col("months_active")))
        .when(col("tier").equalTo("ordinary"), format_string(
            "active buyer of modest value: %d orders " + window + ", net spend %s; last order %d days ago",
            col("frequency"), spend, col("recency_days")))
        .when(col("group").equalTo("new"), format_string(
            "new customer: first and only purchase %d days ago", col("recency_days")))
        .when(col("group").equalTo("prospect"), format_string(
            "has not bought yet; %d interactions in the last " + windows.engagementDays() + " days",
            col("interactions_90d")))
        .otherwise(lapseRule.reason());
  }
}
