package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.configfile.ConfigLoader;
import io.github.customertiers.pipeline.errors.TiersException;
import io.github.customertiers.pipeline.run.TiersActions;
import io.github.customertiers.pipeline.run.ValueEvaluation;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tiers evaluate-value}: calibration/holdout check of the BG/NBD value model. */
@Command(name = "evaluate-value", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    header = "Check the value model: its predicted purchases against the actual ones of a holdout period.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:evaluated", "1:internal error", "2:bad command line or config", "3:input not ready (retry later)",
        "4:invalid input"},
    footerHeading = "%nExample:%n",
    footer = {"  tiers evaluate-value --config tiers.yaml --calibration-end 2026-05-15 --holdout-end 2026-11-15 --csv holdout.csv"},
    description = {"Fit the BG/NBD model on the transactions up to --calibration-end and compare its predicted purchases",
        "in (calibration-end, holdout-end] with the actual ones: per number of calibration repeat purchases (0..6, 7+),",
        "the correlation between predicted and actual, and the totals. Ingests the configured transactions first.",
        "Only customers whose first purchase falls in the calibration period are evaluated (the cohort)."})
public final class EvaluateValueCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Mixin HoldoutPeriodOptions period;

  @Option(names = "--calibration-start", paramLabel = "YYYY-MM-DD", converter = RunOptions.DateConverter.class,
      description = "Ignore purchases before this day (default: all history).")
  LocalDate calibrationStart;

  @Option(names = "--time-unit", paramLabel = "weeks|days", defaultValue = "weeks", description = "Time unit (default ${DEFAULT-VALUE}).")
  String timeUnit;

  @Option(names = "--count-zero-value-purchases", description = "Count days whose net amount is 0 as purchase days (as the CDNOW papers do).")
  boolean zeroValuePurchases;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    period.requireHoldoutAfterCalibration();
    if (!timeUnit.equals("weeks") && !timeUnit.equals("days")) {
      throw TiersException.badConfig("--time-unit must be weeks or days, got '" + timeUnit + "'");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (options.asOf == null) {
      options.asOf = period.holdoutEnd; // not used: only so that no as_of is resolved for this command
    }
    TiersConfig config = options.resolve(Clock.systemUTC());
    ConfigLoader.requireInputsDelivered(config);
    SparkSession spark = SparkFactory.session("customer-tiers evaluate-value", config);
    ValueEvaluation evaluation = ValueEvaluation.between(period.calibrationEnd, period.holdoutEnd);
    if (timeUnit.equals("days")) {
      evaluation = evaluation.inDays();
    }
    if (zeroValuePurchases) {
      evaluation = evaluation.countingZeroValuePurchases();
    }
    if (calibrationStart != null) {
      evaluation = evaluation.calibrationStart(calibrationStart);
    }
    var report = TiersActions.get(spark, config).toolVersion(VersionProvider.version())
        .progress(SparkFactory.progressTo(out)).evaluateValue(evaluation);
    out.println(report.toText());
    period.writeCsv(report.toCsv(), out);
    out.flush();
    return ExitCode.OK;
  }
}
