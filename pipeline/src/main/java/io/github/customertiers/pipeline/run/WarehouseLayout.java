package io.github.customertiers.pipeline.run;

import java.time.LocalDate;
import org.apache.hadoop.fs.Path;

/**
 * Where things live under the warehouse root (a contract: documented in docs/OPERATIONS.md).
 * <pre>
 * ingested/&lt;feed&gt;/batch=&lt;id&gt;/event_date=D/   stored input rows
 * quarantine/&lt;feed&gt;/batch=&lt;id&gt;/          rejected rows with file, record number, reason
 * published/as_of=D/_CURRENT                 names the live version of the date (replaced atomically)
 * published/as_of=D/current                  local filesystems: a symlink to the same version
 * published/as_of=D/v=&lt;version&gt;/segments/    segment table (Parquet) + _manifest.json + _model.json
 * published/as_of=D/v=&lt;version&gt;/exports/&lt;tier&gt;.csv   marketing files
 * published/as_of=D/v=&lt;version&gt;/migrations/  from-tier by to-tier counts and revenue against the previous date
 * _locks/                                    one lock per as-of date, one for ingest
 * _staging/&lt;run&gt;/                          run-private work area, never read by consumers
 * </pre>
 * Before 0.2.0 a date was published as {@code segments/as_of=D/}, {@code exports/as_of=D/} and
 * {@code migrations/as_of=D/}; those "legacy" directories are still read for history.
 */
public record WarehouseLayout(Path root) {
  public static final String POINTER = "_CURRENT";
  public static final String CURRENT_LINK = "current";
  public static final String VERSION_PREFIX = "v=";

  public WarehouseLayout(String root) {
    this(new Path(root));
  }

  /** Everything published for the dates: one directory per as-of date. */
  public Path published() { return new Path(root, "published"); }

  /** The date's directory: its pointer and its versions. */
  public Path published(LocalDate asOf) { return new Path(published(), "as_of=" + asOf); }

  /** The file naming the live version of the date. */
  public Path pointer(LocalDate asOf) { return new Path(published(asOf), POINTER); }

  /** One complete version of the date: segments/, exports/ and migrations/. */
  public Path version(LocalDate asOf, String version) { return new Path(published(asOf), version); }

  public Path legacySegments(LocalDate asOf) { return new Path(new Path(root, "segments"), "as_of=" + asOf); }

  public Path legacyExports(LocalDate asOf) { return new Path(new Path(root, "exports"), "as_of=" + asOf); }

  public Path legacyMigrations(LocalDate asOf) { return new Path(new Path(root, "migrations"), "as_of=" + asOf); }

  public Path staging(String runId) { return new Path(new Path(root, "_staging"), runId); }

  /** The segment table inside a version (or staged version) directory. */
  public static Path segmentsIn(Path versionDir) { return new Path(versionDir, "segments"); }

  public static Path exportsIn(Path versionDir) { return new Path(versionDir, "exports"); }

  public static Path migrationsIn(Path versionDir) { return new Path(versionDir, "migrations"); }
}
