package io.github.customertiers.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.PublishedDates;
import io.github.customertiers.pipeline.run.RunManifest;
import io.github.customertiers.pipeline.run.WarehouseLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tiers published}: what is live in a warehouse, read through each date's version pointer. */
@Command(name = "published", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"List the published as-of dates of a warehouse with their live version, customers and tier counts, "
        + "or (with --as-of) show one date. Every date is read through its pointer (published/as_of=D/_CURRENT), "
        + "so the paths printed are one complete version, whatever a run is publishing at the same moment.",
        "For scripts: --print exports prints only the live exports directory of --as-of (also segments, "
        + "migrations, version). Starts no Spark."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "2:bad command line or config", "3:the date is not published (yet)", "1:internal error"})
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
    ConfigLoader loader = new ConfigLoader(Map.copyOf(System.getenv()));
    if (config != null) {
      loader.load(config);
    }
    String warehouseRoot = loader.warehouse(warehouse);
    if (print != null && asOf == null) {
      throw new ConfigException("--print needs --as-of: which date's path to print");
    }
    WarehouseLayout layout = new WarehouseLayout(warehouseRoot);
    FileSystem fs = layout.root().getFileSystem(new Configuration());
    PublishedDates published = new PublishedDates(fs, layout);
    if (asOf != null) {
      Optional<PublishedDate> date = published.resolve(asOf);
      if (date.isEmpty()) {
        spec.commandLine().getErr().printf("tiers: %s is not published in %s%n", asOf, warehouseRoot);
        return ExitCode.INPUT_NOT_READY;
      }
      if (print != null) {
        out.println(switch (print.toLowerCase(Locale.ROOT)) {
          case "segments" -> shown(date.get().segments());
          case "exports" -> shown(date.get().exports());
          case "migrations" -> shown(date.get().migrations());
          case "version" -> date.get().version();
          default -> throw new ConfigException("--print must be segments, exports, migrations or version, got '" + print + "'");
        });
        return ExitCode.OK;
      }
      describe(out, fs, layout, date.get());
      return ExitCode.OK;
    }
    List<PublishedDate> all = published.all();
    out.printf("%d published date(s) in %s%n", all.size(), warehouseRoot);
    if (all.isEmpty()) {
      return ExitCode.OK;
    }
    out.printf("%-12s %-32s %-20s %10s %7s %7s %9s %9s %13s%n", "as_of", "version", "published (UTC)", "customers", "vip", "key",
        "lapsed", "changed%", "unexplained%");
    for (PublishedDate d : all) {
      JsonNode m = manifest(fs, d);
      JsonNode stability = m == null ? null : m.path("tier_stability"); // [trust]
      boolean measured = stability != null && stability.isObject();
      out.printf(Locale.ROOT, "%-12s %-32s %-20s %,10d %,7d %,7d %,9d %9s %13s%n", d.asOf(), d.version(),
          publishedAt(fs, layout, d), tierCount(m, null), tierCount(m, "vip"), tierCount(m, "key"),
          tierCount(m, "lapsed"),
          measured ? String.format(Locale.ROOT, "%.2f", 100 * stability.path("changed_share").asDouble()) : "-",
          measured ? String.format(Locale.ROOT, "%.2f", 100 * stability.path("unexplained_share").asDouble()) : "-");
    }
    return ExitCode.OK;
  }

  private static void describe(PrintWriter out, FileSystem fs, WarehouseLayout layout, PublishedDate d) throws IOException {
    JsonNode m = manifest(fs, d);
    out.printf("as_of:      %s%n", d.asOf());
    out.printf("version:    %s (published %s UTC)%n", d.version(), publishedAt(fs, layout, d));
    out.printf("run_id:     %s%n", m == null ? "-" : m.path("run_id").asText("-"));
    out.printf("segments:   %s%n", shown(d.segments()));
    out.printf("exports:    %s%n", shown(d.exports()));
    out.printf("migrations: %s%n", shown(d.migrations()));
    if (m != null) {
      out.printf(Locale.ROOT, "customers:  %,d", tierCount(m, null));
      for (JsonNode t : m.path("tiers")) {
        out.printf(Locale.ROOT, "  %s %,d", t.path("tier").asText(), t.path("customers").asLong());
      }
      out.println();
      out.printf("previous:   %s%n", m.path("previous_as_of").isNull() ? "-" : m.path("previous_as_of").asText("-"));
    }
  }

  /** A path as a shell wants it: plain for the local file system, else the full URI. */
  static String shown(Path p) {
    String scheme = p.toUri().getScheme();
    return scheme == null || scheme.equals("file") ? p.toUri().getPath() : p.toString();
  }

  private static String publishedAt(FileSystem fs, WarehouseLayout layout, PublishedDate d) throws IOException {
    Path stamped = d.legacy() ? d.segments() : layout.pointer(d.asOf());
    return Instant.ofEpochMilli(fs.getFileStatus(stamped).getModificationTime()).toString().substring(0, 19).replace('T', ' ');
  }

  private static JsonNode manifest(FileSystem fs, PublishedDate d) throws IOException {
    Path file = new Path(d.segments(), "_manifest.json");
    if (!fs.exists(file)) {
      return null;
    }
    try (InputStream in = fs.open(file)) {
      return RunManifest.mapper().readTree(in);
    }
  }

  /** Customers of one tier in the manifest, or of all tiers when {@code tier} is null. */
  private static long tierCount(JsonNode manifest, String tier) {
    if (manifest == null) {
      return 0;
    }
    long n = 0;
    for (JsonNode t : manifest.path("tiers")) {
      if (tier == null || tier.equals(t.path("tier").asText())) {
        n += t.path("customers").asLong();
      }
    }
    return n;
  }
}
