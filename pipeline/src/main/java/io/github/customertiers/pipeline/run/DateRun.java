package io.github.customertiers.pipeline.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.github.customertiers.pipeline.publish.VersionedPublish;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import io.github.customertiers.pipeline.publish.WarehouseLock;
import io.github.customertiers.pipeline.tiers.TieredCustomers;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.PublishedDates;
import io.github.customertiers.pipeline.tiers.PreviousTiers;
import java.io.IOException;
import java.util.Optional;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One as-of date of a run, under the date's lock: removes what earlier runs of the date left
 * behind, then score, tier and publish. A failure publishes nothing and says so; one that comes
 * from Spark is reported with its root cause.
 */
final class DateRun {
  private final RunContext ctx;

  /** @param ctx the context of this date (its run id names the date's staging area and holds its lock) */
  DateRun(RunContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param transactions stored transaction rows (any days; this date keeps those up to {@code asOf})
   * @param interactions stored interaction rows (any days)
   */
  RunResult run(LocalDate asOf, IngestResult ingest, Dataset<Row> transactions, Dataset<Row> interactions) {
    try (WarehouseLock lock = WarehouseLock.acquire(ctx.fs(), ctx.layout().root(), WarehouseLayout.dateLockName(asOf),
        ctx.runId(), WarehouseLock.DEFAULT_STALE_AFTER)) {
      VersionedPublish publisher = new VersionedPublish(ctx.fs(), ctx.layout(), ctx.progress());
      publisher.recoverLeftovers(asOf);
      return compute(asOf, ingest, transactions, interactions, publisher);
    } catch (IOException e) {
      throw new UncheckedIOException("the run for " + asOf + " failed (nothing was published): " + e.getMessage(), e);
    } catch (Exception e) {
      // Scala code throws SparkException without declaring it.
      boolean fromSpark = e instanceof SparkException || e.getCause() instanceof SparkException
          || e.getClass().getName().startsWith("org.apache.spark");
      if (fromSpark) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        String cause = root == e || root.getMessage() == null ? "" : "; root cause: " + firstLine(root.getMessage());
        throw new IllegalStateException("the run for " + asOf + " failed in Spark (nothing was published): "
            + firstLine(e.getMessage()) + cause, e);
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("the run for " + asOf + " failed: " + e.getMessage(), e);
    }
  }

  private RunResult compute(LocalDate asOf, IngestResult ingest, Dataset<Row> transactions, Dataset<Row> interactions,
      VersionedPublish publisher) throws IOException {
    StageTimes stages = new StageTimes(ctx.progress());
    stages.record("ingest", ingest.millis());
    Dataset<Row> transactionsUpToAsOf = transactions.filter(col("event_date").leq(lit(asOf)));
    Dataset<Row> interactionsUpToAsOf = interactions.filter(col("event_date").leq(lit(asOf)));
    try (ScoredCustomers scored = new ScoreStage(ctx).score(transactionsUpToAsOf, interactionsUpToAsOf, asOf)) {
      stages.lap("score");
      Optional<PublishedDate> previous = new PublishedDates(ctx.fs(), ctx.layout()).before(asOf);
      PreviousTiers previousTiers = PreviousTiers.read(ctx.spark(), ctx.fs(), previous.map(PublishedDate::segments),
          previous.map(p -> p.asOf().toString()).orElse(null));
      try (TieredCustomers tiered = new TierStage(ctx).assign(scored, asOf, previousTiers)) {
        stages.lap("tier");
        return new DatePublisher(ctx, publisher).publish(asOf, ingest, scored, tiered, previous, previousTiers, stages);
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }
}
