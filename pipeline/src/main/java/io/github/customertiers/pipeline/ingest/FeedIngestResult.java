package io.github.customertiers.pipeline.ingest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Accounting of one feed's ingest: per file, and totals. */
public record FeedIngestResult(String feed, String batch, List<FileAccounting> files, long durationMs) {
  public FeedIngestResult {
    files = List.copyOf(files);
  }

  public long read() { return files.stream().mapToLong(FileAccounting::read).sum(); }

  public long loaded() { return files.stream().mapToLong(FileAccounting::loaded).sum(); }

  public long duplicates() { return files.stream().mapToLong(FileAccounting::duplicates).sum(); }

  public long quarantined() { return files.stream().mapToLong(FileAccounting::quarantined).sum(); }

  public Map<String, Long> quarantinedByReason() {
    Map<String, Long> total = new TreeMap<>();
    files.forEach(f -> f.quarantinedByReason().forEach((r, n) -> total.merge(r, n, Long::sum)));
    return total;
  }

  public long skippedFiles() {
    return files.stream().filter(f -> f.status() == FileAccounting.Status.ALREADY_INGESTED).count();
  }
}
