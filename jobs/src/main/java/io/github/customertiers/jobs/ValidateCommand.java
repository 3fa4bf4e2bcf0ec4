package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.ingest.FeedValidation;
import io.github.customertiers.pipeline.ingest.FileAccounting;
import io.github.customertiers.pipeline.run.TiersActions;
import io.github.customertiers.pipeline.run.ValidationResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tiers validate}: a dry run of the ingest that writes nothing. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    header = "Dry run of the ingest: what a run would load, quarantine, filter and reject; writes nothing.",
    footerHeading = "%nExample:%n",
    footer = {"  tiers validate --config docs/examples/retail/tiers.yaml"},
    description = {"Dry run of the ingest: read every configured input as the config's feeds: section says and print, "
        + "per file, how many rows would be loaded, quarantined (by reason), filtered and counted as duplicates, "
        + "which files would be rejected and which checks would fail. Writes nothing (the warehouse is only read, "
        + "to recognise files and rows ingested before)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:a run would ingest these inputs", "2:bad command line or config", "3:an input is missing (not delivered yet)",
        "4:a run would fail: a file cannot be read as configured, or a check fails", "1:internal error"})
public final class ValidateCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    TiersConfig config = options.resolve(Clock.systemUTC());
    SparkSession spark = SparkFactory.session("customer-tiers validate", config);
    int code = ExitCode.OK;
    for (ValidationResult.FeedCheck feed : TiersActions.get(spark, config).validate().feeds()) {
      if (feed.ready()) {
        print(out, feed.validation());
        if (!feed.validation().passes()) {
          code = ExitCode.INVALID_INPUT;
        }
      } else {
        out.printf(Locale.ROOT, "%s: input not ready: %s%n", feed.feed(), feed.notReady());
        if (code == ExitCode.OK) {
          code = ExitCode.INPUT_NOT_READY;
        }
      }
    }
    out.println(code == ExitCode.OK ? "Result: a run would ingest these inputs (nothing was written)"
        : String.format(Locale.ROOT, "Result: a run would fail (exit code %d); nothing was written", code));
    out.flush();
    return code;
  }

  static void print(PrintWriter out, FeedValidation v) {
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
  }
}
