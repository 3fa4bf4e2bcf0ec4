package io.github.customertiers.pipeline.publish;

import java.time.LocalDate;
import org.apache.hadoop.fs.Path;

/**
 * Where things live under the warehouse root: the one place that builds warehouse paths (a
 * contract, documented in docs/OPERATIONS.md and docs/ARCHITECTURE.md).
 * <pre>
 * ingested/&lt;feed&gt;/batch=&lt;id&gt;/event_date=D/   stored input rows
 * ingested/&lt;feed&gt;/_files/, _batches/, _staging/   the feed store's registries and its work area
 * quarantine/&lt;feed&gt;/batch=&lt;id&gt;/          rejected rows with file, record number, reason
 * published/as_of=D/_CURRENT                 names the live version of the date (replaced atomically)
 * published/as_of=D/current                  local filesystems: a symlink to the same version
 * published/as_of=D/v=&lt;version&gt;/segments/    segment table (Parquet) + _manifest.json + _model.json
 * published/as_of=D/v=&lt;version&gt;/exports/&lt;tier&gt;.csv   marketing files
 * published/as_of=D/v=&lt;version&gt;/migrations/  from-tier by to-tier counts and revenue against the previous date
 * delta/segments/, delta/migrations/          publish.delta: the history as Delta Lake tables partitioned by as_of
 * _locks/&lt;name&gt;.lock                        one lock per as-of date, one for ingest
 * _staging/&lt;run&gt;/                          run-private work area, never read by consumers
 * _backtest/&lt;calibration end&gt;_&lt;holdout end&gt;.json   backtests kept for the report
 * _backtest/&lt;run&gt;/                         a backtest's scratch warehouse (deleted when it ends)
 * </pre>
 * Before 0.2.0 a date was published as {@code segments/as_of=D/}, {@code exports/as_of=D/} and
 * {@code migrations/as_of=D/}; those "legacy" directories are still read for history.
 */
public record WarehouseLayout(Path root) {
  public static final String POINTER = "_CURRENT";
  public static final String CURRENT_LINK = "current";
  public static final String VERSION_PREFIX = "v=";
  public static final String DATE_PREFIX = "as_of=";
  public static final String BATCH_PREFIX = "batch=";

  public WarehouseLayout(String root) {
    this(new Path(root));
  }

  /** Everything published for the dates: one directory per as-of date. */
  public Path published() { return new Path(root, "published"); }

  /** The date's directory: its pointer and its versions. */
  public Path published(LocalDate asOf) { return new Path(published(), DATE_PREFIX + asOf); }

  /** The file naming the live version of the date. */
  public Path pointer(LocalDate asOf) { return new Path(published(asOf), POINTER); }

  /** One complete version of the date: segments/, exports/ and migrations/. */
  public Path version(LocalDate asOf, String version) { return new Path(published(asOf), version); }

  /** The Delta Lake tables of the history ({@code publish.delta}): {@code delta/segments}, {@code delta/migrations}. */
  public Path deltaTable(String name) { return new Path(new Path(root, "delta"), name); }

  /** The backtests kept for the report ({@code tiers backtest}): {@code _backtest/<calibration end>_<holdout end>.json}. */
  public Path backtests() { return new Path(root, "_backtest"); }

  /** The default scratch warehouse of the backtest run {@code runId}: {@code _backtest/<run>} (deleted when it ends). */
  public Path backtestScratch(String runId) { return new Path(backtests(), runId); }

  /** The parent of the pre-0.2.0 {@code segments/as_of=D/} directories. */
  public Path legacySegments() { return new Path(root, "segments"); }

  public Path legacySegments(LocalDate asOf) { return new Path(legacySegments(), DATE_PREFIX + asOf); }

  public Path legacyExports(LocalDate asOf) { return new Path(new Path(root, "exports"), DATE_PREFIX + asOf); }

  public Path legacyMigrations(LocalDate asOf) { return new Path(new Path(root, "migrations"), DATE_PREFIX + asOf); }

  /** The runs' private work areas. */
  public Path staging() { return new Path(root, "_staging"); }

  public Path staging(String runId) { return new Path(staging(), runId); }

  /** The lock file of {@code name} (an as-of date's {@code as_of=D}, or {@code ingest}). */
  public Path lock(String name) { return new Path(new Path(root, "_locks"), name + ".lock"); }

  /** The name of the lock of one as-of date. */
  public static String dateLockName(LocalDate asOf) { return DATE_PREFIX + asOf; }

  /** The stored rows of a feed: one {@code batch=<id>/} per ingest. */
  public Path ingested(String feed) { return new Path(ingestedRoot(), feed); }

  /** The stored input rows of every feed. */
  public Path ingestedRoot() { return new Path(root, "ingested"); }

  public Path ingestedBatch(String feed, String batch) { return new Path(ingested(feed), BATCH_PREFIX + batch); }

  /** Registry of the files a feed ingested ({@code <sha256>.json}). */
  public Path ingestedFiles(String feed) { return new Path(ingested(feed), "_files"); }

  /** Registry of a feed's committed batches ({@code <batch>.json}). */
  public Path ingestedBatches(String feed) { return new Path(ingested(feed), "_batches"); }

  /** Work area of a feed's ingest, renamed into a batch on commit. */
  public Path ingestStaging(String feed) { return new Path(ingested(feed), "_staging"); }

  public Path ingestStaging(String feed, String batch) { return new Path(ingestStaging(feed), batch); }

  /** Rows one ingest of a feed quarantined. */
  public Path quarantine(String feed, String batch) {
    return new Path(new Path(new Path(root, "quarantine"), feed), BATCH_PREFIX + batch);
  }

  /** The segment table inside a version (or staged version) directory. */
  public static Path segmentsIn(Path versionDir) { return new Path(versionDir, "segments"); }

  public static Path exportsIn(Path versionDir) { return new Path(versionDir, "exports"); }

  public static Path migrationsIn(Path versionDir) { return new Path(versionDir, "migrations"); }

  /** The run manifest beside a segment table. */
  public static Path manifestIn(Path segmentsDir) { return new Path(segmentsDir, "_manifest.json"); }

  public static Path segmentModelIn(Path segmentsDir) { return new Path(segmentsDir, "_model.json"); }

  public static Path valueModelIn(Path segmentsDir) { return new Path(segmentsDir, "_value_model.json"); }

  /** The carried win-back list (Parquet) inside a version directory (actions/ActionExports). */
  public static Path winBackIn(Path versionDir) { return new Path(versionDir, "win_back"); }

  /** The pseudonymised consumers' folders inside a version directory (publish/ConsumerExports). */
  public static Path consumersIn(Path versionDir) { return new Path(versionDir, "consumers"); }
}
