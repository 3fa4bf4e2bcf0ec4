package io.github.customertiers.pipeline.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.features.CustomerFeatures;
import io.github.customertiers.pipeline.ingest.Feed;
import io.github.customertiers.pipeline.ingest.FeedIngest;
import io.github.customertiers.pipeline.ingest.FeedIngestResult;
import io.github.customertiers.pipeline.ingest.IngestedStore;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.PublishedDates;
import io.github.customertiers.pipeline.publish.SegmentHistory;
import io.github.customertiers.pipeline.publish.WarehouseLock;
import io.github.customertiers.pipeline.publish.SegmentChecks;
import io.github.customertiers.pipeline.publish.TierExports;
import io.github.customertiers.pipeline.scores.CustomerScores;
import io.github.customertiers.pipeline.stability.FreshnessCheck;
import io.github.customertiers.pipeline.stability.StabilityGate;
import io.github.customertiers.pipeline.stability.TierChangesRefusedException;
import io.github.customertiers.pipeline.stability.TierStability;
import io.github.customertiers.pipeline.tiers.PreviousTiers;
import io.github.customertiers.pipeline.tiers.Tier;
import io.github.customertiers.pipeline.tiers.TierAssignment;
import io.github.customertiers.pipeline.tiers.TieredCustomers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The nightly run for one as-of date: ingest the configured exports, compute features and
 * scores, tier the customers, write everything to a run-private staging area, check it, then
 * publish the segment table, the manifest, the migrations and the tier files together as a new
 * version of the date, made live by switching the date's pointer in one atomic step.
 */
public final class NightlyRun {
  private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(NightlyRun.class);
  /** Columns of the published segment table, in order. */
  public static final List<String> SEGMENT_COLUMNS = List.of(
      "customer_id", "as_of", "tier", "recency_days", "frequency", "monetary", "tenure_days", "interactions_90d",
      "r_score", "f_score", "m_score", "value_score", "loyalty_score", "cluster", "reason",
      "previous_tier", "tier_since", "p_alive", "expected_purchases", "expected_value", "clv", "purchases_total", "months_active", "first_purchase_date", "last_purchase_date", "last_interaction_date");
  /** Columns of the per-tier marketing files, in order. */
  public static final List<String> EXPORT_COLUMNS = List.of(
      "customer_id", "tier", "previous_tier", "tier_since", "reason", "value_score", "loyalty_score", "r_score", "f_score", "m_score",
      "recency_days", "frequency", "monetary", "tenure_days", "interactions_90d", "p_alive", "expected_purchases",
      "expected_value", "clv");

  private final SparkSession spark;
  private final TiersConfig config;
  private final String toolVersion;
  private final Clock clock;
  private final Consumer<String> progress;

  public NightlyRun(SparkSession spark, TiersConfig config, String toolVersion, Clock clock, Consumer<String> progress) {
    this.spark = spark;
    this.config = config;
    this.toolVersion = toolVersion;
    this.clock = clock;
    this.progress = progress;
  }

  /** Ingests the configured feeds only. */
  public List<FeedIngestResult> ingest(String runId) {
    FeedIngest ingest = FeedIngest.configuredBy(spark, config);
    List<FeedIngestResult> results = new ArrayList<>();
    if (!config.transactionInputs().isEmpty()) {
      progress.accept("ingest transactions: " + config.transactionInputs());
      results.add(report(ingest.ingest(Feed.TRANSACTIONS, config.transactionInputs(), runId, clock.instant())));
    }
    if (!config.interactionInputs().isEmpty()) {
      progress.accept("ingest interactions: " + config.interactionInputs());
      results.add(report(ingest.ingest(Feed.INTERACTIONS, config.interactionInputs(), runId, clock.instant())));
    }
    return results;
  }

