package io.github.customertiers.pipeline.ingest;

/**
 * One delivered export file.
 *
 * @param path fully qualified Hadoop path
 * @param format csv or parquet
 * @param sizeBytes length of the file
 * @param digest SHA-256 of the file's bytes, hex
 */
public record InputFile(String path, Format format, long sizeBytes, String digest) {

  /** File formats read by the canonical ingest. */
  public enum Format { CSV, PARQUET }
}
