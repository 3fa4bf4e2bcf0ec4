package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.ingest.EarlierVersion;
import io.github.customertiers.pipeline.ingest.Feed;
import io.github.customertiers.pipeline.ingest.FeedIngest;
import io.github.customertiers.pipeline.ingest.FeedIngestResult;
import io.github.customertiers.pipeline.publish.WarehouseLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ingest stage: the configured feeds into the warehouse's feed stores, under the warehouse's
 * ingest lock (waiting up to 30 minutes for another ingest), so every entry (run, ingest,
 * evaluate-value) is serialised. The run id is the batch id.
 */
final class IngestStage {
  static final String LOCK = "ingest";
  private static final Duration WAIT_FOR_LOCK = Duration.ofMinutes(30);
  private final RunContext ctx;

  IngestStage(RunContext ctx) {
    this.ctx = ctx;
  }

  IngestResult run() {
    long started = System.nanoTime();
    List<FeedIngestResult> feeds;
    try (WarehouseLock lock = WarehouseLock.acquireWaiting(ctx.fs(), ctx.layout().root(), LOCK, ctx.runId(),
        WarehouseLock.DEFAULT_STALE_AFTER, WAIT_FOR_LOCK)) {
      feeds = ingestFeeds();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock the ingest of " + ctx.layout().root() + ": " + e.getMessage(), e);
    }
    return new IngestResult(ctx.runId(), feeds, (System.nanoTime() - started) / 1_000_000);
  }

  private List<FeedIngestResult> ingestFeeds() {
    FeedIngest ingest = FeedIngest.configuredBy(ctx.spark(), ctx.config());
    List<FeedIngestResult> results = new ArrayList<>();
    List<String> transactions = ctx.config().transactionInputs();
    if (!transactions.isEmpty()) {
      ctx.progress().accept("ingest transactions: " + transactions);
      results.add(report(ingest.ingest(Feed.TRANSACTIONS, transactions, ctx.runId(), ctx.clock().instant())));
    }
    List<String> interactions = ctx.config().interactionInputs();
    if (!interactions.isEmpty()) {
      ctx.progress().accept("ingest interactions: " + interactions);
      results.add(report(ingest.ingest(Feed.INTERACTIONS, interactions, ctx.runId(), ctx.clock().instant())));
    }
    return results;
  }

  private FeedIngestResult report(FeedIngestResult r) {
    var progress = ctx.progress();
    progress.accept(String.format(Locale.ROOT,
        "  %s: %,d %s read, %,d loaded, %,d quarantined%s, %,d %s, %,d filtered%s, %,d %s already ingested (%.1f s)",
        r.feed(), r.read(), r.read() == 1 ? "row" : "rows", r.loaded(), r.quarantined(), byReason(r.quarantinedByReason()),
        r.duplicates(), r.duplicates() == 1 ? "duplicate" : "duplicates", r.filtered(), byReason(r.filteredByRule()), r.skippedFiles(),
        r.skippedFiles() == 1 ? "file" : "files", r.durationMs() / 1000.0));
    r.files().stream().filter(f -> !f.replaces().isEmpty()).forEach(f -> progress.accept(String.format(Locale.ROOT,
        "  %s: %s replaces its earlier version(s): %,d row(s) withdrawn", r.feed(), f.file(),
        f.replaces().stream().mapToLong(EarlierVersion::rowsWithdrawn).sum())));
    r.warnings().forEach(w -> progress.accept("  warning: " + w));
    r.rejected().forEach(f -> progress.accept("  REJECTED " + f.feed() + " delivery of " + f.deliveryDate() + ": " + f.describe()));
    return r;
  }

  /** Counts by reason as " (BAD_AMOUNT 1,204, MISSING_CUSTOMER_ID 3)", in the map's order; empty for none. */
  static String byReason(java.util.Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return "";
    }
    return counts.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
        .collect(java.util.stream.Collectors.joining(", ", " (", ")"));
  }
}
