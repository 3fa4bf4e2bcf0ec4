package io.github.customertiers.pipeline.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.github.customertiers.pipeline.ingest.Feed;
import io.github.customertiers.pipeline.ingest.IngestedStore;
import io.github.customertiers.pipeline.ingest.InvalidInputException;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.PublishedDates;
import io.github.customertiers.pipeline.stability.FreshnessCheck;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs as-of dates in one Spark application, oldest first: ingests once, caches the stored rows
 * (for more than one date), then runs every date ({@link DateRun}). A failing date does not stop
 * the others; an ingest failure fails all of them. When the ingest rejected dated files, the dates
 * from the earliest rejected delivery on fail without being computed ({@link RejectedDeliveries}).
 */
final class RangeRun {
  private static final Logger LOG = LogManager.getLogger(RangeRun.class);
  private final RunContext ctx;

  /** @param ctx the run's context; its run id is the ingest batch and the prefix of every date's run id */
  RangeRun(RunContext ctx) {
    this.ctx = ctx;
  }

  /** A run id naming the dates: {@code <first>[_<last>]-<epoch millis>-<random>}. */
  static String runId(List<LocalDate> ordered, long epochMillis) {
    return ordered.get(0) + (ordered.size() > 1 ? "_" + ordered.get(ordered.size() - 1) : "")
        + "-" + epochMillis + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
  }

  RangeResult run(List<LocalDate> ordered) {
    IngestResult ingest = new IngestStage(ctx).run();
    ctx.progress().accept(String.format(Locale.ROOT, "  ingest done in %.1f s", ingest.millis() / 1000.0));
    RejectedDeliveries rejected = RejectedDeliveries.of(ingest.feeds());
    rejected.earliest().ifPresent(b -> ctx.progress().accept("dates from " + b + " on need a rejected delivery: not computed"));

    Dataset<Row> transactions = new IngestedStore(ctx.config().warehouse(), Feed.TRANSACTIONS).all(ctx.spark());
    Dataset<Row> interactions = new IngestedStore(ctx.config().warehouse(), Feed.INTERACTIONS).all(ctx.spark());
    LocalDate last = ordered.get(ordered.size() - 1);
    if (ordered.size() > 1) {
      transactions = transactions.filter(col("event_date").leq(lit(last))).persist(StorageLevel.MEMORY_AND_DISK());
      interactions = interactions.filter(col("event_date").leq(lit(last))).persist(StorageLevel.MEMORY_AND_DISK());
    }
    // Freshness: the newest ingested event of each configured feed, checked against every date.
    Map<String, LocalDate> newestEvents = new LinkedHashMap<>();
    if (!ctx.config().transactionInputs().isEmpty()) {
      newestEvents.put(Feed.TRANSACTIONS.feedName(), FreshnessCheck.newestEvent(transactions));
    }
    if (!ctx.config().interactionInputs().isEmpty()) {
      newestEvents.put(Feed.INTERACTIONS.feedName(), FreshnessCheck.newestEvent(interactions));
    }
    List<DateOutcome> outcomes = new ArrayList<>();
    try {
      for (LocalDate asOf : ordered) {
        outcomes.add(runDate(asOf, ingest, rejected, newestEvents, transactions, interactions));
        if (!outcomes.get(outcomes.size() - 1).published() && Thread.currentThread().isInterrupted()) {
          break;
        }
      }
    } finally {
      transactions.unpersist();
      interactions.unpersist();
    }
    noteLaterDates(last, outcomes);
    return new RangeResult(outcomes);
  }

  private DateOutcome runDate(LocalDate asOf, IngestResult ingest, RejectedDeliveries rejected,
      Map<String, LocalDate> newestEvents, Dataset<Row> transactions, Dataset<Row> interactions) {
    long started = System.nanoTime();
    Optional<InvalidInputException> blocked = rejected.blocking(asOf);
    if (blocked.isPresent()) {
      ctx.progress().accept("FAILED " + asOf + ": " + blocked.get().getMessage());
      return new DateOutcome(asOf, null, blocked.get(), (System.nanoTime() - started) / 1_000_000);
    }
    try {
      newestEvents.forEach((feed, newest) -> FreshnessCheck.check(feed, newest, asOf, ctx.config().quality()));
      RunResult r = new DateRun(ctx.withRunId(ctx.runId() + "-" + asOf)).run(asOf, ingest, transactions, interactions);
      return new DateOutcome(asOf, r, null, (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      ctx.progress().accept("FAILED " + asOf + ": " + e.getMessage());
      return new DateOutcome(asOf, null, e, (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * History follows published dates: a date published after it was used as the "previous" date of
   * later dates leaves their previous_tier, tier_since and migrations based on what was live then.
   * Says which later dates to rerun; rewriting them unasked would change published dates nobody
   * asked to change.
   */
  private void noteLaterDates(LocalDate lastOfRun, List<DateOutcome> outcomes) {
    if (outcomes.stream().noneMatch(DateOutcome::published)) {
      return;
    }
    try {
      List<LocalDate> later = new PublishedDates(ctx.fs(), ctx.layout()).all().stream().map(PublishedDate::asOf)
          .filter(d -> d.isAfter(lastOfRun)).toList();
      if (!later.isEmpty()) {
        LocalDate first = later.get(0);
        LocalDate last = later.get(later.size() - 1);
        ctx.progress().accept("note: " + later.size() + " later published date(s) (" + first
            + (later.size() > 1 ? " .. " + last : "")
            + ") keep the history (previous_tier, tier_since, migrations) they were computed with; to refresh it, rerun "
            + (later.size() == 1 ? "--as-of " + first : "--from " + first + " --to " + last
                + (later.size() < first.until(last).getDays() + 1 ? " (with the same --every as before)" : "")));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not list the later published dates: {}", e.toString());
    }
  }
}
