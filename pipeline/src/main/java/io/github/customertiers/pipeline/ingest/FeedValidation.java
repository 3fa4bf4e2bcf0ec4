package io.github.customertiers.pipeline.ingest;

import java.util.List;
import java.util.Map;

/**
 * What an ingest of one feed would do, computed without writing anything: the accounting of every
 * file that could be read, the files that would be rejected (and why), and the checks that would
 * fail or warn.
 *
 * @param rejected file path to the reason it cannot be read as configured
 * @param failures checks that would fail the run (quarantine rate, volume, empty files, accounting)
 */
public record FeedValidation(String feed, List<FileAccounting> files, Map<String, String> rejected, List<String> failures,
    List<String> warnings) {
  public FeedValidation {
    files = List.copyOf(files);
    rejected = Map.copyOf(rejected);
    failures = List.copyOf(failures);
    warnings = List.copyOf(warnings);
  }

  /** True when an ingest of these inputs would succeed. */
  public boolean passes() {
    return rejected.isEmpty() && failures.isEmpty();
  }

  public FeedIngestResult asResult() {
    return new FeedIngestResult(feed, null, files, 0, warnings);
  }
}
