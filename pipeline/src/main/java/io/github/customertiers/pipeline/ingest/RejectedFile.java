package io.github.customertiers.pipeline.ingest;

import java.time.LocalDate;

/**
 * A delivered file that an ingest did not load because it failed a check of its own (it cannot be
 * read as configured, it is empty, or its delivery quarantined too many rows). Nothing of it was
 * loaded and it is not recorded as ingested, so a corrected file is ingested by the next run.
 *
 * @param feed the feed's name
 * @param file fully qualified path
 * @param deliveryDate the file's {@link DeliveryDate}; null when undated
 * @param reason why, as the ingest would fail with it (names the file)
 */
public record RejectedFile(String feed, String file, LocalDate deliveryDate, String reason) {

  /** The file and the reason, naming the file once: {@code <file>: <reason>}. */
  public String describe() {
    return reason.contains(file) ? reason : file + ": " + reason;
  }

  RejectedFile because(String another) {
    return new RejectedFile(feed, file, deliveryDate, reason + "; " + another);
  }
}
