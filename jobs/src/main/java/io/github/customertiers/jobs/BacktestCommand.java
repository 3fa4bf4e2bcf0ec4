package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.backtest.BacktestReport;
import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.run.TiersActions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
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

  @Option(names = "--calibration-end", required = true, paramLabel = "YYYY-MM-DD", converter = RunOptions.DateConverter.class,
      description = "The day the tiers are computed as of.")
  LocalDate calibrationEnd;

  @Option(names = "--holdout-end", required = true, paramLabel = "YYYY-MM-DD", converter = RunOptions.DateConverter.class,
      description = "Last day of the holdout period.")
  LocalDate holdoutEnd;

  @Option(names = "--scratch", paramLabel = "DIR",
      description = "Scratch warehouse for the tiers as of the calibration end (default: <warehouse>/_backtest/<run>; deleted afterwards).")
  String scratch;

  @Option(names = "--csv", paramLabel = "FILE", description = "Also write the figures as CSV (section,subject,metric,value) to this file.")
  Path csv;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!holdoutEnd.isAfter(calibrationEnd)) {
      throw new ConfigException("--holdout-end " + holdoutEnd + " must be after --calibration-end " + calibrationEnd);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (options.asOf == null) {
      options.asOf = holdoutEnd;
    }
    TiersConfig config = options.resolve(Clock.systemUTC());
    SparkSession spark = SparkFactory.session("customer-tiers backtest", config);
    String scratchWarehouse = scratch != null ? scratch
        : new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(config.warehouse(), "_backtest"),
            "backtest-" + System.currentTimeMillis()).toString();
    BacktestReport report = TiersActions.get(spark, config).toolVersion(VersionProvider.version())
        .progress(SparkFactory.progressTo(out)).backtest(calibrationEnd, holdoutEnd, scratchWarehouse);
    out.print(report.toText());
    if (csv != null) {
      if (csv.getParent() != null) {
        Files.createDirectories(csv.getParent());
      }
      Files.writeString(csv, report.toCsv(), StandardCharsets.UTF_8);
      out.println("CSV: " + csv.toAbsolutePath());
    }
    out.flush();
    return ExitCode.OK;
  }
}
