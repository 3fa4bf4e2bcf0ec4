package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.errors.TiersException;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.run.ManifestSummary;
import io.github.customertiers.pipeline.run.PublishedWarehouse;
import io.github.customertiers.pipeline.run.TiersActions;
import io.github.customertiers.pipeline.tiers.Tier;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tiers published}: what is live in a warehouse, read through each date's version pointer. */
@Command(name = "published", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    header = "List what a warehouse publishes, or print one date's live paths for scripts.",
    footerHeading = "%nExamples:%n",
    footer = {"  tiers published --warehouse /data/tiers",
        "  tiers published --warehouse /data/tiers --as-of 2026-11-15",
        "  cp \"$(tiers published --warehouse /data/tiers --as-of 2026-11-15 --print exports)\"/vip.csv /srv/marketing/"},
    description = {"List the published as-of dates of a warehouse with their live version, customers and tier counts, "
        + "or (with --as-of) show one date. Every date is read through its pointer (published/as_of=D/_CURRENT), "
        + "so the paths printed are one complete version, whatever a run is publishing at the same moment.",
        "For scripts: --print exports prints only the live exports directory of --as-of (also segments, "
        + "migrations, version). Starts no Spark."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "2:bad command line or config, or no warehouse at the path", "3:the date is not published (yet)",
        "1:internal error"})
public final class PublishedCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file: its warehouse is listed.")
  java.nio.file.Path config;

  @Option(names = "--warehouse", paramLabel = "DIR",
      description = "Warehouse root (local path, hdfs://, s3a://). Default: warehouse in the config, TIERS_WAREHOUSE, else ./warehouse.")
  String warehouse;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", converter = RunOptions.DateConverter.class,
      description = "Show this date only.")
  LocalDate asOf;

  @Option(names = "--print", paramLabel = "segments|exports|migrations|version",
      description = "With --as-of: print only this path (or the version name) of the live version, for scripts.")
  String print;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    String warehouseRoot = WarehouseDateOptions.warehouseRoot(config, warehouse);
    if (print != null && asOf == null) {
      throw TiersException.badConfig("--print needs --as-of: which date's path to print");
    }
    PublishedWarehouse published = TiersActions.published(warehouseRoot);
    Optional<String> missing = published.missing();
    if (missing.isPresent()) {
      throw TiersException.badConfig("there is no warehouse at " + warehouseRoot + " (" + missing.get() + ")");
    }
    if (asOf != null) {
      Optional<PublishedDate> date = published.resolve(asOf);
      if (date.isEmpty()) {
        spec.commandLine().getErr().printf("tiers: %s is not published in %s%n", asOf, warehouseRoot);
        return ExitCode.INPUT_NOT_READY;
      }
      if (print != null) {
        out.println(switch (print.toLowerCase(Locale.ROOT)) {
          case "segments" -> shown(stable(date.get().segments()));
          case "exports" -> shown(stable(date.get().exports()));
          case "migrations" -> shown(stable(date.get().migrations()));
          case "version" -> date.get().version();
          default -> throw TiersException.badConfig("--print must be segments, exports, migrations or version, got '" + print + "'");
        });
        return ExitCode.OK;
      }
      describe(out, published, date.get());
      return ExitCode.OK;
    }
    List<PublishedDate> all = published.all();
    out.printf(Locale.ROOT, "%,d published date(s) in %s%n", all.size(), warehouseRoot);
    if (all.isEmpty()) {
      return ExitCode.OK;
    }
    out.printf("%-12s %-32s %-20s %10s %7s %7s %9s %9s %13s%n", "as_of", "version", "published (UTC)", "customers", "vip", "key",
        "lapsed", "changed%", "unexplained%");
    for (PublishedDate d : all) {
      Optional<ManifestSummary> m = published.manifest(d);
      ManifestSummary.Stability stability = m.map(ManifestSummary::tierStability).orElse(null);
      out.printf(Locale.ROOT, "%-12s %-32s %-20s %,10d %,7d %,7d %,9d %9s %13s%n", d.asOf(), d.version(),
          publishedAt(published, d), m.map(ManifestSummary::customers).orElse(0L), count(m, Tier.VIP), count(m, Tier.KEY),
          count(m, Tier.LAPSED),
          stability == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * stability.changedShare()),
          stability == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * stability.unexplainedShare()));
    }
    return ExitCode.OK;
  }

  private static long count(Optional<ManifestSummary> manifest, Tier tier) {
    return manifest.map(m -> m.customers(tier.label())).orElse(0L);
  }

  private static void describe(PrintWriter out, PublishedWarehouse published, PublishedDate d) throws IOException {
    Optional<ManifestSummary> m = published.manifest(d);
    out.printf("as_of:      %s%n", d.asOf());
    out.printf("version:    %s (published %s UTC)%n", d.version(), publishedAt(published, d));
    out.printf("run_id:     %s%n", m.map(ManifestSummary::runId).orElse("-"));
    out.printf("segments:   %s%n", shown(stable(d.segments())));
    out.printf("exports:    %s%n", shown(stable(d.exports())));
    out.printf("migrations: %s%n", shown(stable(d.migrations())));
    if (m.isPresent()) {
      out.printf(Locale.ROOT, "customers:  %,d", m.get().customers());
      for (ManifestSummary.TierCount t : m.get().tiers()) {
        out.printf(Locale.ROOT, "  %s %,d", t.tier(), t.customers());
      }
      out.println();
      out.printf("previous:   %s%n", m.get().previousAsOf() == null ? "-" : m.get().previousAsOf());
    }
  }

  static Path stable(Path p) {
    return PublishedWarehouse.bookmarkable(p);
  }

  /** A path as a shell wants it: plain for the local file system, else the full URI. */
  static String shown(Path p) {
    String scheme = p.toUri().getScheme();
    return scheme == null || scheme.equals("file") ? p.toUri().getPath() : p.toString();
  }

  private static String publishedAt(PublishedWarehouse published, PublishedDate d) throws IOException {
    return published.publishedAt(d).toString().substring(0, 19).replace('T', ' ');
  }
}
