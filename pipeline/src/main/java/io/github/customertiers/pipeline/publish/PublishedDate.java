package io.github.customertiers.pipeline.publish;

import java.time.LocalDate;
import org.apache.hadoop.fs.Path;

/**
 * The live version of one published as-of date, resolved through its pointer.
 *
 * @param version the version directory's name ({@code v=...}), or {@code legacy} for a date
 *     published before 0.2.0 under {@code segments/as_of=D/}
 * @param segments the segment table (Parquet, with {@code _manifest.json})
 * @param exports the per-tier CSV files
 * @param migrations the migration matrix (Parquet)
 */
public record PublishedDate(LocalDate asOf, String version, Path segments, Path exports, Path migrations) {
  public static final String LEGACY = "legacy";

  public boolean legacy() {
    return LEGACY.equals(version);
  }
}
