package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.run.NightlyRun;
import io.github.customertiers.pipeline.run.RunResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tiers run}: ingest, score, tier and publish one as-of date. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Ingest the configured exports, then compute and publish the customer tiers as of the end of a day.",
        "Outputs: <warehouse>/segments/as_of=D/ (Parquet + _manifest.json), <warehouse>/exports/as_of=D/<tier>.csv."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:published", "2:bad command line or config", "3:input not ready (retry later)",
        "4:invalid input", "7:refused to publish 0 customers", "1:internal error"})
public final class RunCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    TiersConfig config = options.resolve(Clock.systemUTC());
    out.printf("customer-tiers %s: run as of %s, warehouse %s%n", VersionProvider.version(), config.asOf(), config.warehouse());
    SparkSession spark = SparkFactory.session("customer-tiers run " + config.asOf(), config.master(), config.businessZone(), config.sparkConf());
    RunResult result = new NightlyRun(spark, config, VersionProvider.version(), Clock.systemUTC(), line -> {
      out.println(line);
      out.flush();
    }).run();
    SummaryTable.print(out, result);
    return ExitCode.OK;
  }
}
