package io.github.customertiers.pipeline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentModelTest {
  @Test
  void predictPicksTheNearestCentroidInTheStandardizedSpace() {
    // means 1, std devs 2: a raw x of 1 + 2z lies at z.
    SegmentModel model = new SegmentModel(List.of("a", "b"), new double[] {1, 1}, new double[] {2, 2},
        new double[][] {{0, 0}, {3, 3}}, List.of(), 2, 0.5, List.of(0.5), 2, 1L, 10, false, "2026-01-01");
    assertThat(model.predict(new double[] {1 + 2 * 1.4, 1 + 2 * 1.4})).as("z = 1.4, nearer 0").isZero();
    assertThat(model.predict(new double[] {1 + 2 * 1.6, 1 + 2 * 1.6})).as("z = 1.6, nearer 3").isEqualTo(1);
  }

  @Test
  void withClusterTiersChangesOnlyTheLabels() {
    SegmentModel model = new SegmentModel(List.of("a"), new double[] {0}, new double[] {1}, new double[][] {{0}, {1}},
        List.of(), 2, 0.5, List.of(0.5), 2, 1L, 10, true, "2026-01-01");
    SegmentModel labelled = model.withClusterTiers(List.of("key", "ordinary"));
    assertThat(labelled.clusterTiers()).containsExactly("key", "ordinary");
    assertThat(labelled).usingRecursiveComparison().ignoringFields("clusterTiers").isEqualTo(model);
  }

  @Test
  void lloydFromGoodCentroidsStaysAndFollowsTheData() {
    double[][] z = {{0, 0}, {0.2, 0}, {0, 0.2}, {5, 5}, {5.2, 5}, {5, 5.2}};
    double[][] moved = KMeansSegmenter.lloyd(z, new double[][] {{1, 1}, {4, 4}});
    assertThat(moved[0][0]).isCloseTo(0.2 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(moved[1][1]).isCloseTo(5 + 0.2 / 3, org.assertj.core.data.Offset.offset(1e-9));
  }
}
