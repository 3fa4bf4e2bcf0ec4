package io.github.customertiers.pipeline.ingest;

import java.time.LocalDate;
import java.util.Locale;

/**
 * One delivered export file.
 *
 * @param path fully qualified Hadoop path
 * @param format how the file is read
 * @param sizeBytes length of the file
 * @param digest SHA-256 of the file's bytes, hex
 * @param deliveryDate the date in the file's path below the configured input ({@link DeliveryDate}); null when undated
 */
public record InputFile(String path, Format format, long sizeBytes, String digest, LocalDate deliveryDate) {

  /** An undated file. */
  public InputFile(String path, Format format, long sizeBytes, String digest) {
    this(path, format, sizeBytes, digest, null);
  }

  /** File formats the ingest reads. */
  public enum Format { CSV, PARQUET, JSONL, FIXED_WIDTH, WHITESPACE }

  /** True for gzip-compressed text files. */
  public boolean gzipped() {
    return path.toLowerCase(Locale.ROOT).endsWith(".gz");
  }

  /** The last element of the path. */
  public String name() {
    return new org.apache.hadoop.fs.Path(path).getName();
  }
}