  private FeedIngestResult report(FeedIngestResult r) {
    progress.accept(String.format(java.util.Locale.ROOT,
        "  %s: %d rows read, %d loaded, %d quarantined %s, %d duplicates, %d filtered, %d file(s) already ingested (%.1f s)",
        r.feed(), r.read(), r.loaded(), r.quarantined(), r.quarantinedByReason(), r.duplicates(), r.filtered(), r.skippedFiles(),
        r.durationMs() / 1000.0));
    r.files().stream().filter(f -> !f.replaces().isEmpty()).forEach(f -> progress.accept(String.format(java.util.Locale.ROOT,
        "  %s: %s replaces its earlier version(s): %d row(s) withdrawn", r.feed(), f.file(),
        f.replaces().stream().mapToLong(io.github.customertiers.pipeline.ingest.EarlierVersion::rowsWithdrawn).sum())));
    r.warnings().forEach(w -> progress.accept("  warning: " + w));
    r.rejected().forEach(f -> progress.accept("  REJECTED " + f.feed() + " delivery of " + f.deliveryDate() + ": " + f.describe()));
    return r;
  }

  /** The same run for another as-of date. */
  public NightlyRun withAsOf(LocalDate asOf) {
    return new NightlyRun(spark, config.withAsOf(asOf), toolVersion, clock, progress);
  }

  /** Runs the configured as-of date; any failure is thrown. */
  public RunResult run() {
    DateOutcome outcome = runDates(List.of(config.asOf())).get(0);
    if (!outcome.published()) {
      if (outcome.failure() instanceof RuntimeException e) {
        throw e;
      }
      throw new IllegalStateException(outcome.failure());
    }
    return outcome.result();
  }

  /**
   * Runs several as-of dates in one Spark application, oldest first: ingests once, caches the
   * stored rows, then computes and publishes every date. A failing date does not stop the others;
   * an ingest failure fails all of them. When the ingest rejected dated files, the dates from the
   * earliest rejected delivery on fail without being computed (their published output untouched),
   * naming the feed, the file and the reason ({@link RejectedDeliveries}).
   */
  public List<DateOutcome> runDates(List<LocalDate> dates) {
    List<LocalDate> ordered = dates.stream().distinct().sorted().toList();
    String runId = ordered.get(0) + (ordered.size() > 1 ? "_" + ordered.get(ordered.size() - 1) : "")
        + "-" + clock.instant().toEpochMilli() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path warehouse = new Path(config.warehouse());
    long t = System.nanoTime();
    List<FeedIngestResult> ingest;
    try (WarehouseLock ingestLock = WarehouseLock.acquireWaiting(warehouse.getFileSystem(hadoop), warehouse, "ingest",
        runId, WarehouseLock.DEFAULT_STALE_AFTER, java.time.Duration.ofMinutes(30))) {
      ingest = ingest(runId);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot lock the ingest of " + warehouse + ": " + e.getMessage(), e);
    }
    long ingestMillis = (System.nanoTime() - t) / 1_000_000;
    progress.accept(String.format(java.util.Locale.ROOT, "  ingest done in %.1f s", ingestMillis / 1000.0));
    RejectedDeliveries rejected = RejectedDeliveries.of(ingest);
    rejected.earliest().ifPresent(b -> progress.accept("dates from " + b + " on need a rejected delivery: not computed"));

    Dataset<Row> transactions = new IngestedStore(config.warehouse(), Feed.TRANSACTIONS).all(spark);
    Dataset<Row> interactions = new IngestedStore(config.warehouse(), Feed.INTERACTIONS).all(spark);
    if (ordered.size() > 1) {
      LocalDate last = ordered.get(ordered.size() - 1);
      transactions = transactions.filter(col("event_date").leq(lit(last))).persist(StorageLevel.MEMORY_AND_DISK());
      interactions = interactions.filter(col("event_date").leq(lit(last))).persist(StorageLevel.MEMORY_AND_DISK());
    }
    // [trust] freshness: the newest ingested event of each configured feed, checked per date below.
    Map<String, LocalDate> newestEvents = new LinkedHashMap<>();
    if (!config.transactionInputs().isEmpty()) newestEvents.put(Feed.TRANSACTIONS.feedName(), FreshnessCheck.newestEvent(transactions));
    if (!config.interactionInputs().isEmpty()) newestEvents.put(Feed.INTERACTIONS.feedName(), FreshnessCheck.newestEvent(interactions));
    List<DateOutcome> outcomes = new ArrayList<>();
    try {
      for (LocalDate asOf : ordered) {
        long started = System.nanoTime();
        Optional<io.github.customertiers.pipeline.ingest.InvalidInputException> blocked = rejected.blocking(asOf);
        if (blocked.isPresent()) {
          progress.accept("FAILED " + asOf + ": " + blocked.get().getMessage());
          outcomes.add(new DateOutcome(asOf, null, blocked.get(), (System.nanoTime() - started) / 1_000_000));
          continue;
        }
        try {
          newestEvents.forEach((feed, newest) -> FreshnessCheck.check(feed, newest, asOf, config.quality())); // [trust]
          Map<String, Long> stages = new LinkedHashMap<>();
          stages.put("ingest", ingestMillis);
          RunResult r = publishDate(asOf, runId + "-" + asOf, ingest, transactions, interactions, stages);
          outcomes.add(new DateOutcome(asOf, r, null, (System.nanoTime() - started) / 1_000_000));
        } catch (RuntimeException e) {
          progress.accept("FAILED " + asOf + ": " + e.getMessage());
          outcomes.add(new DateOutcome(asOf, null, e, (System.nanoTime() - started) / 1_000_000));
          if (Thread.currentThread().isInterrupted()) {
            break;
          }
        }
      }
    } finally {
      transactions.unpersist();
      interactions.unpersist();
    }
    noteLaterDates(ordered.get(ordered.size() - 1), outcomes);
    return outcomes;
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
      WarehouseLayout layout = new WarehouseLayout(config.warehouse());
      FileSystem fs = layout.root().getFileSystem(spark.sparkContext().hadoopConfiguration());
      List<LocalDate> later = new PublishedDates(fs, layout).all().stream().map(PublishedDate::asOf)
          .filter(d -> d.isAfter(lastOfRun)).toList();
      if (!later.isEmpty()) {
        LocalDate first = later.get(0);
        LocalDate last = later.get(later.size() - 1);
        progress.accept("note: " + later.size() + " later published date(s) (" + first + (later.size() > 1 ? " .. " + last : "")
            + ") keep the history (previous_tier, tier_since, migrations) they were computed with; to refresh it, rerun "
            + (later.size() == 1 ? "--as-of " + first : "--from " + first + " --to " + last
                + (later.size() < first.until(last).getDays() + 1 ? " (with the same --every as before)" : "")));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not list the later published dates: {}", e.toString());
    }
  }

