package io.github.customertiers.pipeline.ingest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accounting of one feed's ingest: per file, and totals; warnings of checks configured to warn; dated
 * files that were rejected while the others were loaded ({@code batch} is null when nothing new was loaded).
 */
public record FeedIngestResult(String feed, String batch, List<FileAccounting> files, long durationMs, List<String> warnings,
    List<RejectedFile> rejected) {
  public FeedIngestResult {
    files = List.copyOf(files);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }

  public FeedIngestResult(String feed, String batch, List<FileAccounting> files, long durationMs, List<String> warnings) {
    this(feed, batch, files, durationMs, warnings, List.of());
  }

  public long read() { return files.stream().mapToLong(FileAccounting::read).sum(); }

  public long loaded() { return files.stream().mapToLong(FileAccounting::loaded).sum(); }

  public long duplicates() { return files.stream().mapToLong(FileAccounting::duplicates).sum(); }

  public long filtered() { return files.stream().mapToLong(FileAccounting::filtered).sum(); }

  public long quarantined() { return files.stream().mapToLong(FileAccounting::quarantined).sum(); }

  /** Records filtered out, by the filter rule that matched them first, over all files. */
  public Map<String, Long> filteredByRule() {
    Map<String, Long> total = new TreeMap<>();
    files.forEach(f -> f.filteredByRule().forEach((r, n) -> total.merge(r, n, Long::sum)));
    return total;
  }

  public Map<String, Long> quarantinedByReason() {
    Map<String, Long> total = new TreeMap<>();
    files.forEach(f -> f.quarantinedByReason().forEach((r, n) -> total.merge(r, n, Long::sum)));
    return total;
  }

  public long skippedFiles() {
    return files.stream().filter(f -> f.status() == FileAccounting.Status.ALREADY_INGESTED).count();
  }

  /** Rows of earlier versions of re-delivered files that this ingest replaced. */
  public long rowsReplaced() {
    return files.stream().flatMap(f -> f.replaces().stream()).mapToLong(EarlierVersion::rowsWithdrawn).sum();
  }
}
