package io.github.customertiers.pipeline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.run.RunManifest;
import io.github.customertiers.pipeline.tiers.PreviousTiers;
import io.github.customertiers.pipeline.tiers.TierLines;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentModelTest {
  @Test
  void theSavedModelRoundTripsWithEverythingNeededToReproduceATier() throws Exception {
    SegmentModel model = new SegmentModel(SegmentFeatures.NAMES, new double[] {1, 2, 3, 4, 5}, new double[] {1, 1, 2, 2, 3},
        new double[][] {{1, 1, 0, 0, 0}, {0, 0, 1, 1, 1}}, List.of("vip", "ordinary"), 2, 0.41, List.of(0.41), 3, 7L,
        500, new TierLines(95, 75, 68.5, 3), true, "2026-10-17");
    SegmentModel read = PreviousTiers.parse(RunManifest.write(model));
    assertThat(read.lines()).isEqualTo(model.lines());
    assertThat(read.centroids()).isDeepEqualTo(model.centroids());
    assertThat(read.means()).containsExactly(model.means());
    assertThat(read.stdDevs()).containsExactly(model.stdDevs());
    assertThat(read.k()).isEqualTo(2);
    assertThat(read.clusterTiers()).isEqualTo(model.clusterTiers());
    assertThat(read.kChosenOn()).isEqualTo("2026-10-17");
    assertThat(read.warmStarted()).isTrue();
    double[] x = {1.2, 2.1, 3.0, 4.1, 5.0};
    assertThat(read.predict(x)).isEqualTo(model.predict(x));
  }

  @Test
  void aModelSavedBeforeLinesExistedStillReads() throws Exception {
    SegmentModel read = PreviousTiers.parse("{\"featureNames\":[\"a\"],\"k\":3,\"silhouette\":0.5,\"unknownField\":1}");
    assertThat(read.k()).isEqualTo(3);
    assertThat(read.lines()).isNull();
  }

  @Test
  void lloydFromGoodCentroidsStaysAndFollowsTheData() {
    double[][] z = {{0, 0}, {0.2, 0}, {0, 0.2}, {5, 5}, {5.2, 5}, {5, 5.2}};
    double[][] moved = KMeansSegmenter.lloyd(z, new double[][] {{1, 1}, {4, 4}});
    assertThat(moved[0][0]).isCloseTo(0.2 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(moved[1][1]).isCloseTo(5 + 0.2 / 3, org.assertj.core.data.Offset.offset(1e-9));
  }
}
