package io.github.customertiers.pipeline.publish;

/**
 * Counts the CSV records of a byte stream fed in chunks: line ends outside quoted fields (a doubled
 * quote toggles twice), plus an unterminated last line.
 */
final class CsvRecordCount {
  private long records;
  private boolean quoted;
  private boolean pending;

  void scan(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (b == '"') {
        quoted = !quoted;
      } else if (b == '\n' && !quoted) {
        records++;
        pending = false;
        continue;
      }
      if (b != '\r') {
        pending = true;
      }
    }
  }

  long total() {
    return records + (pending ? 1 : 0);
  }
}
