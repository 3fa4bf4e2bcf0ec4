package io.github.customertiers.pipeline.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.config.ClusteringOptions;
import io.github.customertiers.pipeline.config.TierPolicy;
import io.github.customertiers.pipeline.config.Windows;
import io.github.customertiers.pipeline.features.CustomerFeatures;
import io.github.customertiers.pipeline.scores.CustomerScores;
import io.github.customertiers.pipeline.testing.Fixtures;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class TierAssignmentTest {
  static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

  @Test
  void groupRulesAndValueGradingOfAFewActiveBuyers(SparkSession spark) {
    var tx = Fixtures.transactions(spark,
        "l1,LAPSED,2025-10-01,80", "l2,LAPSED,2025-12-01,80",        // last purchase 211 days ago
        "e1,EDGE,2026-01-01,50", "e2,EDGE,2026-01-02,50",            // 179 days: still active
        "n1,NEW,2026-06-20,30",                                      // only purchase 10 days ago
        "o1,ONCE_OLD,2026-05-01,30",                                 // only purchase 60 days ago: active
        "r1,REFUND_ONLY,2026-06-01,-20",                             // a refund is no purchase
        "v1,BIG,2026-06-01,5000", "v2,BIG,2026-06-15,5000",
        "s1,SMALL,2026-06-10,10", "s2,SMALL,2026-06-11,10");
    var ix = Fixtures.interactions(spark,
        "PROSPECT,2026-06-25,visit",                                  // engaged, never bought
        "DORMANT,2026-03-01,visit",                                   // engaged 121 days ago only
        "REFUND_ONLY,2026-06-02,call");
    var features = CustomerFeatures.compute(tx, ix, AS_OF, Windows.defaults());
    var scored = CustomerScores.score(features, "monetary", 12);
    Map<String, Row> byId;
    TieredCustomers tiered = new TierAssignment(Windows.defaults(), new TierPolicy(0.25, 0.25),
        ClusteringOptions.defaults(), 0).assign(scored, "monetary", AS_OF);
    try (tiered) {
      byId = tiered.segments().collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("customer_id"), r -> r));
    }

    assertThat(byId.get("LAPSED").<String>getAs("tier")).as("no purchase for 211 days").isEqualTo("lapsed");
    assertThat(byId.get("LAPSED").<String>getAs("reason")).contains("no purchase for 211 days").contains("bought 2 times");
    assertThat(byId.get("EDGE").<String>getAs("tier")).as("179 days is inside the lapse window").isNotEqualTo("lapsed");
    assertThat(byId.get("NEW").<String>getAs("tier")).as("first and only purchase 10 days ago").isEqualTo("potential");
    assertThat(byId.get("NEW").<String>getAs("reason")).startsWith("new customer");
    assertThat(byId.get("ONCE_OLD").<String>getAs("tier")).as("one purchase 60 days ago is an active buyer").isIn("vip", "key", "ordinary");
    assertThat(byId.get("PROSPECT").<String>getAs("tier")).isEqualTo("potential");
    assertThat(byId.get("PROSPECT").<String>getAs("reason")).startsWith("has not bought yet; 1 interaction in the last 90 days");
    assertThat(byId.get("REFUND_ONLY").<String>getAs("tier")).as("refund-only customer who engaged").isEqualTo("potential");
    assertThat(byId).as("a customer with only old interactions is not published").doesNotContainKey("DORMANT");
    assertThat(tiered.unpublished()).isEqualTo(1);
    // Four active buyers (BIG, SMALL, EDGE, ONCE_OLD): the vip line sits at the top quarter by value.
    assertThat(tiered.activeBuyers()).isEqualTo(4);
    assertThat(byId.get("BIG").<String>getAs("tier")).as("highest value of four active buyers").isEqualTo("vip");
    assertThat(byId.get("SMALL").<String>getAs("tier")).as("lowest value").isNotEqualTo("vip");
    assertThat(byId.get("BIG").<String>getAs("reason")).as("vip reason names the line").matches("vip: value \\d+ >= \\d+; 2 orders .*");
    // ONCE_OLD's value reaches the key line, but one purchase is not a relationship (docs/TIERS.md).
    assertThat(byId.get("ONCE_OLD").<String>getAs("tier")).as("one purchase: not key by value").isEqualTo("ordinary");
    assertThat(byId.get("ONCE_OLD").<String>getAs("reason")).as("the one-purchase rule, no plural of one")
        .startsWith("ordinary: one purchase only").doesNotContain("1 orders");
    assertThat(byId.values()).allSatisfy(r -> assertThat(r.<String>getAs("reason")).isNotBlank());
  }

  @Test
  void closingTheTiersReleasesWhatTieringPersisted(SparkSession spark) {
    var tx = Fixtures.transactions(spark, "a1,A,2026-06-01,50", "a2,A,2026-06-15,70", "b1,B,2026-06-10,10");
    var ix = Fixtures.interactions(spark, "P,2026-06-25,visit");
    var scored = CustomerScores.score(CustomerFeatures.compute(tx, ix, AS_OF, Windows.defaults()), "monetary", 12);
    int cachedBefore = spark.sparkContext().getPersistentRDDs().size();
    TieredCustomers tiered = new TierAssignment(Windows.defaults(), new TierPolicy(0.25, 0.25),
        ClusteringOptions.defaults(), 0).assign(scored, "monetary", AS_OF);
    assertThat(tiered.classified().storageLevel().useMemory()).as("tiering persists the classified customers").isTrue();
    assertThat(spark.sparkContext().getPersistentRDDs().size()).as("cached while the tiers are open").isGreaterThan(cachedBefore);
    tiered.close();
    assertThat(tiered.classified().storageLevel()).as("released by close").isEqualTo(StorageLevel.NONE());
    assertThat(spark.sparkContext().getPersistentRDDs().size()).as("nothing left in the cache").isEqualTo(cachedBefore);
  }
}
