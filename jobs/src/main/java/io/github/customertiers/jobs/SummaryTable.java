package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.run.RunResult;
import io.github.customertiers.pipeline.run.TierSummaryRow;
import io.github.customertiers.pipeline.tiers.Tier;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Prints the short per-tier summary that ends a run. */
final class SummaryTable {
  /** The from-tier of customers who were not published on the previous date. */
  private static final String NEW_CUSTOMER = "new";

  private SummaryTable() {}

  static void print(PrintWriter out, RunResult r) {
    out.printf(Locale.ROOT, "%nTiers as of %s (%,d customers published, %,d not published: no purchase or interaction in the windows)%n",
        r.asOf(), r.tiers().stream().mapToLong(TierSummaryRow::customers).sum(), r.unpublished());
    out.printf(Locale.ROOT, "%-10s %12s %10s %10s %13s %15s%n", "tier", "customers", "customers%", "revenue%",
        "median value", "median loyalty");
    for (TierSummaryRow t : r.tiers()) {
      out.printf(Locale.ROOT, "%-10s %,12d %9.1f%% %9.1f%% %13s %15s%n", t.tier(), t.customers(),
          100 * t.shareOfCustomers(), 100 * t.shareOfRevenue(), fmt(t.medianValueScore()), fmt(t.medianLoyaltyScore()));
    }
    if (r.model() != null) {
      out.printf(Locale.ROOT, "k-means: k = %d (silhouette %.3f, %s), clusters by value -> %s%n", r.model().clusters().k(),
          r.model().clusters().silhouette(), r.model().clusters().warmStarted() ? "warm-started, k chosen on " + r.model().clusters().kChosenOn() : "k chosen now",
          r.model().clusters().clusterTiers());
      if (r.model().lines() != null) {
        out.printf(Locale.ROOT, "tier lines: %s%n", r.model().lines().describe());
      }
    }
    if (r.stability() != null) {
      out.printf(Locale.ROOT, "Tier changes since %s: %.2f%% of customers changed tier, %.2f%% not explained by their own scores%n",
          r.stability().previousAsOf(), 100 * r.stability().changedShare(), 100 * r.stability().unexplainedShare());
    }
    if (r.previousAsOf() != null) {
      out.printf(Locale.ROOT, "Migrations since %s (rows: previous tier, columns: tier now):%n", r.previousAsOf());
      List<String> tiers = Arrays.stream(Tier.values()).map(Tier::label).toList();
      out.printf(Locale.ROOT, "%-10s", "from\\to");
      tiers.forEach(t -> out.printf(Locale.ROOT, " %10s", t));
      out.println();
      List<String> froms = new ArrayList<>(List.of(NEW_CUSTOMER));
      froms.addAll(tiers);
      for (String from : froms) {
        out.printf(Locale.ROOT, "%-10s", from);
        for (String to : tiers) {
          long n = r.migrations().stream().filter(m -> m.fromTier().equals(from) && m.toTier().equals(to))
              .mapToLong(m -> m.customers()).sum();
          out.printf(Locale.ROOT, " %,10d", n);
        }
        out.println();
      }
    }
    if (r.actionLists() != null && !r.actionLists().isEmpty()) {
      out.println(actionLists(r));
    }
    out.printf("Segments: %s%nExports:  %s%n", stable(r.segmentsPath()), stable(r.exportsPath()));
    out.printf("Report:   %s%n", stable(r.exportsPath()) + "/" + io.github.customertiers.pipeline.report.MarketingReport.fileName(r.asOf()));
    out.flush();
  }

  /** "Action lists: at_risk N, moved N, ..." (rows of each action list and of the changes file). */
  static String actionLists(RunResult r) {
    StringBuilder lists = new StringBuilder("Action lists:");
    r.actionLists().forEach((name, rows) -> lists.append(String.format(Locale.ROOT, " %s %,d,", name, rows)));
    return lists.substring(0, lists.length() - 1);
  }

  private static String stable(String path) {
    org.apache.hadoop.fs.Path p = PublishedCommand.stable(new org.apache.hadoop.fs.Path(path));
    return p.toUri().getScheme() == null ? p.toString() : PublishedCommand.shown(p);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
  }
}
