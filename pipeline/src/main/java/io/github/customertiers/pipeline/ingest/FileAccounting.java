package io.github.customertiers.pipeline.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * What became of every record of one delivered file: {@code read = loaded + quarantined +
 * duplicates}. A file whose digest was ingested before is reported with status
 * ALREADY_INGESTED and zero counts.
 */
public record FileAccounting(
    String file, String digest, Status status, long read, long loaded, long duplicates,
    Map<String, Long> quarantinedByReason) {

  public enum Status { INGESTED, ALREADY_INGESTED }

  public FileAccounting {
    quarantinedByReason = new TreeMap<>(quarantinedByReason);
  }

  public long quarantined() {
    return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public boolean balances() {
    return read == loaded + quarantined() + duplicates;
  }
}
