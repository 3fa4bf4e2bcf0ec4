package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.ingest.Feed;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.SegmentChecks;
import io.github.customertiers.pipeline.publish.SegmentColumns;
import io.github.customertiers.pipeline.publish.SegmentHistory;
import io.github.customertiers.pipeline.publish.VersionedPublish;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import io.github.customertiers.pipeline.spark.FaultInjection;
import io.github.customertiers.pipeline.spark.JobGroup;
import io.github.customertiers.pipeline.stability.StabilityGate;
import io.github.customertiers.pipeline.stability.TierChangesRefusedException;
import io.github.customertiers.pipeline.stability.TierStability;
import io.github.customertiers.pipeline.tiers.PreviousTiers;
import io.github.customertiers.pipeline.tiers.TieredCustomers;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Publishes one as-of date (the caller holds the date's lock): writes the segments with their
 * history to the run's staging area, checks what was written (refusing an empty table unless
 * allowed), summarises it, gates its tier changes, writes migrations, the exports and report
 * ({@link DateExports}), manifest and models ({@link RunManifest}) beside it, then makes the staged
 * directory the live version of the date in one pointer switch; with {@code publish.delta}, then
 * replaces the date in the Delta tables ({@link DeltaPublish}).
 */
final class DatePublisher {
  private final RunContext ctx;
  private final VersionedPublish publisher;

  DatePublisher(RunContext ctx, VersionedPublish publisher) {
    this.ctx = ctx;
    this.publisher = publisher;
  }

  RunResult publish(LocalDate asOf, IngestResult ingest, ScoredCustomers scored, TieredCustomers tiered,
      Optional<PublishedDate> previous, PreviousTiers previousTiers, StageTimes stages) throws IOException {
    Path staging = ctx.layout().staging(ctx.runId());
    ctx.progress().accept("write segments to the run's staging area " + staging);
    return JobGroup.run(ctx.spark(), "publish", "write and check segments as of " + asOf,
        () -> writeCheckAndPublish(asOf, ingest, scored, tiered, previous, previousTiers, stages, staging));
  }

  private RunResult writeCheckAndPublish(LocalDate asOf, IngestResult ingest, ScoredCustomers scored, TieredCustomers tiered,
      Optional<PublishedDate> previous, PreviousTiers previousTiers, StageTimes stages, Path staging) throws IOException {
    DeltaPublish delta = new DeltaPublish(ctx);
    if (ctx.config().publishDelta()) {
      delta.requireSessionSupport();
    }
    Path stagedSegments = WarehouseLayout.segmentsIn(staging);
    Dataset<Row> withHistory = SegmentHistory.withHistory(ctx.spark(), tiered.segments(), previous.map(PublishedDate::segments), asOf);
    withHistory.select(SegmentColumns.segmentSelection())
        .write().mode(SaveMode.Overwrite).parquet(stagedSegments.toString());
    Dataset<Row> written = ctx.spark().read().parquet(stagedSegments.toString());
    check(asOf, SegmentChecks.of(written), staging);
    List<TierSummaryRow> summary = TierSummaryRow.of(written);
    Path stagedMigrations = WarehouseLayout.migrationsIn(staging);
    SegmentHistory.migrations(written).coalesce(1).write().mode(SaveMode.Overwrite).parquet(stagedMigrations.toString());
    List<MigrationRow> migrations = MigrationRow.of(ctx.spark().read().parquet(stagedMigrations.toString()));
    TierStability stability = gateTierChanges(asOf, written, tiered, previous, previousTiers, staging);
    FaultInjection.pause("during-write"); // the staged version is half-written: segments and migrations, no exports yet
    DateExports exports = new DateExports(ctx, staging);
    Map<String, Long> actionLists = exports.write(asOf, written, previous);
    stages.lap("write");

    String version = publisher.newVersion(asOf, ctx.runId(), ctx.clock().instant());
    Path versionDir = ctx.layout().version(asOf, version);
    RunResult result = new RunResult(ctx.runId(), asOf, ctx.toolVersion(), ConfigDigest.of(ctx.config()), ingest.feeds(),
        feedsUsed(), scored.customers(), tiered.activeBuyers(), tiered.unpublished(), summary, tiered.model(),
        scored.values().manifestEntry(scored.basis().column()), previous.map(p -> p.asOf().toString()).orElse(null),
        migrations, WarehouseLayout.segmentsIn(versionDir).toString(), WarehouseLayout.exportsIn(versionDir).toString(),
        stages.snapshot(), stability, actionLists);
    RunManifest.writeBeside(ctx.fs(), stagedSegments, result, scored.values().fit().toJson());
    exports.writeReport(asOf, version);
    ctx.progress().accept("publish " + versionDir + " as the live version of " + asOf);
    FaultInjection.pause("before-publish");
    publisher.publish(asOf, staging, version);
    stages.lap("publish");
    if (ctx.config().publishDelta()) {
      delta.replaceDate(asOf, versionDir);
      stages.lap("delta");
    }
    return result.withStageMillis(stages.snapshot());
  }

  /**
   * The stability monitor and gate: tier changes against the previous published date; a date whose
   * unexplained changes exceed {@code quality.max_unexplained_tier_changes} is refused (staging removed).
   */
  private TierStability gateTierChanges(LocalDate asOf, Dataset<Row> written, TieredCustomers tiered,
      Optional<PublishedDate> previous, PreviousTiers previousTiers, Path staging) throws IOException {
    if (previous.isEmpty()) {
      return null;
    }
    TierStability stability = TierStability.compare(ctx.spark().read().parquet(previous.get().segments().toString()), written,
        ctx.config().tierPolicy().band(), previousTiers.model() == null ? null : previousTiers.model().lines(),
        tiered.model() == null ? null : tiered.model().lines(), previous.get().asOf().toString());
    ctx.progress().accept(String.format(Locale.ROOT, "  tier changes against %s: %.2f%% changed, %.2f%% unexplained",
        stability.previousAsOf(), 100 * stability.changedShare(), 100 * stability.unexplainedShare()));
    try {
      StabilityGate.check(asOf, stability, ctx.config().quality());
    } catch (TierChangesRefusedException e) {
      ctx.fs().delete(staging, true);
      throw e;
    }
    return stability;
  }

  private void check(LocalDate asOf, SegmentChecks checks, Path staging) throws IOException {
    if (checks.rows() == 0 && !ctx.config().allowEmptyPublish()) {
      ctx.fs().delete(staging, true);
      throw new EmptyResultException("0 customers for " + asOf + ": refusing to publish an empty segment table "
          + "(check the inputs, or set publish.allow_empty: true)");
    }
    if (!checks.problems().isEmpty()) {
      throw new IllegalStateException("segment table for " + asOf + " failed its checks: " + checks.problems()
          + "; nothing was published, staging kept at " + staging);
    }
  }

  private List<String> feedsUsed() {
    List<String> feeds = new ArrayList<>();
    if (!ctx.config().transactionInputs().isEmpty()) {
      feeds.add(Feed.TRANSACTIONS.feedName());
    }
    if (!ctx.config().interactionInputs().isEmpty()) {
      feeds.add(Feed.INTERACTIONS.feedName());
    }
    return feeds;
  }
}
