package io.github.customertiers.pipeline.ingest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What became of every record of one delivered file: {@code read = loaded + quarantined +
 * duplicates + filtered}, with the filtered records by the filter rule that matched them first. A file whose digest was ingested before is reported with status
 * ALREADY_INGESTED and zero counts. A corrected file delivered under the name of a file ingested
 * before lists the earlier version(s) whose rows it replaces.
 */
public record FileAccounting(
    String file, String digest, Status status, long read, long loaded, long duplicates,
    Map<String, Long> filteredByRule, Map<String, Long> quarantinedByReason, List<EarlierVersion> replaces) {

  public enum Status { INGESTED, ALREADY_INGESTED }

  public FileAccounting {
    filteredByRule = new TreeMap<>(filteredByRule);
    quarantinedByReason = new TreeMap<>(quarantinedByReason);
    replaces = replaces == null ? List.of() : List.copyOf(replaces);
  }

  /** A file skipped because the same content was ingested before. */
  public static FileAccounting alreadyIngested(InputFile file) {
    return new FileAccounting(file.path(), file.digest(), Status.ALREADY_INGESTED, 0, 0, 0, Map.of(), Map.of(), List.of());
  }

  /** Records filtered out, by any rule. */
  public long filtered() {
    return filteredByRule.values().stream().mapToLong(Long::longValue).sum();
  }

  public long quarantined() {
    return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public boolean balances() {
    return read == loaded + quarantined() + duplicates + filtered();
  }
}
