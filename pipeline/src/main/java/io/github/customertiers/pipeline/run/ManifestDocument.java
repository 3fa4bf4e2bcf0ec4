package io.github.customertiers.pipeline.run;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.github.customertiers.pipeline.ingest.EarlierVersion;
import io.github.customertiers.pipeline.ingest.FeedIngestResult;
import io.github.customertiers.pipeline.ingest.FileAccounting;
import io.github.customertiers.pipeline.ingest.RejectedFile;
import io.github.customertiers.pipeline.stability.TierStability;
import io.github.customertiers.pipeline.tiers.Tier;
import io.github.customertiers.pipeline.tiers.TierModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code _manifest.json}, typed: the {@link RunResult} in the shape readers of the
 * warehouse know (the keys manifests were always published with), every key snake_case, written by the warehouse's one mapper
 * ({@code publish/WarehouseJson}) through {@link RunManifest}. Components are in key order.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ManifestDocument(String tool, String toolVersion, String runId, String asOf, String configDigest,
    List<String> feedsUsed, List<Input> inputs, long customersScored, long activeBuyers, long customersNotPublished,
    List<TierSummaryRow> tiers, Clustering clustering, ValueModelSummary valueModel, String previousAsOf,
    List<MigrationRow> migrations, long vipOrKeyBecameLapsed, Stability tierStability, Map<String, Long> actionLists,
    Map<String, Long> stageMillis, String segments, String exports) {

  static ManifestDocument of(RunResult r) {
    return new ManifestDocument("customer-tiers", r.toolVersion(), r.runId(), r.asOf().toString(), r.configDigest(),
        r.feedsUsed(), r.ingest().stream().map(Input::of).toList(), r.customersScored(), r.activeBuyers(), r.unpublished(),
        r.tiers(), Clustering.of(r.model()), r.valueModel(), r.previousAsOf(), r.migrations(),
        valuableLapsed(r.migrations()), Stability.of(r.stability()), r.actionLists(), r.stageMillis(), r.segmentsPath(),
        r.exportsPath());
  }

  /** Customers who were vip or key on the previous date and are lapsed now. */
  private static long valuableLapsed(List<MigrationRow> migrations) {
    return migrations.stream()
        .filter(m -> (m.fromTier().equals(Tier.VIP.label()) || m.fromTier().equals(Tier.KEY.label()))
            && m.toTier().equals(Tier.LAPSED.label()))
        .mapToLong(MigrationRow::customers).sum();
  }

  /** One feed's ingest accounting; filtered rows also by the filter rule that matched them first. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Input(String feed, String batch, long read, long loaded, long quarantined, long duplicates, long filtered,
      Map<String, Long> filteredByRule, Map<String, Long> quarantinedByReason, long filesAlreadyIngested, long rowsReplaced, List<String> warnings,
      List<InputFile> files, List<Rejected> rejected) {
    static Input of(FeedIngestResult f) {
      return new Input(f.feed(), f.batch(), f.read(), f.loaded(), f.quarantined(), f.duplicates(), f.filtered(),
          f.filteredByRule(), f.quarantinedByReason(), f.skippedFiles(), f.rowsReplaced(), f.warnings(),
          f.files().stream().map(InputFile::of).toList(), f.rejected().stream().map(Rejected::of).toList());
    }
  }

  /** What became of one delivered file. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record InputFile(String file, String sha256, String status, long read, long loaded, long quarantined, long duplicates,
      long filtered, Map<String, Long> filteredByRule, Map<String, Long> quarantinedByReason, List<Replaced> replaces) {
    static InputFile of(FileAccounting a) {
      return new InputFile(a.file(), a.digest(), a.status().name(), a.read(), a.loaded(), a.quarantined(), a.duplicates(),
          a.filtered(), a.filteredByRule(), a.quarantinedByReason(), a.replaces().stream().map(Replaced::of).toList());
    }
  }

  /** An earlier version of a re-delivered file whose rows this file replaced. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Replaced(String sha256, String batch, long rowsWithdrawn) {
    static Replaced of(EarlierVersion v) {
      return new Replaced(v.digest(), v.batch(), v.rowsWithdrawn());
    }
  }

  /** A dated file rejected while the others were loaded. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Rejected(String file, String deliveryDate, String reason) {
    static Rejected of(RejectedFile x) {
      return new Rejected(x.file(), x.deliveryDate() == null ? null : x.deliveryDate().toString(), x.reason());
    }
  }

  /** The k-means of the date ({@link Clustered}), or why there was none ({@link NotClustered}). */
  sealed interface Clustering permits Clustered, NotClustered {
    static Clustering of(TierModel model) {
      if (model == null) {
        return new NotClustered(null, "too few active buyers to cluster; tiers by value cut points");
      }
      var c = model.clusters();
      return new Clustered(c.k(), c.silhouette(), c.silhouetteByK(), c.kMin(), c.clusterTiers(), c.sampleSize(), c.seed(),
          c.warmStarted(), c.kChosenOn(), model.lines() == null ? null : model.lines().describe());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Clustered(int k, double silhouette, List<Double> silhouetteByK, int kMin, List<String> clusterTiers,
      long sampleSize, long seed, boolean warmStarted, String kChosenOn, String tierLines) implements Clustering {}

  /** @param k always null: no k-means ran */
  record NotClustered(Integer k, String note) implements Clustering {}

  /** Tier changes against the previous published date (docs/TIERS.md, "Stability"); null without one. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Stability(String previousAsOf, long customers, long changed, double changedShare, long unexplained,
      double unexplainedShare, Map<String, Long> tierSizesBefore, Map<String, Long> tierSizes,
      Map<String, Double> tierSizeChanges) {
    static Stability of(TierStability s) {
      if (s == null) {
        return null;
      }
      Map<String, Double> changes = new LinkedHashMap<>(); // a tier empty before has no relative change: null
      s.sizeChanges().forEach((tier, change) -> changes.put(tier, Double.isNaN(change) ? null : change));
      return new Stability(s.previousAsOf(), s.customers(), s.changed(), s.changedShare(), s.unexplained(),
          s.unexplainedShare(), s.sizesBefore(), s.sizesNow(), changes);
    }
  }
}
