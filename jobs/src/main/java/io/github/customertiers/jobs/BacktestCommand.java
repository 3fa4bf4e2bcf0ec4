package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.run.TiersActions;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tiers backtest}: do the tiers as of a past day predict what customers did next? */
@Command(name = "backtest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Compute the tiers as of --calibration-end from the data up to that day (in a scratch warehouse;",
        "nothing is published in yours), then measure them against what each customer did in (calibration-end, holdout-end]:",
        "per tier the share of customers, of holdout revenue and purchases, mean holdout revenue and who bought nothing;",
        "the capture curve and normalised Gini of several orders; precision and recall of vip+key against the true top 20%",
        "of holdout spenders. Ingests the configured inputs into the warehouse first (files seen before are skipped)."})
public final class BacktestCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Mixin HoldoutPeriodOptions period;

  @Option(names = "--scratch", paramLabel = "DIR",
      description = "Scratch warehouse for the tiers as of the calibration end (default: <warehouse>/_backtest/<run>; deleted afterwards).")
  String scratch;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    period.requireHoldoutAfterCalibration();
    PrintWriter out = spec.commandLine().getOut();
    if (options.asOf == null) {
      options.asOf = period.holdoutEnd;
    }
    TiersConfig config = options.resolve(Clock.systemUTC());
    SparkSession spark = SparkFactory.session("customer-tiers backtest", config);
    TiersActions actions = TiersActions.get(spark, config).toolVersion(VersionProvider.version())
        .progress(SparkFactory.progressTo(out));
    var report = scratch != null ? actions.backtest(period.calibrationEnd, period.holdoutEnd, scratch)
        : actions.backtest(period.calibrationEnd, period.holdoutEnd);
    out.print(report.toText());
    period.writeCsv(report.toCsv(), out);
    out.flush();
    return ExitCode.OK;
  }
}