  private RunResult publishDate(LocalDate asOf, String runId, List<FeedIngestResult> ingest, Dataset<Row> transactionsAll,
      Dataset<Row> interactionsAll, Map<String, Long> stages) {
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    WarehouseLayout layout = new WarehouseLayout(config.warehouse());
    FileSystem fs;
    try {
      fs = layout.root().getFileSystem(hadoop);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (WarehouseLock lock = WarehouseLock.acquire(fs, layout.root(), "as_of=" + asOf, runId, WarehouseLock.DEFAULT_STALE_AFTER)) {
      VersionedPublish publisher = new VersionedPublish(fs, layout, progress);
      publisher.recoverLeftovers(asOf);
      return computeAndPublish(asOf, runId, ingest, transactionsAll, interactionsAll, stages, layout, fs, publisher);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("the run for " + asOf + " failed (nothing was published): " + e.getMessage(), e);
    } catch (Exception e) {
      // Scala code throws SparkException without declaring it.
      boolean fromSpark = e instanceof org.apache.spark.SparkException || e.getCause() instanceof org.apache.spark.SparkException
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

  private RunResult computeAndPublish(LocalDate asOf, String runId, List<FeedIngestResult> ingest,
      Dataset<Row> transactionsAll, Dataset<Row> interactionsAll, Map<String, Long> stages, WarehouseLayout layout,
      FileSystem fs, VersionedPublish publisher) throws IOException {
    long t = System.nanoTime();
    List<String> feedsUsed = new ArrayList<>();
    if (!config.transactionInputs().isEmpty()) feedsUsed.add(Feed.TRANSACTIONS.feedName());
    if (!config.interactionInputs().isEmpty()) feedsUsed.add(Feed.INTERACTIONS.feedName());

    progress.accept("features and scores as of " + asOf);
    spark.sparkContext().setJobGroup("score", "features and scores as of " + asOf, false);
    Dataset<Row> transactionsUpToAsOf = transactionsAll.filter(col("event_date").leq(lit(asOf)));
    Dataset<Row> features = CustomerFeatures.compute(
        transactionsUpToAsOf, interactionsAll.filter(col("event_date").leq(lit(asOf))), asOf, config.windows());
    CustomerValues values = CustomerValues.compute(transactionsUpToAsOf, asOf, config.valueModel(), progress);
    features = features.join(values.columns(), features.col("customer_id").equalTo(values.columns().col("value_customer_id")), "left")
        .drop("value_customer_id")
        .persist(StorageLevel.MEMORY_AND_DISK());
    String valueBasis = values.fit().fitted() ? "clv" : "monetary";
    Dataset<Row> scored = CustomerScores.score(features, valueBasis, config.windows().scoringMonths()).persist(StorageLevel.MEMORY_AND_DISK());
    long customersScored = scored.count();
    values.release();
    spark.sparkContext().clearJobGroup();
    t = lap(stages, "score", t);

    progress.accept("tiers: cluster active buyers and assign tiers");
    double lapseBelowPAlive = values.fit().fitted() ? config.valueModel().lapseBelowPAlive() : 0;
    // [trust] the previous published date's tiers and model feed the hysteresis band and the warm start.
    Optional<PublishedDate> previous = new PublishedDates(fs, layout).before(asOf);
    PreviousTiers previousTiers = PreviousTiers.read(spark, fs, previous.map(PublishedDate::segments),
        previous.map(p -> p.asOf().toString()).orElse(null));
    TieredCustomers tiered = new TierAssignment(config.windows(), config.tierPolicy(), config.clustering(), lapseBelowPAlive)
        .assign(scored, valueBasis, asOf, previousTiers);
    t = lap(stages, "tier", t);

    Path staging = layout.staging(runId);
    Path stagedSegments = WarehouseLayout.segmentsIn(staging);
    Path stagedExports = WarehouseLayout.exportsIn(staging);
    Path stagedMigrations = WarehouseLayout.migrationsIn(staging);
    progress.accept("write segments to the run's staging area " + staging);
    spark.sparkContext().setJobGroup("publish", "write and check segments as of " + asOf, false);
    try {
      Dataset<Row> withHistory = SegmentHistory.withHistory(spark, tiered.segments(), previous.map(PublishedDate::segments), asOf);
      Column[] segmentCols = SEGMENT_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new);
      withHistory.select(segmentCols).write().mode(SaveMode.Overwrite).parquet(stagedSegments.toString());
      Dataset<Row> written = spark.read().parquet(stagedSegments.toString());
      SegmentChecks checks = SegmentChecks.of(written);
      if (checks.rows() == 0 && !config.allowEmptyPublish()) {
        fs.delete(staging, true);
        throw new EmptyResultException("0 customers for " + asOf + ": refusing to publish an empty segment table "
            + "(check the inputs, or set publish.allow_empty: true)");
      }
      if (!checks.problems().isEmpty()) {
        throw new IllegalStateException("segment table for " + asOf + " failed its checks: " + checks.problems()
            + "; nothing was published, staging kept at " + staging);
      }
      List<TierSummaryRow> summary = summarize(written);
      Dataset<Row> migrations = SegmentHistory.migrations(written);
      migrations.coalesce(1).write().mode(SaveMode.Overwrite).parquet(stagedMigrations.toString());
      List<MigrationRow> migrationRows = new ArrayList<>();
      for (Row r : spark.read().parquet(stagedMigrations.toString()).orderBy("from_tier", "to_tier").collectAsList()) {
        migrationRows.add(new MigrationRow(r.getString(0), r.getString(1), r.getLong(2),
            r.isNullAt(3) ? 0 : ((java.math.BigDecimal) r.get(3)).doubleValue()));
      }
      // [trust] stability monitor and gate against the previous published date.
      TierStability stability = previous.isEmpty() ? null : TierStability.compare(
          spark.read().parquet(previous.get().segments().toString()), written, config.tierPolicy().band(),
          previousTiers.model() == null ? null : previousTiers.model().lines(),
          tiered.model() == null ? null : tiered.model().lines(), previous.get().asOf().toString());
      if (stability != null) {
        progress.accept(String.format(java.util.Locale.ROOT, "  tier changes against %s: %.2f%% changed, %.2f%% unexplained",
            stability.previousAsOf(), 100 * stability.changedShare(), 100 * stability.unexplainedShare()));
      }
      try {
        StabilityGate.check(asOf, stability, config.quality());
      } catch (TierChangesRefusedException e) {
        fs.delete(staging, true);
        throw e;
      }
      FaultInjection.pause("during-write"); // the staged version is half-written: segments and migrations, no exports yet
      TierExports.write(written, EXPORT_COLUMNS, fs, stagedExports);
      scored.unpersist();
      features.unpersist();
      t = lap(stages, "write", t);
      String version = publisher.newVersion(asOf, runId, clock.instant());
      Path versionDir = layout.version(asOf, version);
      RunResult result = new RunResult(runId, asOf, toolVersion, configDigest(config), ingest, feedsUsed,
          customersScored, tiered.activeBuyers(), tiered.unpublished(), summary, tiered.model(),
          values.manifestEntry(valueBasis),
          previous.map(p -> p.asOf().toString()).orElse(null), migrationRows,
          WarehouseLayout.segmentsIn(versionDir).toString(), WarehouseLayout.exportsIn(versionDir).toString(), stages,
          stability /* [trust] */);
      NightlyRun.writeText(fs, new Path(stagedSegments, "_manifest.json"), RunManifest.manifestJson(result));
      if (tiered.model() != null) {
        writeText(fs, new Path(stagedSegments, "_model.json"), RunManifest.write(tiered.model()));
      }
      writeText(fs, new Path(stagedSegments, "_value_model.json"), values.fit().toJson());
      progress.accept("publish " + versionDir + " as the live version of " + asOf);
      FaultInjection.pause("before-publish");
      publisher.publish(asOf, staging, version);
      lap(stages, "publish", t);
      return result;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  static List<TierSummaryRow> summarize(Dataset<Row> segments) {
    List<Row> rows = segments.groupBy("tier").agg(
        count(lit(1)).as("customers"),
        sum(col("monetary")).cast("double").as("revenue"),
        percentile_approx(col("value_score"), lit(0.5), lit(10000)).as("median_value"),
        percentile_approx(col("loyalty_score"), lit(0.5), lit(10000)).as("median_loyalty")).collectAsList();
    long customers = rows.stream().mapToLong(r -> r.getLong(1)).sum();
    double positiveRevenue = rows.stream().mapToDouble(r -> r.isNullAt(2) ? 0 : Math.max(0, r.getDouble(2))).sum();
    List<TierSummaryRow> out = new ArrayList<>();
    for (Tier tier : Tier.values()) {
      Row r = rows.stream().filter(x -> tier.label().equals(x.getString(0))).findFirst().orElse(null);
      long n = r == null ? 0 : r.getLong(1);
      double revenue = r == null || r.isNullAt(2) ? 0 : r.getDouble(2);
      out.add(new TierSummaryRow(tier.label(), n, customers == 0 ? 0 : (double) n / customers, revenue,
          positiveRevenue == 0 ? 0 : Math.max(0, revenue) / positiveRevenue,
          r == null || r.isNullAt(3) ? Double.NaN : ((Number) r.get(3)).doubleValue(),
          r == null || r.isNullAt(4) ? Double.NaN : ((Number) r.get(4)).doubleValue()));
    }
    return out;
  }

  private long lap(Map<String, Long> stages, String stage, long startedNanos) {
    long now = System.nanoTime();
    stages.put(stage, (now - startedNanos) / 1_000_000);
    progress.accept(String.format(java.util.Locale.ROOT, "  %s done in %.1f s", stage, (now - startedNanos) / 1e9));
    return now;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }

  static void writeText(FileSystem fs, Path path, String text) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** SHA-256 of the configuration, as-of date excluded, so runs of the same setup share a digest. */
  public static String configDigest(TiersConfig config) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(config.withAsOf(LocalDate.EPOCH).toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
