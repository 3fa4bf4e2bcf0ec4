package io.github.customertiers.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.customertiers.pipeline.cluster.SegmentModel;
import io.github.customertiers.pipeline.ingest.EarlierVersion;
import io.github.customertiers.pipeline.ingest.FeedIngestResult;
import io.github.customertiers.pipeline.ingest.FileAccounting;
import io.github.customertiers.pipeline.ingest.RejectedFile;
import io.github.customertiers.pipeline.publish.WarehouseJson;
import io.github.customertiers.pipeline.stability.TierStability;
import io.github.customertiers.pipeline.tiers.TierLines;
import io.github.customertiers.pipeline.tiers.TierModel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunManifestTest {
  static RunResult result(TierModel model, TierStability stability) {
    FileAccounting file = new FileAccounting("tx-1.csv", "abc", FileAccounting.Status.INGESTED, 10, 7, 1,
        Map.of("guest_checkout", 1L), Map.of("bad date", 1L), List.of(new EarlierVersion("old", "b0", "tx-1.csv", 3)));
    FeedIngestResult feed = new FeedIngestResult("transactions", "b1", List.of(file), 5, List.of("late file"),
        List.of(new RejectedFile("transactions", "tx-2.csv", LocalDate.of(2026, 6, 2), "too few rows")));
    Map<String, Object> valueModel = new LinkedHashMap<>();
    valueModel.put("fitted", false);
    valueModel.put("value_basis", "monetary");
    Map<String, Long> millis = new LinkedHashMap<>();
    millis.put("ingest", 5L);
    millis.put("score", 9L);
    return new RunResult("run-1", LocalDate.of(2026, 6, 30), "1.2.3", "digest", List.of(feed), List.of("transactions"),
        20, 12, 3, List.of(new TierSummaryRow("vip", 2, 0.1, 50.0, 0.5, 90, Double.NaN)), model, valueModel, "2026-06-29",
        List.of(new MigrationRow("vip", "lapsed", 1, 10.0), new MigrationRow("key", "lapsed", 2, 5.0),
            new MigrationRow("ordinary", "lapsed", 4, 1.0)),
        "/w/segments", "/w/exports", millis, stability, Map.of("at_risk", 1L, "moved", 2L));
  }

  static TierModel model() {
    return new TierModel(new SegmentModel(List.of("a"), new double[] {0}, new double[] {1}, new double[][] {{0}, {1}},
        List.of("key", "ordinary"), 2, 0.4, List.of(0.4), 2, 7L, 100, true, "2026-06-01"), new TierLines(97, 75, 67.5, 3));
  }

  static TierStability stability() {
    Map<String, Long> before = new LinkedHashMap<>();
    before.put("vip", 0L);
    before.put("key", 4L);
    Map<String, Long> now = new LinkedHashMap<>();
    now.put("vip", 1L);
    now.put("key", 3L);
    return new TierStability("2026-06-29", 20, 2, 1, before, now);
  }

  private static JsonNode json(RunResult r) throws Exception {
    return WarehouseJson.mapper().readTree(RunManifest.manifestJson(r));
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void theManifestHasTheDocumentedKeysInOrderSnakeCase() throws Exception {
    JsonNode m = json(result(model(), stability()));
    // The keys manifests have always been published with, which readers (ManifestSummary, ReportFactsReader) rely on.
    assertThat(keys(m)).containsExactly("tool", "tool_version", "run_id", "as_of", "config_digest", "feeds_used", "inputs",
        "customers_scored", "active_buyers", "customers_not_published", "tiers", "clustering", "value_model",
        "previous_as_of", "migrations", "vip_or_key_became_lapsed", "tier_stability", "action_lists", "stage_millis", "segments", "exports");
    assertThat(keys(m.get("inputs").get(0))).containsExactly("feed", "batch", "read", "loaded", "quarantined", "duplicates",
        "filtered", "filtered_by_rule", "quarantined_by_reason", "files_already_ingested", "rows_replaced", "warnings", "files", "rejected");
    assertThat(keys(m.get("inputs").get(0).get("files").get(0))).containsExactly("file", "sha256", "status", "read", "loaded",
        "quarantined", "duplicates", "filtered", "filtered_by_rule", "quarantined_by_reason", "replaces");
    assertThat(keys(m.get("inputs").get(0).get("files").get(0).get("replaces").get(0)))
        .containsExactly("sha256", "batch", "rows_withdrawn");
    assertThat(keys(m.get("inputs").get(0).get("rejected").get(0))).containsExactly("file", "delivery_date", "reason");
    assertThat(keys(m.get("tiers").get(0))).containsExactly("tier", "customers", "share_of_customers", "revenue",
        "share_of_revenue", "median_value_score", "median_loyalty_score");
    assertThat(keys(m.get("clustering"))).containsExactly("k", "silhouette", "silhouette_by_k", "k_min", "cluster_tiers",
        "sample_size", "seed", "warm_started", "k_chosen_on", "tier_lines");
    assertThat(keys(m.get("migrations").get(0))).containsExactly("from_tier", "to_tier", "customers", "revenue");
    assertThat(keys(m.get("tier_stability"))).containsExactly("previous_as_of", "customers", "changed", "changed_share",
        "unexplained", "unexplained_share", "tier_sizes_before", "tier_sizes", "tier_size_changes");
  }

  @Test
  void theValuesComeFromTheResult() throws Exception {
    RunResult r = result(model(), stability());
    JsonNode m = json(r);
    assertThat(m.get("as_of").asText()).isEqualTo("2026-06-30");
    assertThat(m.get("customers_not_published").asLong()).isEqualTo(r.unpublished());
    assertThat(m.get("inputs").get(0).get("files_already_ingested").asLong()).isEqualTo(r.ingest().get(0).skippedFiles());
    assertThat(m.get("inputs").get(0).get("files").get(0).get("quarantined").asLong()).as("10 read, 7 loaded, 1 duplicate, 1 filtered")
        .isEqualTo(1);
    assertThat(m.get("inputs").get(0).get("rejected").get(0).get("delivery_date").asText()).isEqualTo("2026-06-02");
    assertThat(m.get("vip_or_key_became_lapsed").asLong()).as("1 vip and 2 key lapsed, not the 4 ordinary").isEqualTo(3);
    assertThat(m.get("clustering").get("tier_lines").asText()).isEqualTo(r.model().lines().describe());
    assertThat(m.get("tier_stability").get("tier_size_changes").get("vip").isNull()).as("no relative change from 0").isTrue();
    assertThat(m.get("tier_stability").get("tier_size_changes").get("key").asDouble()).isEqualTo((3 - 4) / 4.0);
    assertThat(m.get("stage_millis").get("score").asLong()).isEqualTo(9);
  }

  @Test
  void withoutClusteringTheManifestSaysWhy() throws Exception {
    JsonNode m = json(result(null, null));
    assertThat(keys(m.get("clustering"))).containsExactly("k", "note");
    assertThat(m.get("clustering").get("k").isNull()).isTrue();
    assertThat(m.get("tier_stability").isNull()).isTrue();
  }

  @Test
  void tiersPublishedReadsTheManifestBack() throws Exception {
    ManifestSummary summary = RunManifest.mapper().readValue(RunManifest.manifestJson(result(model(), stability())),
        ManifestSummary.class);
    assertThat(summary.runId()).isEqualTo("run-1");
    assertThat(summary.previousAsOf()).isEqualTo("2026-06-29");
    assertThat(summary.customers("vip")).isEqualTo(2);
    assertThat(summary.tierStability().changedShare()).isEqualTo(stability().changedShare());
  }
}
