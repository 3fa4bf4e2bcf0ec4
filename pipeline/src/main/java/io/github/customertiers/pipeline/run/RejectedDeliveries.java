package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.ingest.FeedIngestResult;
import io.github.customertiers.pipeline.ingest.InvalidInputException;
import io.github.customertiers.pipeline.ingest.RejectedFile;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The dated input files an ingest rejected, and the as-of dates they block. With B the earliest
 * rejected delivery date, a date before B is computed as usual (a nightly run for it would not have
 * had that delivery either); a date on or after B would be computed without a delivery it needs, so
 * it fails without computing or publishing anything, naming the feed, the file and the reason.
 */
final class RejectedDeliveries {
  private final List<RejectedFile> files;

  private RejectedDeliveries(List<RejectedFile> files) {
    this.files = files;
  }

  /** The rejected files of every feed of an ingest, earliest delivery first. */
  static RejectedDeliveries of(List<FeedIngestResult> ingest) {
    return new RejectedDeliveries(ingest.stream().flatMap(r -> r.rejected().stream())
        .sorted(Comparator.comparing(RejectedFile::deliveryDate, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(RejectedFile::feed).thenComparing(RejectedFile::file))
        .toList());
  }

  /** B: the earliest delivery date of a rejected file; empty when none was rejected (or only undated ones). */
  Optional<LocalDate> earliest() {
    return files.isEmpty() ? Optional.empty() : Optional.ofNullable(files.get(0).deliveryDate());
  }

  /** Why {@code asOf} cannot be computed (an invalid-input failure), or empty when nothing it needs was rejected. */
  Optional<InvalidInputException> blocking(LocalDate asOf) {
    List<RejectedFile> needed = files.stream().filter(f -> f.deliveryDate() == null || !f.deliveryDate().isAfter(asOf)).toList();
    if (needed.isEmpty()) {
      return Optional.empty();
    }
    RejectedFile first = needed.get(0);
    String message = (first.deliveryDate() == null ? "the undated " + first.feed() + " file was rejected: "
        : first.deliveryDate().equals(asOf)
        ? "the " + first.feed() + " delivery of " + first.deliveryDate() + " was rejected: "
        : "needs the " + first.feed() + " delivery of " + first.deliveryDate() + " that was rejected: ")
        + first.describe();
    if (needed.size() > 1) {
      message += " (and " + (needed.size() - 1) + " more rejected file(s) up to " + asOf + ": "
          + needed.subList(1, needed.size()).stream().map(f -> f.feed() + " " + f.file()).collect(Collectors.joining(", ")) + ")";
    }
    return Optional.of(new InvalidInputException(message + "; nothing was computed or published for " + asOf));
  }
}
