package io.github.customertiers.pipeline.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.customertiers.pipeline.cluster.SegmentFeatures;
import io.github.customertiers.pipeline.cluster.SegmentModel;
import io.github.customertiers.pipeline.publish.WarehouseJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TierModelTest {
  private static final TierModel MODEL = new TierModel(new SegmentModel(SegmentFeatures.NAMES,
      new double[] {1, 2, 3, 4, 5}, new double[] {1, 1, 2, 2, 3}, new double[][] {{1, 1, 0, 0, 0}, {0, 0, 1, 1, 1}},
      List.of("vip", "ordinary"), 2, 0.41, List.of(0.41), 3, 7L, 500, true, "2026-10-17"),
      new TierLines(95, 75, 68.5, 3));

  @Test
  void theSavedModelRoundTripsWithEverythingNeededToReproduceATier() throws Exception {
    TierModel read = PreviousTiers.parse(WarehouseJson.mapper().writeValueAsString(MODEL));
    assertThat(read.lines()).isEqualTo(MODEL.lines());
    SegmentModel clusters = read.clusters();
    assertThat(clusters.centroids()).isDeepEqualTo(MODEL.clusters().centroids());
    assertThat(clusters.means()).containsExactly(MODEL.clusters().means());
    assertThat(clusters.stdDevs()).containsExactly(MODEL.clusters().stdDevs());
    assertThat(clusters.k()).isEqualTo(2);
    assertThat(clusters.clusterTiers()).isEqualTo(MODEL.clusters().clusterTiers());
    assertThat(clusters.kChosenOn()).isEqualTo("2026-10-17");
    assertThat(clusters.warmStarted()).isTrue();
    double[] x = {1.2, 2.1, 3.0, 4.1, 5.0};
    assertThat(clusters.predict(x)).isEqualTo(MODEL.clusters().predict(x));
  }

  @Test
  void theJsonIsFlatWithTheKeysModelsWerePublishedWith() throws Exception {
    // Before TierModel, _model.json was the segment model with the lines as a component after sampleSize.
    List<String> expected = new ArrayList<>(Arrays.stream(SegmentModel.class.getRecordComponents())
        .map(java.lang.reflect.RecordComponent::getName).toList());
    expected.add(expected.indexOf("sampleSize") + 1, "lines");
    JsonNode json = WarehouseJson.mapper().readTree(WarehouseJson.mapper().writeValueAsString(MODEL));
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).isEqualTo(expected);
    assertThat(json.get("lines").get("vipValue").asDouble()).isEqualTo(95);
  }

  @Test
  void aModelPublishedBeforeTheRecordReads() throws Exception {
    String published = "{\"featureNames\":[\"a\"],\"means\":[0.5],\"stdDevs\":[1.0],\"centroids\":[[0.0],[1.0]],"
        + "\"clusterTiers\":[\"key\",\"ordinary\"],\"k\":2,\"silhouette\":0.5,\"silhouetteByK\":[0.5],\"kMin\":2,"
        + "\"seed\":7,\"sampleSize\":100,\"lines\":{\"vipValue\":97.0,\"keyValue\":75.0,\"keyLoyalty\":67.5,\"band\":3.0},"
        + "\"warmStarted\":false,\"kChosenOn\":\"2026-11-15\"}";
    TierModel read = PreviousTiers.parse(published);
    assertThat(read.lines()).isEqualTo(new TierLines(97, 75, 67.5, 3));
    assertThat(read.clusters().clusterTiers()).containsExactly("key", "ordinary");
    assertThat(read.clusters().kChosenOn()).isEqualTo("2026-11-15");
  }

  @Test
  void aModelSavedBeforeLinesExistedStillReads() throws Exception {
    TierModel read = PreviousTiers.parse("{\"featureNames\":[\"a\"],\"k\":3,\"silhouette\":0.5,\"unknownField\":1}");
    assertThat(read.clusters().k()).isEqualTo(3);
    assertThat(read.lines()).isNull();
  }
}
