package io.github.customertiers.pipeline.run;

import java.time.LocalDate;
import org.apache.hadoop.fs.Path;

/**
 * Where things live under the warehouse root (a contract: documented in docs/OPERATIONS.md).
 * <pre>
 * ingested/&lt;feed&gt;/batch=&lt;id&gt;/event_date=D/   stored input rows
 * quarantine/&lt;feed&gt;/batch=&lt;id&gt;/          rejected rows with file, record number, reason
 * segments/as_of=D/                          segment table (Parquet) + _manifest.json + _model.json
 * exports/as_of=D/&lt;tier&gt;.csv                marketing files
 * migrations/as_of=D/                        from-tier by to-tier counts and revenue against the previous date
 * _locks/                                    one lock per as-of date, one for ingest
 * _staging/&lt;run&gt;/                          run-private work area, never read by consumers
 * _trash/&lt;run&gt;/                            replaced versions, deleted after publish
 * </pre>
 */
public record WarehouseLayout(Path root) {
  public WarehouseLayout(String root) {
    this(new Path(root));
  }

  public Path segments(LocalDate asOf) { return new Path(new Path(root, "segments"), "as_of=" + asOf); }

  public Path exports(LocalDate asOf) { return new Path(new Path(root, "exports"), "as_of=" + asOf); }

  public Path migrations(LocalDate asOf) { return new Path(new Path(root, "migrations"), "as_of=" + asOf); }

  public Path staging(String runId) { return new Path(new Path(root, "_staging"), runId); }

  public Path trash(String runId) { return new Path(new Path(root, "_trash"), runId); }
}
