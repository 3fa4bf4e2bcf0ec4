package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.ingest.FeedValidation;
import io.github.customertiers.pipeline.ingest.FileAccounting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/** The per-file table of one feed's validation, as {@code tiers validate} prints it. */
final class ValidationText {
  private ValidationText() {}

  static String of(FeedValidation v) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    out.printf(Locale.ROOT, "%s: %,d file(s)%n", v.feed(), v.files().size() + v.rejected().size());
    out.printf(Locale.ROOT, "  %-10s %10s %10s %12s %11s %9s  %s%n", "status", "read", "loaded", "quarantined", "duplicates",
        "filtered", "file");
    for (FileAccounting f : v.files()) {
      String status = f.status() == FileAccounting.Status.ALREADY_INGESTED ? "skipped" : f.replaces().isEmpty() ? "new" : "corrected";
      out.printf(Locale.ROOT, "  %-10s %,10d %,10d %,12d %,11d %,9d  %s%n", status, f.read(), f.loaded(), f.quarantined(),
          f.duplicates(), f.filtered(), f.file());
      if (f.status() == FileAccounting.Status.ALREADY_INGESTED) {
        out.println("             same content was ingested before");
      }
      if (!f.quarantinedByReason().isEmpty()) {
        out.println("             quarantined: " + f.quarantinedByReason().entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
      }
      if (!f.filteredByRule().isEmpty()) {
        out.println("             filtered: " + f.filteredByRule().entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
      }
      for (var e : f.replaces()) {
        out.printf(Locale.ROOT, "             replaces the earlier version %s (batch %s): %,d row(s) withdrawn%n",
            e.digest().substring(0, 12), e.batch(), e.rowsWithdrawn());
      }
    }
    v.rejected().forEach((file, why) -> out.printf(Locale.ROOT, "  %-10s %s%n             %s%n", "rejected", file, why));
    var total = v.asResult();
    out.printf(Locale.ROOT, "  %-10s %,10d %,10d %,12d %,11d %,9d  read = loaded + quarantined + duplicates + filtered%n",
        "total", total.read(), total.loaded(), total.quarantined(), total.duplicates(), total.filtered());
    v.failures().forEach(f -> out.println("  FAIL: " + f));
    v.warnings().forEach(w -> out.println("  warning: " + w));
    out.flush();
    return text.toString();
  }
}
