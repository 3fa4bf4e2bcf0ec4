package io.github.customertiers.pipeline.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.customertiers.pipeline.ingest.FeedIngestResult;
import io.github.customertiers.pipeline.ingest.FileAccounting;
import io.github.customertiers.pipeline.publish.WarehouseJson;
import io.github.customertiers.pipeline.tiers.Tier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Serialises a {@link RunResult} as {@code _manifest.json} and the model as {@code _model.json}. */
public final class RunManifest {
  private static final ObjectMapper JSON = WarehouseJson.mapper();

  private RunManifest() {}

  public static String manifestJson(RunResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tool", "customer-tiers");
    m.put("tool_version", r.toolVersion());
    m.put("run_id", r.runId());
    m.put("as_of", r.asOf().toString());
    m.put("config_digest", r.configDigest());
    m.put("feeds_used", r.feedsUsed());
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (FeedIngestResult f : r.ingest()) {
      inputs.add(inputAccounting(f));
    }
    m.put("inputs", inputs);
    m.put("customers_scored", r.customersScored());
    m.put("active_buyers", r.activeBuyers());
    m.put("customers_not_published", r.unpublished());
    List<Map<String, Object>> tiers = new ArrayList<>();
    for (TierSummaryRow t : r.tiers()) {
      Map<String, Object> tier = new LinkedHashMap<>();
      tier.put("tier", t.tier());
      tier.put("customers", t.customers());
      tier.put("share_of_customers", t.shareOfCustomers());
      tier.put("revenue", t.revenue());
      tier.put("share_of_revenue", t.shareOfRevenue());
      tier.put("median_value_score", t.medianValueScore());
      tier.put("median_loyalty_score", t.medianLoyaltyScore());
      tiers.add(tier);
    }
    m.put("tiers", tiers);
    Map<String, Object> clustering = new LinkedHashMap<>();
    if (r.model() != null) {
      clustering.put("k", r.model().k());
      clustering.put("silhouette", r.model().silhouette());
      clustering.put("silhouette_by_k", r.model().silhouetteByK());
      clustering.put("k_min", r.model().kMin());
      clustering.put("cluster_tiers", r.model().clusterTiers());
      clustering.put("sample_size", r.model().sampleSize());
      clustering.put("seed", r.model().seed());
      clustering.put("warm_started", r.model().warmStarted());
      clustering.put("k_chosen_on", r.model().kChosenOn());
      clustering.put("tier_lines", r.model().lines() == null ? null : r.model().lines().describe());
    } else {
      clustering.put("k", null);
      clustering.put("note", "too few active buyers to cluster; tiers by value cut points");
    }
    m.put("clustering", clustering);
    m.put("value_model", r.valueModel());
    m.put("previous_as_of", r.previousAsOf());
    List<Map<String, Object>> migrations = new ArrayList<>();
    long valuableLapsed = 0;
    for (MigrationRow row : r.migrations()) {
      Map<String, Object> mr = new LinkedHashMap<>();
      mr.put("from_tier", row.fromTier());
      mr.put("to_tier", row.toTier());
      mr.put("customers", row.customers());
      mr.put("revenue", row.revenue());
      migrations.add(mr);
      if ((row.fromTier().equals(Tier.VIP.label()) || row.fromTier().equals(Tier.KEY.label()))
          && row.toTier().equals(Tier.LAPSED.label())) {
        valuableLapsed += row.customers();
      }
    }
    m.put("migrations", migrations);
    m.put("vip_or_key_became_lapsed", valuableLapsed);
    m.put("tier_stability", stability(r.stability()));
    m.put("stage_millis", r.stageMillis());
    m.put("segments", r.segmentsPath());
    m.put("exports", r.exportsPath());
    return write(m);
  }

  /** The manifest's accounting of one feed's ingest ({@code inputs[]}), with its files. */
  static Map<String, Object> inputAccounting(FeedIngestResult f) {
    Map<String, Object> feed = new LinkedHashMap<>();
    feed.put("feed", f.feed());
    feed.put("batch", f.batch());
    feed.put("read", f.read());
    feed.put("loaded", f.loaded());
    feed.put("quarantined", f.quarantined());
    feed.put("duplicates", f.duplicates());
    feed.put("filtered", f.filtered());
    feed.put("filtered_by_rule", f.filteredByRule());
    feed.put("quarantined_by_reason", f.quarantinedByReason());
    feed.put("files_already_ingested", f.skippedFiles());
    feed.put("rows_replaced", f.rowsReplaced());
    feed.put("warnings", f.warnings());
    List<Map<String, Object>> files = new ArrayList<>();
    for (FileAccounting a : f.files()) {
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("file", a.file());
      file.put("sha256", a.digest());
      file.put("status", a.status().name());
      file.put("read", a.read());
      file.put("loaded", a.loaded());
      file.put("quarantined", a.quarantined());
      file.put("duplicates", a.duplicates());
      file.put("filtered", a.filtered());
      file.put("filtered_by_rule", a.filteredByRule());
      file.put("quarantined_by_reason", a.quarantinedByReason());
      List<Map<String, Object>> replaces = new ArrayList<>();
      a.replaces().forEach(v -> {
        Map<String, Object> earlier = new LinkedHashMap<>();
        earlier.put("sha256", v.digest());
        earlier.put("batch", v.batch());
        earlier.put("rows_withdrawn", v.rowsWithdrawn());
        replaces.add(earlier);
      });
      file.put("replaces", replaces);
      files.add(file);
    }
    feed.put("files", files);
    List<Map<String, Object>> rejected = new ArrayList<>();
    f.rejected().forEach(x -> {
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("file", x.file());
      file.put("delivery_date", x.deliveryDate() == null ? null : x.deliveryDate().toString());
      file.put("reason", x.reason());
      rejected.add(file);
    });
    feed.put("rejected", rejected);
    return feed;
  }

  /** Tier changes against the previous published date (docs/TIERS.md, "Stability"); null without one. */
  static Map<String, Object> stability(io.github.customertiers.pipeline.stability.TierStability s) {
    if (s == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("previous_as_of", s.previousAsOf());
    m.put("customers", s.customers());
    m.put("changed", s.changed());
    m.put("changed_share", s.changedShare());
    m.put("unexplained", s.unexplained());
    m.put("unexplained_share", s.unexplainedShare());
    m.put("tier_sizes_before", s.sizesBefore());
    m.put("tier_sizes", s.sizesNow());
    Map<String, Object> changes = new LinkedHashMap<>();
    s.sizeChanges().forEach((tier, change) -> changes.put(tier, Double.isNaN(change) ? null : change));
    m.put("tier_size_changes", changes);
    return m;
  }

  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  public static ObjectMapper mapper() {
    return JSON;
  }
}
