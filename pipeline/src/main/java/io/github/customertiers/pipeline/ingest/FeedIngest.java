package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.config.FeedSpec;
import io.github.customertiers.pipeline.config.FeedSpecs;
import io.github.customertiers.pipeline.config.QualityOptions;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
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
    Delivery delivery = plan(feed, spec, inputs, store, hadoop, false);
    if (delivery.fresh().isEmpty()) {
      return new FeedIngestResult(feed.feedName(), null, delivery.skipped(), elapsedMs(started), List.of(), delivery.rejected());
    }
    spark.sparkContext().setJobGroup("ingest " + feed.feedName(),
        "ingest " + delivery.fresh().size() + " " + feed.feedName() + " file(s)", false);
    try {
      Read read = read(feed, spec, delivery, ingestedAt);
      try {
        List<String> warnings = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Problem p : fileChecks(feed, spec, delivery, read.tallies(), warnings, batch)) {
          if (p.dated()) {
            delivery = delivery.rejecting(feed, p);
          } else {
            failures.add(p.message());
          }
        }
        failures.addAll(volumeCheck(feed, spec, store, hadoop, delivery, read.tallies(), warnings));
        writeQuarantine(feed, read.validated(), batch);
        if (!failures.isEmpty()) {
          throw new InvalidInputException(String.join("; ", failures));
        }
        if (delivery.fresh().isEmpty()) {
          warnings.forEach(w -> LOG.warn("{}", w));
          return new FeedIngestResult(feed.feedName(), null, delivery.skipped(), elapsedMs(started), warnings, delivery.rejected());
        }
        Outcome outcome = deduplicate(feed, store, delivery, read);
        try {
          Path staging = store.staging(batch);
          // One file per day and batch, not one per day and shuffle partition.
          outcome.newRows().repartition(col("event_date")).sortWithinPartitions(col("customer_id"), col("ts"))
              .write().mode(SaveMode.Overwrite).partitionBy("event_date").parquet(staging.toString());
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
    Delivery delivery = plan(feed, spec, inputs, store, hadoop, true);
    List<FileAccounting> accounting = new ArrayList<>(delivery.skipped());
    List<String> failures = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (delivery.fresh().isEmpty()) {
      return new FeedValidation(feed.feedName(), accounting, delivery.rejectedByFile(), failures, warnings);
    }
    spark.sparkContext().setJobGroup("validate " + feed.feedName(),
        "dry run of " + delivery.fresh().size() + " " + feed.feedName() + " file(s)", false);
    try {
      Read read = read(feed, spec, delivery, ingestedAt);
      try {
        fileChecks(feed, spec, delivery, read.tallies(), warnings, null).forEach(p -> failures.add(p.message()));
        failures.addAll(volumeCheck(feed, spec, store, hadoop, delivery, read.tallies(), warnings));
        Outcome outcome = deduplicate(feed, store, delivery, read);
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

  // ---- planning: which files are new, how each is laid out, which earlier versions they replace

  /**
   * The files of one delivery: skipped ones (same content ingested before), new ones with their
   * probed layout, earlier versions they replace, and files rejected (that cannot be read as
   * configured, or failed a check of their own).
   */
  private record Delivery(List<FileAccounting> skipped, List<SourceLayout> fresh, Map<String, List<EarlierVersion>> earlier,
      List<RejectedFile> rejected) {

    List<SourceLayout> readable() {
      return fresh.stream().filter(l -> !l.empty()).toList();
    }

    List<EarlierVersion> replacing() {
      return earlier.values().stream().flatMap(List::stream).toList();
    }

    Map<String, String> rejectedByFile() {
      Map<String, String> out = new LinkedHashMap<>();
      rejected.forEach(r -> out.put(r.file(), r.reason()));
      return out;
    }

    /** Without the files of a problem: they are rejected for its reason (added to an earlier reason). */
    Delivery rejecting(Feed feed, Problem problem) {
      Set<String> paths = new HashSet<>();
      problem.files().forEach(f -> paths.add(f.path()));
      List<RejectedFile> now = new ArrayList<>(rejected);
      for (InputFile f : problem.files()) {
        int i = indexOf(now, f.path());
        if (i < 0) {
          now.add(new RejectedFile(feed.feedName(), f.path(), f.deliveryDate(), problem.message()));
        } else {
          now.set(i, now.get(i).because(problem.message()));
        }
      }
      now.stream().filter(r -> paths.contains(r.file()))
          .forEach(r -> LOG.warn("{}: delivery of {} rejected: {}", r.feed(), r.deliveryDate(), r.describe()));
      Map<String, List<EarlierVersion>> versions = new LinkedHashMap<>(earlier);
      versions.keySet().removeAll(paths);
      return new Delivery(skipped, fresh.stream().filter(l -> !paths.contains(l.file().path())).toList(), versions, now);
    }

    private static int indexOf(List<RejectedFile> files, String path) {
      for (int i = 0; i < files.size(); i++) {
        if (files.get(i).file().equals(path)) {
          return i;
        }
      }
      return -1;
    }
  }

  /**
   * Lists and probes the inputs. A file that cannot be read as configured is rejected when it is
   * dated or in a dry run; otherwise it fails the ingest.
   */
  private Delivery plan(Feed feed, FeedSpec spec, List<String> inputs, IngestedStore store, Configuration hadoop,
      boolean dryRun) {
    List<InputFile> files = InputFiles.list(hadoop, feed, spec.format(), inputs);
    Set<String> known = store.knownDigests(hadoop);
    List<IngestedStore.FileRecord> registry = store.fileRecords(hadoop);
    List<FileAccounting> skipped = new ArrayList<>();
    List<SourceLayout> fresh = new ArrayList<>();
    Map<String, List<EarlierVersion>> earlier = new LinkedHashMap<>();
    List<RejectedFile> rejected = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (InputFile file : files) {
      if (known.contains(file.digest()) || !seen.add(file.digest())) {
        LOG.info("{}: {} was ingested before (same content); skipped", feed.feedName(), file.path());
        skipped.add(FileAccounting.alreadyIngested(file));
        continue;
      }
      try {
        SourceLayout layout = InputProbe.probe(hadoop, feed, spec, file);
        if (!layout.empty() && layout.columns() != null) {
          FeedMapping.resolve(feed, spec, layout.columns(), List.of(file));
        }
        fresh.add(layout);
      } catch (InvalidInputException e) {
        if (!dryRun && file.deliveryDate() == null) {
          throw e;
        }
        RejectedFile r = new RejectedFile(feed.feedName(), file.path(), file.deliveryDate(), e.getMessage());
        if (!dryRun) {
          LOG.warn("{}: delivery of {} rejected: {}", r.feed(), r.deliveryDate(), r.describe());
        }
        rejected.add(r);
        continue;
      }
      List<EarlierVersion> versions = registry.stream()
          .filter(r -> r.file().equals(file.path()) && !r.digest().equals(file.digest()))
          .map(r -> new EarlierVersion(r.digest(), r.batch(), r.sourceFile(), r.loaded()))
          .toList();
      if (!versions.isEmpty()) {
        LOG.info("{}: {} is a new version of a file ingested before; it replaces the rows of {} earlier version(s)",
            feed.feedName(), file.path(), versions.size());
        earlier.put(file.path(), versions);
      }
    }
    return new Delivery(skipped, fresh, earlier, rejected);
  }

  // ---- evaluation: one read, one validation, the duplicates; nothing written

  /** The validated records of every readable new file (persisted), and per-file tallies. */
  private record Read(Dataset<Row> validated, Map<String, Tally> tallies) {
    void release() {
      validated.unpersist();
    }
  }

  /** The rows to store, flagged as duplicates or not, and the tallies completed with duplicates. */
  private record Outcome(Dataset<Row> flagged, Map<String, Tally> tallies) {
    Dataset<Row> newRows() {
      return flagged.filter(not(col("_duplicate"))).drop("_duplicate");
    }

    void release() {
      flagged.unpersist();
    }
  }

  /** What became of the records of one file (keyed by Spark's spelling of its path). */
  private static final class Tally {
    long read;
    long filtered;
    long valid;
    long duplicates;
    long unique;
    final Map<String, Long> reasons = new HashMap<>();
  }

  private Read read(Feed feed, FeedSpec spec, Delivery delivery, Instant ingestedAt) {
    Map<String, Tally> tallies = new HashMap<>();
    List<SourceLayout> readable = delivery.readable();
    if (readable.isEmpty()) {
      return new Read(spark.createDataFrame(List.of(), feed.storedSchema()), tallies);
    }
    ZoneId tsZone = spec.timeZone() != null ? spec.timeZone() : zone();
    Dataset<Row> raw = RawFeedReader.read(spark, feed, spec, tsZone, readable);
    Dataset<Row> validated = RowValidation.validate(raw, feed, ingestedAt, quality.maxAmount(), spec.timestampFormats(), tsZone)
        .persist(StorageLevel.MEMORY_AND_DISK());
    // One scan counts every file's records by outcome.
    for (Row r : validated.groupBy(col("source_file"), col("reason"), col("filtered")).agg(count(lit(1)).as("n")).collectAsList()) {
      Tally t = tallies.computeIfAbsent(r.getString(0), f -> new Tally());
      long n = r.getLong(3);
      t.read += n;
      if (!r.isNullAt(1)) {
        t.reasons.merge(r.getString(1), n, Long::sum);
      } else if (r.getBoolean(2)) {
        t.filtered += n;
      } else {
        t.valid += n;
      }
    }
    return new Read(validated, tallies);
  }

  /**
   * Flags the valid rows of the delivery's files (rejected files left out) that are duplicates: of an
   * earlier row in this delivery, or of a row stored before.
   */
  private Outcome deduplicate(Feed feed, IngestedStore store, Delivery delivery, Read read) {
    Map<String, Tally> tallies = read.tallies();
    if (delivery.readable().isEmpty()) {
      return new Outcome(spark.createDataFrame(List.of(), feed.storedSchema()).withColumn("_duplicate", lit(false)), tallies);
    }
    Object[] rejectedSources = delivery.rejected().stream()
        .map(r -> sourceKey(tallies.keySet(), r.file())).filter(tallies::containsKey).distinct().toArray();
    Dataset<Row> validated = rejectedSources.length == 0 ? read.validated()
        : read.validated().filter(not(col("source_file").isin(rejectedSources)));
    Dataset<Row> valid = RowValidation.validRows(validated, feed, zone());
    List<String> keys = feed.canonicalColumns();
    Column[] keyCols = keys.stream().map(c -> col(c)).toArray(Column[]::new);
    // Exact duplicates keep their first occurrence (by file, then record number): deterministic.
    Dataset<Row> ranked = valid.withColumn("_first",
        row_number().over(Window.partitionBy(keyCols).orderBy(col("source_file"), col("record_number"))).equalTo(lit(1)));
    Dataset<Row> stored = store.visible(spark, delivery.replacing());
    Column[] storedKeyCols = keys.stream().map(c -> col(c).as("_s_" + c)).toArray(Column[]::new);
    Dataset<Row> storedKeys = stored.select(storedKeyCols).distinct().withColumn("_in_store", lit(true));
    Column sameRow = null;
    for (String k : keys) {
      Column eq = ranked.col(k).eqNullSafe(storedKeys.col("_s_" + k));
      sameRow = sameRow == null ? eq : sameRow.and(eq);
    }
    Column[] storedCols = Arrays.stream(feed.storedSchema().fieldNames()).map(c -> ranked.col(c)).toArray(Column[]::new);
    Column[] out = Arrays.copyOf(storedCols, storedCols.length + 1);
    out[storedCols.length] = not(col("_first")).or(coalesce(col("_in_store"), lit(false))).as("_duplicate");
    Dataset<Row> flagged = ranked.join(storedKeys, sameRow, "left").select(out).persist(StorageLevel.MEMORY_AND_DISK());
    for (Row r : flagged.groupBy(col("source_file"))
        .agg(sum(when(col("_duplicate"), lit(1L)).otherwise(lit(0L))), sum(when(col("_duplicate"), lit(0L)).otherwise(lit(1L))))
        .collectAsList()) {
      Tally t = tallies.computeIfAbsent(r.getString(0), f -> new Tally());
      t.duplicates = r.getLong(1);
      t.unique = r.getLong(2);
    }
    return new Outcome(flagged, tallies);
  }

  // ---- checks and accounting

  /** A failed check and the files it concerns; dated when every one of them has a delivery date. */
  private record Problem(String message, List<InputFile> files) {
    boolean dated() {
      return !files.isEmpty() && files.stream().allMatch(f -> f.deliveryDate() != null);
    }
  }

  /**
   * The checks of files and deliveries: a new file without data rows, and the quarantine rate of
   * each delivery (the new files sharing a delivery date; the undated files together).
   */
  private List<Problem> fileChecks(Feed feed, FeedSpec spec, Delivery delivery, Map<String, Tally> tallies,
      List<String> warnings, String batch) {
    List<Problem> problems = new ArrayList<>();
    Map<LocalDate, List<SourceLayout>> byDeliveryDate = new LinkedHashMap<>();
    for (SourceLayout layout : delivery.fresh()) {
      byDeliveryDate.computeIfAbsent(layout.file().deliveryDate(), d -> new ArrayList<>()).add(layout);
      if (tally(tallies, layout.file()).read == 0) {
        String problem = feed.feedName() + ": " + layout.file().path() + ": 0 data rows (the file is empty or holds only a header);"
            + " expected at least 1";
        if (spec.emptyFiles() == FeedSpec.OnProblem.FAIL) {
          problems.add(new Problem(problem, List.of(layout.file())));
        } else {
          warnings.add(problem);
        }
      }
    }
    double maxRate = spec.maxQuarantineRate() != null ? spec.maxQuarantineRate() : quality.maxQuarantineRate();
    String rateKey = spec.maxQuarantineRate() != null ? "feeds." + feed.feedName() + ".max_quarantine_rate" : "quality.max_quarantine_rate";
    for (List<SourceLayout> files : byDeliveryDate.values()) {
      long readTotal = 0;
      long quarantinedTotal = 0;
      List<String> quarantinedFiles = new ArrayList<>();
      for (SourceLayout layout : files) {
        Tally t = tally(tallies, layout.file());
        readTotal += t.read;
        long q = t.reasons.values().stream().mapToLong(Long::longValue).sum();
        quarantinedTotal += q;
        if (q > 0) {
          quarantinedFiles.add(layout.file().path() + " " + new java.util.TreeMap<>(t.reasons));
        }
      }
      if (readTotal > 0 && (double) quarantinedTotal / readTotal > maxRate) {
        double rate = (double) quarantinedTotal / readTotal;
        problems.add(new Problem(String.format(Locale.ROOT, "%s: %d of %d rows quarantined (%.2f%%), above %s %.2f%%; files: %s%s",
            feed.feedName(), quarantinedTotal, readTotal, rate * 100, rateKey, maxRate * 100, quarantinedFiles,
            batch == null ? "" : "; see " + quarantineRoot(feed, batch)), files.stream().map(SourceLayout::file).toList()));
      }
    }
    return problems;
  }

  /** The delivery's volume (the rows read from its new files) against the feed's recent deliveries. */
  private List<String> volumeCheck(Feed feed, FeedSpec spec, IngestedStore store, Configuration hadoop, Delivery delivery,
      Map<String, Tally> tallies, List<String> warnings) {
    long readTotal = delivery.fresh().stream().mapToLong(l -> tally(tallies, l.file()).read).sum();
    FeedSpec.VolumeCheck volume = spec.volume();
    if (volume.minRatio() <= 0 || readTotal == 0) {
      return List.of();
    }
    List<IngestedStore.BatchRecord> history = store.committedBatches(hadoop).stream().filter(b -> b.read() > 0).toList();
    if (history.size() < volume.minHistory()) {
      return List.of();
    }
    List<Long> recent = history.subList(Math.max(0, history.size() - volume.history()), history.size()).stream()
        .map(IngestedStore.BatchRecord::read).sorted().toList();
    double median = recent.size() % 2 == 1 ? recent.get(recent.size() / 2)
        : (recent.get(recent.size() / 2 - 1) + recent.get(recent.size() / 2)) / 2.0;
    double minimum = volume.minRatio() * median;
    if (readTotal >= minimum) {
      return List.of();
    }
    String problem = String.format(Locale.ROOT,
        "%s: this delivery has %d rows in %s, far below the usual volume: median %.0f rows over the last %d deliveries,"
            + " expected at least %.0f (feeds.%s.volume.min_ratio %.2f)",
        feed.feedName(), readTotal, delivery.fresh().stream().map(l -> l.file().path()).toList(), median, recent.size(),
        Math.ceil(minimum), feed.feedName(), volume.minRatio());
    if (volume.onLow() == FeedSpec.OnProblem.FAIL) {
      return List.of(problem);
    }
    warnings.add(problem);
    return List.of();
  }

  /**
   * The accounting of each new file. {@code loadedBySource} holds what was written (null in a dry
   * run: what would be written); every file must balance, else a message goes to {@code mismatches}.
   */
  private List<FileAccounting> account(Feed feed, Delivery delivery, Outcome outcome, Map<String, Long> loadedBySource,
      List<String> mismatches) {
    List<FileAccounting> result = new ArrayList<>();
    for (SourceLayout layout : delivery.fresh()) {
      InputFile file = layout.file();
      Tally t = tally(outcome.tallies(), file);
      long loaded = loadedBySource == null ? t.unique : loadedBySource.getOrDefault(sourceKey(loadedBySource.keySet(), file.path()), 0L);
      FileAccounting fa = new FileAccounting(file.path(), file.digest(), FileAccounting.Status.INGESTED, t.read, loaded,
          t.duplicates, t.filtered, t.reasons, delivery.earlier().getOrDefault(file.path(), List.of()));
      if (!fa.balances() || t.valid != t.duplicates + t.unique || loaded != t.unique) {
        mismatches.add(String.format(Locale.ROOT, "%s: %s read %d, loaded %d (expected %d), quarantined %d, duplicates %d, filtered %d",
            feed.feedName(), file.path(), t.read, loaded, t.unique, fa.quarantined(), t.duplicates, t.filtered));
      }
      LOG.info("{}: {} read {}, loaded {}, quarantined {}, duplicates {}, filtered {}", feed.feedName(), file.path(),
          t.read, loaded, fa.quarantined(), t.duplicates, t.filtered);
      result.add(fa);
    }
    return result;
  }

  private static Tally tally(Map<String, Tally> tallies, InputFile file) {
    return tallies.getOrDefault(sourceKey(tallies.keySet(), file.path()), new Tally());
  }

  /** Spark reports file paths in its own URI spelling; match them to our listing. */
  private static String sourceKey(Set<String> sources, String file) {
    String spelled = new Path(file).toUri().toString();
    if (sources.contains(spelled)) {
      return spelled;
    }
    String bare = new Path(file).toUri().getPath();
    for (String s : sources) {
      if (new Path(s).toUri().getPath().equals(bare)) {
        return s;
      }
    }
    return spelled;
  }

  // ---- side effects, last

  private Path quarantineRoot(Feed feed, String batch) {
    return new Path(new Path(new Path(warehouse, "quarantine"), feed.feedName()), "batch=" + batch);
  }

  /** Quarantined rows of every file read, a rejected one's included (its rejection may point here). */
  private void writeQuarantine(Feed feed, Dataset<Row> validated, String batch) {
    if (!Arrays.asList(validated.columns()).contains("reason")) {
      return;
    }
    Dataset<Row> quarantined = RowValidation.quarantinedRows(validated, feed);
    quarantined.coalesce(1).write().mode(SaveMode.Overwrite).parquet(quarantineRoot(feed, batch).toString());
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
      fs.delete(new Path(store.root(), "_staging"), true);
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
