package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.configfile.ConfigLoader;
import io.github.customertiers.pipeline.run.TiersActions;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tiers ingest}: only the ingest stage. */
@Command(name = "ingest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    header = "Ingest the configured exports into the warehouse (the ingest stage of a run only).",
    footerHeading = "%nExample:%n",
    footer = {"  tiers ingest --config tiers.yaml"},
    description = {"Ingest the configured exports into <warehouse>/ingested/ (rows loaded, quarantined with a reason, "
        + "or counted as duplicates); files ingested before are skipped. A dated file that cannot be used is rejected "
        + "by name while the other files are ingested (exit code 4)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ingested", "1:internal error", "2:bad command line or config", "3:input not ready (retry later)",
        "4:invalid input: a file was rejected (dated files: the others were ingested) or a check failed"})
public final class IngestCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    TiersConfig config = options.resolve(Clock.systemUTC());
    ConfigLoader.requireInputsDelivered(config);
    SparkSession spark = SparkFactory.session("customer-tiers ingest", config);
    var result = TiersActions.get(spark, config).toolVersion(VersionProvider.version())
        .progress(SparkFactory.progressTo(out)).ingest();
    out.printf("Ingested into %s/ingested (batch %s)%n", config.warehouse(), result.batch());
    var rejected = result.rejected();
    if (!rejected.isEmpty()) {
      out.flush();
      rejected.forEach(f -> spec.commandLine().getErr().printf("tiers: rejected %s delivery of %s: %s%n", f.feed(), f.deliveryDate(),
          f.describe()));
      spec.commandLine().getErr().printf("tiers: %,d file(s) rejected (the other files were ingested); fix them and ingest again%n",
          rejected.size());
      return ExitCode.INVALID_INPUT;
    }
    return ExitCode.OK;
  }
}
