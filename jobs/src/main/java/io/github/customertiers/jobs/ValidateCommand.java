package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.run.TiersActions;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
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
    for (var feed : TiersActions.get(spark, config).validate().feeds()) {
      out.print(feed.toText());
      if (feed.ready()) {
        if (!feed.passes()) {
          code = ExitCode.INVALID_INPUT;
        }
      } else if (code == ExitCode.OK) {
        code = ExitCode.INPUT_NOT_READY;
      }
    }
    out.println(code == ExitCode.OK ? "Result: a run would ingest these inputs (nothing was written)"
        : String.format(Locale.ROOT, "Result: a run would fail (exit code %d); nothing was written", code));
    out.flush();
    return code;
  }
}
