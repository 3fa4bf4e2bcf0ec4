package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.run.NightlyRun;
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
    description = {"Ingest the configured exports into <warehouse>/ingested/ (rows loaded, quarantined with a reason, "
        + "or counted as duplicates); files ingested before are skipped."})
public final class IngestCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    TiersConfig config = options.resolve(Clock.systemUTC());
    SparkSession spark = SparkFactory.session("customer-tiers ingest", config);
    String batch = "ingest-" + System.currentTimeMillis();
    new NightlyRun(spark, config, VersionProvider.version(), Clock.systemUTC(), SparkFactory.progressTo(out)).ingest(batch);
    out.printf("Ingested into %s/ingested (batch %s)%n", config.warehouse(), batch);
    return ExitCode.OK;
  }
}
