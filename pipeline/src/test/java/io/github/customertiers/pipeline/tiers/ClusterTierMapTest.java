package io.github.customertiers.pipeline.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.config.TierPolicy;
import org.junit.jupiter.api.Test;

class ClusterTierMapTest {
  private final TierPolicy caps = new TierPolicy(0.05, 0.20);

  @Test
  void smallTopClusterIsVipNextRingKeyRestOrdinary() {
    ClusterTierMap map = ClusterTierMap.decide(new double[] {0.04, 0.18, 0.50, 0.28}, caps);
    assertThat(map.describe()).as("tiers of well separated clusters").containsExactly("vip", "key", "ordinary", "ordinary");
    assertThat(map.anyGraded()).isFalse();
  }

  @Test
  void twoSmallClustersCanBothBeVip() {
    assertThat(ClusterTierMap.decide(new double[] {0.02, 0.03, 0.15, 0.80}, caps).describe())
        .containsExactly("vip", "vip", "key", "ordinary");
  }

  @Test
  void oversizedTopClusterIsGradedByValueSoTheEliteStillExists() {
    assertThat(ClusterTierMap.decide(new double[] {0.12, 0.30, 0.58}, caps).describe())
        .as("a top cluster above the vip cap").containsExactly("vip (graded by value)", "ordinary", "ordinary");
  }

  @Test
  void keyRingOverflowIsGradedWhenNoClusterFits() {
    assertThat(ClusterTierMap.decide(new double[] {0.04, 0.40, 0.56}, caps).describe())
        .as("a second cluster larger than the key room").containsExactly("vip", "key (graded by value)", "ordinary");
  }

  @Test
  void gradingQuantilesFollowTheCaps() {
    ClusterTierMap map = ClusterTierMap.decide(new double[] {1.0}, new TierPolicy(0.02, 0.10));
    assertThat(map.vipValueQuantile()).isCloseTo(0.98, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(map.keyValueQuantile()).isCloseTo(0.88, org.assertj.core.data.Offset.offset(1e-12));
  }
}
