package io.github.customertiers.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.customertiers.pipeline.cluster.SegmentModel;
import io.github.customertiers.pipeline.ingest.EarlierVersion;
import io.github.customertiers.pipeline.ingest.FeedIngestResult;
import io.github.customertiers.pipeline.ingest.FileAccounting;
import io.github.customertiers.pipeline.ingest.RejectedFile;
import io.github.customertiers.pipeline.publish.WarehouseJson;
import io.github.customertiers.pipeline.stability.TierStability;
import io.github.customertiers.pipeline.tiers.TierLines;
import io.github.customertiers.pipeline.tiers.TierModel;
import io.github.customertiers.pipeline.value.BgNbdModel;
import io.github.customertiers.pipeline.value.GammaGammaModel;
import io.github.customertiers.pipeline.value.ModelTimeUnit;
import io.github.customertiers.pipeline.value.ValueModelFit;
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
    ValueModelSummary valueModel = ValueModelSummary.of(fit(), "clv");
    Map<String, Long> millis = new LinkedHashMap<>();
    millis.put("ingest", 5L);
    millis.put("score", 9L);
    return new RunResult("run-1", LocalDate.of(2026, 6, 30), "1.2.3", "digest", List.of(feed), List.of("transactions"),
        20, 12, 3, List.of(new TierSummaryRow("vip", 2, 0.1, 50.0, 0.5, 90, Double.NaN)), model, valueModel, "2026-06-29",
        List.of(new MigrationRow("vip", "lapsed", 1, 10.0), new MigrationRow("key", "lapsed", 2, 5.0),
            new MigrationRow("ordinary", "lapsed", 4, 1.0)),
        "/w/segments", "/w/exports", millis, stability, Map.of("at_risk", 1L, "moved", 2L));
  }

  /** A fitted value model, both sub-models present (their parameters are not checked against data here). */
  static ValueModelFit fit() {
    return new ValueModelFit(true, "fitted", new BgNbdModel(0.24, 4.41, 0.79, 2.43, -9582.4, 2357, ModelTimeUnit.WEEKS, 41, true),
        new GammaGammaModel(6.25, 3.74, 15.44, -4049.1, 946, 37, true), ModelTimeUnit.WEEKS, 2357, 946, 1200, 610, 1.0, 0.5,
        120, List.of("a note"), null);
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
    assertThat(keys(m.get("value_model"))).containsExactly("fitted", "reason", "bg_nbd", "gamma_gamma", "time_unit", "customers",
        "repeat_buyers", "distinct_tuples", "distinct_spend_pairs", "bg_nbd_sample_fraction", "gamma_gamma_sample_fraction",
        "fit_duration_ms", "notes", "population_mean_spend", "value_basis");
    assertThat(keys(m.get("value_model").get("bg_nbd"))).containsExactly("r", "alpha", "a", "b", "log_likelihood", "customers",
        "time_unit", "evaluations", "converged");
    assertThat(keys(m.get("value_model").get("gamma_gamma"))).containsExactly("p", "q", "gamma", "log_likelihood", "customers",
        "evaluations", "converged");
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
    assertThat(summary.valueModel()).as("the value model entry, read back as the record written")
        .isEqualTo(ValueModelSummary.of(fit(), "clv"));
    assertThat(summary.valueModel().bgNbd().logLikelihood()).isEqualTo(fit().bgNbd().logLikelihood());
  }

  @Test
  void anOlderManifestWithCamelCaseValueModelKeysIsReadToo() throws Exception {
    // Older runs wrote the fit as ValueModelFit serialises itself (camelCase keys) plus value_basis.
    ObjectNode entry = (ObjectNode) WarehouseJson.mapper().readTree(fit().toJson());
    entry.put("value_basis", "clv");
    assertThat(entry.has("repeatBuyers")).as("the old shape").isTrue();
    ObjectNode manifest = WarehouseJson.mapper().createObjectNode();
    manifest.put("run_id", "run-0");
    manifest.set("value_model", entry);
    ManifestSummary summary = RunManifest.mapper().treeToValue(manifest, ManifestSummary.class);
    assertThat(summary.valueModel()).isEqualTo(ValueModelSummary.of(fit(), "clv"));
  }
}
