package io.github.customertiers.pipeline.ingest;

import io.github.customertiers.pipeline.config.FeedSpec;
import io.github.customertiers.pipeline.config.QualityOptions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The quality checks of a delivery once its new files are read and before anything is written: a
 * new file without data rows, the quarantine rate of each delivery, and the delivery's volume
 * against the feed's recent deliveries. They judge the {@link Tally tallies} only; what a failure
 * does (rejects a dated file, fails the ingest, or is reported by a dry run) is up to
 * {@link FeedIngest}.
 */
final class DeliveryChecks {

  private DeliveryChecks() {}

  /** A failed check and the files it concerns; dated when every one of them has a delivery date. */
  record Problem(String message, List<InputFile> files) {
    boolean dated() {
      return !files.isEmpty() && files.stream().allMatch(f -> f.deliveryDate() != null);
    }
  }

  /**
   * The checks of files and deliveries: a new file without data rows, and the quarantine rate of
   * each delivery (the new files sharing a delivery date; the undated files together). A failed rate
   * names {@code quarantine}, where the quarantined rows are written (null in a dry run: nowhere).
   */
  static List<Problem> fileChecks(Feed feed, FeedSpec spec, QualityOptions quality, Delivery delivery,
      Map<String, Tally> tallies, List<String> warnings, Path quarantine) {
    List<Problem> problems = new ArrayList<>();
    Map<LocalDate, List<SourceLayout>> byDeliveryDate = new LinkedHashMap<>();
    for (SourceLayout layout : delivery.fresh()) {
      byDeliveryDate.computeIfAbsent(layout.file().deliveryDate(), d -> new ArrayList<>()).add(layout);
      if (Tally.of(tallies, layout.file()).read == 0) {
        String problem = feed.feedName() + ": " + layout.file().path() + ": 0 data rows (the file is empty or holds only a header);"
            + " expected at least 1";
        if (spec.emptyFiles() == FeedSpec.OnProblem.FAIL) {
          problems.add(new Problem(problem, List.of(layout.file())));
        } else {
          warnings.add(problem);
        }
      }
    }
    double maxRate = spec.maxQuarantineRate() != null ? spec.maxQuarantineRate() : quality.maxQuarantineRate();
    String rateKey = spec.maxQuarantineRate() != null ? "feeds." + feed.feedName() + ".max_quarantine_rate" : "quality.max_quarantine_rate";
    for (List<SourceLayout> files : byDeliveryDate.values()) {
      long readTotal = 0;
      long quarantinedTotal = 0;
      List<String> quarantinedFiles = new ArrayList<>();
      for (SourceLayout layout : files) {
        Tally t = Tally.of(tallies, layout.file());
        readTotal += t.read;
        long q = t.reasons.values().stream().mapToLong(Long::longValue).sum();
        quarantinedTotal += q;
        if (q > 0) {
          quarantinedFiles.add(layout.file().path() + " " + new TreeMap<>(t.reasons));
        }
      }
      if (readTotal > 0 && (double) quarantinedTotal / readTotal > maxRate) {
        double rate = (double) quarantinedTotal / readTotal;
        problems.add(new Problem(String.format(Locale.ROOT, "%s: %d of %d rows quarantined (%.2f%%), above %s %.2f%%; files: %s%s",
            feed.feedName(), quarantinedTotal, readTotal, rate * 100, rateKey, maxRate * 100, quarantinedFiles,
            quarantine == null ? "" : "; see " + quarantine), files.stream().map(SourceLayout::file).toList()));
      }
    }
    return problems;
  }

  /** The delivery's volume (the rows read from its new files) against the feed's recent deliveries. */
  static List<String> volumeCheck(Feed feed, FeedSpec spec, IngestedStore store, Configuration hadoop, Delivery delivery,
      Map<String, Tally> tallies, List<String> warnings) {
    long readTotal = delivery.fresh().stream().mapToLong(l -> Tally.of(tallies, l.file()).read).sum();
    FeedSpec.VolumeCheck volume = spec.volume();
    if (volume.minRatio() <= 0 || readTotal == 0) {
      return List.of();
    }
    List<IngestedStore.BatchRecord> history = store.committedBatches(hadoop).stream().filter(b -> b.read() > 0).toList();
    if (history.size() < volume.minHistory()) {
      return List.of();
    }
    List<Long> recent = history.subList(Math.max(0, history.size() - volume.history()), history.size()).stream()
        .map(IngestedStore.BatchRecord::read).sorted().toList();
    double median = recent.size() % 2 == 1 ? recent.get(recent.size() / 2)
        : (recent.get(recent.size() / 2 - 1) + recent.get(recent.size() / 2)) / 2.0;
    double minimum = volume.minRatio() * median;
    if (readTotal >= minimum) {
      return List.of();
    }
    String problem = String.format(Locale.ROOT,
        "%s: this delivery has %d rows in %s, far below the usual volume: median %.0f rows over the last %d deliveries,"
            + " expected at least %.0f (feeds.%s.volume.min_ratio %.2f)",
        feed.feedName(), readTotal, delivery.fresh().stream().map(l -> l.file().path()).toList(), median, recent.size(),
        Math.ceil(minimum), feed.feedName(), volume.minRatio());
    if (volume.onLow() == FeedSpec.OnProblem.FAIL) {
      return List.of(problem);
    }
    warnings.add(problem);
    return List.of();
  }
}
