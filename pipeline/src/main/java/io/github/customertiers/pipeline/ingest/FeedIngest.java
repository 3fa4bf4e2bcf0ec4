package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;

import io.github.customertiers.pipeline.config.FeedSpec;
import io.github.customertiers.pipeline.config.FeedSpecs;
import io.github.customertiers.pipeline.config.QualityOptions;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingests the delivered files of one feed into the warehouse, honestly: every record read is
 * loaded, quarantined with a reason, filtered by the feed's {@code filter_out}, or counted as a
 * duplicate of a row already stored (in this delivery or an earlier one); per file and per feed
 * {@code read = loaded + quarantined + duplicates + filtered}, or the ingest fails. Files already
 * ingested (same SHA-256) are skipped; a corrected file delivered under the path of one ingested
 * before replaces that version's rows. The new rows become visible in one directory rename, after
 * the quality checks passed: the quarantine rate, empty files, and the delivery's volume against the
 * feed's recent deliveries. A file with a {@link DeliveryDate} that fails a check of its own is
 * rejected ({@link RejectedFile}) while the other files are loaded, so a run can tell which as-of
 * dates need it; an undated one fails the ingest.
 *
 * <p>Knobs: {@link #feeds(FeedSpecs)} (layout and mapping of each feed; canonical by default) and
 * {@link #businessZone(ZoneId)} (which day a timestamp belongs to; the session zone by default).
 * {@link #validate} is the same computation as {@link #ingest} without writing anything.
 */
public final class FeedIngest {
  private static final Logger LOG = LogManager.getLogger(FeedIngest.class);

  private final SparkSession spark;
  private final String warehouse;
  private final QualityOptions quality;
  private final ZoneId businessZone;
  private final FeedSpecs feeds;

  public FeedIngest(SparkSession spark, String warehouse, QualityOptions quality) {
    this(spark, warehouse, quality, null, FeedSpecs.canonical());
  }

  private FeedIngest(SparkSession spark, String warehouse, QualityOptions quality, ZoneId businessZone, FeedSpecs feeds) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.quality = quality;
    this.businessZone = businessZone;
    this.feeds = feeds;
  }

  /** The ingest a configuration describes: its warehouse, quality thresholds, business time zone and feeds. */
  public static FeedIngest configuredBy(SparkSession spark, io.github.customertiers.pipeline.config.TiersConfig config) {
    return new FeedIngest(spark, config.warehouse(), config.quality()).businessZone(config.businessZone()).feeds(config.feeds());
  }

  /** The zone that assigns timestamps to days ({@code event_date}). */
  public FeedIngest businessZone(ZoneId zone) {
    return new FeedIngest(spark, warehouse, quality, java.util.Objects.requireNonNull(zone, "businessZone"), feeds);
  }

  /** Layout and mapping of the feeds; each is checked here (IllegalArgumentException naming the key). */
  public FeedIngest feeds(FeedSpecs specs) {
    FeedMapping.check(Feed.TRANSACTIONS, specs.transactions());
    FeedMapping.check(Feed.INTERACTIONS, specs.interactions());
    return new FeedIngest(spark, warehouse, quality, businessZone, specs);
  }

  /**
   * Ingests the new files of {@code inputs} as one batch. A file with a {@link DeliveryDate} that fails
   * a check of its own (cannot be read as configured, empty, or its delivery's quarantine rate is too
   * high) is rejected: the other files are loaded and the result lists it. Any other failure, and
   * such a failure of an undated file, fails the whole ingest and loads nothing.
   *
   * @throws InvalidInputException naming the feed, the file(s) and the numbers
   */
  public FeedIngestResult ingest(Feed feed, List<String> inputs, String batch, Instant ingestedAt) {
    long started = System.nanoTime();
    FeedSpec spec = feeds.of(feed.feedName());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    IngestedStore store = new IngestedStore(warehouse, feed);
    Delivery delivery = DeliveryPlan.plan(feed, spec, inputs, store, hadoop, false);
    if (delivery.fresh().isEmpty()) {
      return new FeedIngestResult(feed.feedName(), null, delivery.skipped(), elapsedMs(started), List.of(), delivery.rejected());
    }
    spark.sparkContext().setJobGroup("ingest " + feed.feedName(),
        "ingest " + delivery.fresh().size() + " " + feed.feedName() + " file(s)", false);
    try {
      ValidatedRows read = read(feed, spec, delivery, ingestedAt);
      try {
        List<String> warnings = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Path quarantine = quarantineRoot(feed, batch);
        for (DeliveryChecks.Problem p
            : DeliveryChecks.fileChecks(feed, spec, quality, delivery, read.tallies(), warnings, quarantine)) {
          if (p.dated()) {
            delivery = delivery.rejecting(feed, p);
          } else {
            failures.add(p.message());
          }
        }
        failures.addAll(DeliveryChecks.volumeCheck(feed, spec, store, hadoop, delivery, read.tallies(), warnings));
        writeQuarantine(feed, read.validated(), quarantine);
        if (!failures.isEmpty()) {
          throw new InvalidInputException(String.join("; ", failures));
        }
        if (delivery.fresh().isEmpty()) {
          warnings.forEach(w -> LOG.warn("{}", w));
          return new FeedIngestResult(feed.feedName(), null, delivery.skipped(), elapsedMs(started), warnings, delivery.rejected());
        }
        FlaggedRows outcome = deduplicate(feed, store, delivery, read);
        try {
          Path staging = store.staging(batch);
          long rows = outcome.tallies().values().stream().mapToLong(t -> t.unique).sum();
          int files = (int) Math.max(1, Math.min(spark.sparkContext().defaultParallelism(),
              (rows + IngestedStore.ROWS_PER_FILE - 1) / IngestedStore.ROWS_PER_FILE));
          // A few files per batch, each holding a range of days in order, so a reader as of an
          // earlier date skips later row groups by their statistics (not one directory per day).
          outcome.newRows().repartitionByRange(files, col("event_date"))
              .sortWithinPartitions(col("event_date"), col("customer_id"), col("ts"))
              .write().mode(SaveMode.Overwrite).parquet(staging.toString());
          Map<String, Long> loadedBySource = new HashMap<>();
          for (Row r : spark.read().schema(feed.storedSchema()).parquet(staging.toString())
              .groupBy("source_file").count().collectAsList()) {
            loadedBySource.put(r.getString(0), r.getLong(1));
          }
          List<FileAccounting> accounting = new ArrayList<>(delivery.skipped());
          List<String> mismatches = new ArrayList<>();
          accounting.addAll(account(feed, delivery, outcome, loadedBySource, mismatches));
          if (!mismatches.isEmpty()) {
            delete(hadoop, staging);
            throw new IllegalStateException("row accounting does not balance: " + String.join("; ", mismatches)
                + "; nothing was loaded");
          }
          warnings.forEach(w -> LOG.warn("{}", w));
          commit(hadoop, store, staging, batch, ingestedAt, delivery, accounting);
          return new FeedIngestResult(feed.feedName(), batch, accounting, elapsedMs(started), warnings, delivery.rejected());
        } finally {
          outcome.release();
        }
      } finally {
        read.release();
      }
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /**
   * What {@link #ingest} would do with these inputs, without writing anything: per file what would
   * be loaded, quarantined (by reason), filtered and counted as duplicate, which files would be
   * rejected and which checks would fail.
   *
   * @throws InputNotReadyException when an input path does not exist
   */
  public FeedValidation validate(Feed feed, List<String> inputs, Instant ingestedAt) {
    FeedSpec spec = feeds.of(feed.feedName());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    IngestedStore store = new IngestedStore(warehouse, feed);
    Delivery delivery = DeliveryPlan.plan(feed, spec, inputs, store, hadoop, true);
    List<FileAccounting> accounting = new ArrayList<>(delivery.skipped());
    List<String> failures = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (delivery.fresh().isEmpty()) {
      return new FeedValidation(feed.feedName(), accounting, delivery.rejectedByFile(), failures, warnings);
    }
    spark.sparkContext().setJobGroup("validate " + feed.feedName(),
        "dry run of " + delivery.fresh().size() + " " + feed.feedName() + " file(s)", false);
    try {
      ValidatedRows read = read(feed, spec, delivery, ingestedAt);
      try {
        DeliveryChecks.fileChecks(feed, spec, quality, delivery, read.tallies(), warnings, null).forEach(p -> failures.add(p.message()));
        failures.addAll(DeliveryChecks.volumeCheck(feed, spec, store, hadoop, delivery, read.tallies(), warnings));
        FlaggedRows outcome = deduplicate(feed, store, delivery, read);
        try {
          accounting.addAll(account(feed, delivery, outcome, null, failures));
        } finally {
          outcome.release();
        }
      } finally {
        read.release();
      }
    } catch (InvalidInputException e) {
      failures.add(e.getMessage());
    } finally {
      spark.sparkContext().clearJobGroup();
    }
    return new FeedValidation(feed.feedName(), accounting, delivery.rejectedByFile(), failures, warnings);
  }

  // ---- evaluation: one read, one validation, the duplicates; nothing written

  private ValidatedRows read(Feed feed, FeedSpec spec, Delivery delivery, Instant ingestedAt) {
    Map<String, Tally> tallies = new HashMap<>();
    List<SourceLayout> readable = delivery.readable();
    if (readable.isEmpty()) {
      return new ValidatedRows(spark.createDataFrame(List.of(), feed.storedSchema()), tallies);
    }
    ZoneId tsZone = spec.timeZone() != null ? spec.timeZone() : zone();
    Dataset<Row> raw = RawFeedReader.read(spark, feed, spec, tsZone, readable);
    Dataset<Row> validated = RowValidation.validate(raw, feed, ingestedAt, quality.maxAmount(), spec.timestampFormats(), tsZone)
        .persist(StorageLevel.MEMORY_AND_DISK());
    // One scan counts every file's records by outcome.
    for (Row r : validated.groupBy(col("source_file"), col("reason"), col("filtered"), col("filter_rule"))
        .agg(count(lit(1)).as("n")).collectAsList()) {
      Tally t = tallies.computeIfAbsent(r.getString(0), f -> new Tally());
      long n = r.getLong(4);
      t.read += n;
      if (!r.isNullAt(1)) {
        t.reasons.merge(r.getString(1), n, Long::sum);
      } else if (r.getBoolean(2)) {
        t.filtered += n;
        t.filteredByRule.merge(r.isNullAt(3) ? FeedSpec.UNNAMED_FILTER_RULE : r.getString(3), n, Long::sum);
      } else {
        t.valid += n;
      }
    }
    return new ValidatedRows(validated, tallies);
  }

  /**
   * The valid rows of the delivery's files (rejected files left out) that are not duplicates: of an
   * earlier row in this delivery (the first occurrence by file, then record number, is kept), or of a
   * row stored before. Exact duplicates agree on every canonical column, so one aggregation by those
   * columns finds the first occurrence (no sort of all rows), and only stored rows within a day of
   * the delivery's event dates can match (a duplicate has the same timestamp; a day of margin covers
   * a business zone changed since those rows were stored).
   */
  private FlaggedRows deduplicate(Feed feed, IngestedStore store, Delivery delivery, ValidatedRows read) {
    Map<String, Tally> tallies = read.tallies();
    if (delivery.readable().isEmpty()) {
      return new FlaggedRows(spark.createDataFrame(List.of(), feed.storedSchema()), tallies);
    }
    Set<String> rejectedSources = delivery.rejected().stream()
        .map(r -> Tally.sourceKey(tallies.keySet(), r.file())).filter(tallies::containsKey).collect(Collectors.toSet());
    Dataset<Row> validated = rejectedSources.isEmpty() ? read.validated()
        : read.validated().filter(not(col("source_file").isin(rejectedSources.toArray())));
    Dataset<Row> valid = RowValidation.validRows(validated, feed, zone());
    Dataset<Row> firstOccurrences = FirstOccurrence.of(valid, feed, tallies.keySet());
    Dataset<Row> stored = store.visible(spark, delivery.replacing());
    Dataset<Row> newRows = firstOccurrences;
    if (store.hasBatches(spark.sparkContext().hadoopConfiguration())) {
      Row span = valid.agg(min(col("event_date")), max(col("event_date"))).first();
      if (!span.isNullAt(0)) {
        LocalDate from = span.<java.sql.Date>getAs(0).toLocalDate().minusDays(1);
        LocalDate to = span.<java.sql.Date>getAs(1).toLocalDate().plusDays(1);
        Dataset<Row> storedNearby = stored.filter(col("event_date").between(lit(from), lit(to)));
        newRows = FirstOccurrence.notIn(firstOccurrences, storedNearby, feed);
      }
    }
    newRows = newRows.persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Long> unique = new HashMap<>();
    for (Row r : newRows.groupBy(col("source_file")).count().collectAsList()) {
      unique.put(r.getString(0), r.getLong(1));
    }
    for (Map.Entry<String, Tally> e : tallies.entrySet()) {
      if (!rejectedSources.contains(e.getKey())) {
        Tally t = e.getValue();
        t.unique = unique.getOrDefault(e.getKey(), 0L);
        t.duplicates = t.valid - t.unique;
      }
    }
    return new FlaggedRows(newRows, tallies);
  }

  // ---- accounting

  /**
   * The accounting of each new file. {@code loadedBySource} holds what was written (null in a dry
   * run: what would be written); every file must balance, else a message goes to {@code mismatches}.
   */
  private List<FileAccounting> account(Feed feed, Delivery delivery, FlaggedRows outcome, Map<String, Long> loadedBySource,
      List<String> mismatches) {
    List<FileAccounting> result = new ArrayList<>();
    for (SourceLayout layout : delivery.fresh()) {
      InputFile file = layout.file();
      Tally t = Tally.of(outcome.tallies(), file);
      long loaded = loadedBySource == null ? t.unique : loadedBySource.getOrDefault(Tally.sourceKey(loadedBySource.keySet(), file.path()), 0L);
      FileAccounting fa = new FileAccounting(file.path(), file.digest(), FileAccounting.Status.INGESTED, t.read, loaded,
          t.duplicates, t.filteredByRule, t.reasons, delivery.earlier().getOrDefault(file.path(), List.of()));
      if (!fa.balances() || t.duplicates < 0 || loaded != t.unique || fa.filtered() != t.filtered) {
        mismatches.add(String.format(Locale.ROOT, "%s: %s read %d, loaded %d (expected %d), quarantined %d, duplicates %d, filtered %d",
            feed.feedName(), file.path(), t.read, loaded, t.unique, fa.quarantined(), t.duplicates, t.filtered));
      }
      LOG.info("{}: {} read {}, loaded {}, quarantined {}, duplicates {}, filtered {}{}", feed.feedName(), file.path(),
          t.read, loaded, fa.quarantined(), t.duplicates, t.filtered, fa.filteredByRule().isEmpty() ? "" : " " + fa.filteredByRule());
      result.add(fa);
    }
    return result;
  }

  // ---- side effects, last

  private Path quarantineRoot(Feed feed, String batch) {
    return new WarehouseLayout(warehouse).quarantine(feed.feedName(), batch);
  }

  /** Quarantined rows of every file read, a rejected one's included (its rejection may point here). */
  private void writeQuarantine(Feed feed, Dataset<Row> validated, Path quarantine) {
    if (!Arrays.asList(validated.columns()).contains("reason")) {
      return;
    }
    Dataset<Row> quarantined = RowValidation.quarantinedRows(validated, feed);
    quarantined.coalesce(1).write().mode(SaveMode.Overwrite).parquet(quarantine.toString());
  }

  private void commit(Configuration hadoop, IngestedStore store, Path staging, String batch, Instant ingestedAt,
      Delivery delivery, List<FileAccounting> files) {
    try {
      FileSystem fs = staging.getFileSystem(hadoop);
      long read = files.stream().mapToLong(FileAccounting::read).sum();
      // Written before the rename, effective only once the batch exists: the replacement of earlier
      // file versions becomes visible in the same step as the new rows.
      store.recordBatch(fs, new IngestedStore.BatchRecord(batch, ingestedAt, read, delivery.replacing()));
      Path target = store.batchDirectory(batch);
      if (!fs.rename(staging, target)) {
        throw new IOException("rename of " + staging + " to " + target + " reported failure");
      }
      for (FileAccounting f : files) {
        if (f.status() == FileAccounting.Status.INGESTED) {
          store.recordFile(fs, new IngestedStore.FileRecord(f.file(), f.digest(), batch,
              new Path(f.file()).toUri().toString(), f.read(), f.loaded()));
        }
      }
      fs.delete(store.staging(), true);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot commit ingested batch " + batch + " of " + store.root() + ": " + e.getMessage(), e);
    }
  }

  private ZoneId zone() {
    return businessZone != null ? businessZone : ZoneId.of(spark.conf().get("spark.sql.session.timeZone"));
  }

  private static void delete(Configuration hadoop, Path path) {
    try {
      path.getFileSystem(hadoop).delete(path, true);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", path, e.getMessage());
    }
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
