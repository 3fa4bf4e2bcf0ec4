package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.backtest.BacktestFile;
import io.github.customertiers.pipeline.backtest.BacktestReport;
import io.github.customertiers.pipeline.backtest.ScratchTiers;
import io.github.customertiers.pipeline.backtest.TierBacktest;
import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.ingest.Feed;
import io.github.customertiers.pipeline.ingest.IngestedStore;
import io.github.customertiers.pipeline.value.HoldoutEvaluation;
import io.github.customertiers.pipeline.value.HoldoutReport;
import java.io.IOException;
import java.time.LocalDate;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The backtest stage ({@link TiersActions#backtest}): the tiers as of the calibration end, computed
 * in a scratch warehouse from the ingested data copied there, measured against the holdout's
 * purchases, and kept in the configured warehouse for the report.
 */
final class BacktestRun {
  private final SparkSession spark;
  private final TiersConfig config;
  private final Consumer<String> progress;

  BacktestRun(SparkSession spark, TiersConfig config, Consumer<String> progress) {
    this.spark = spark;
    this.config = config;
    this.progress = progress;
  }

  /**
   * @param tiersOfCalibrationEnd runs the tiers as of the calibration end in the scratch warehouse
   *     (called once the ingested data is copied there)
   */
  BacktestReport measure(LocalDate calibrationEnd, LocalDate holdoutEnd, String scratchWarehouse, Supplier<RunResult> tiersOfCalibrationEnd) {
    ScratchTiers scratch = new ScratchTiers(spark, progress);
    try {
      scratch.copyIngested(config.warehouse(), scratchWarehouse);
      RunResult tiers = tiersOfCalibrationEnd.get();
      progress.accept("backtest: measure the tiers as of " + calibrationEnd + " against " + calibrationEnd.plusDays(1)
          + " .. " + holdoutEnd);
      Dataset<Row> transactions = new IngestedStore(config.warehouse(), Feed.TRANSACTIONS).all(spark);
      BacktestReport report = TierBacktest.between(calibrationEnd, holdoutEnd).measure(spark.read().parquet(tiers.segmentsPath()),
          transactions);
      keepForTheReport(report, transactions);
      return report;
    } finally {
      scratch.delete(scratchWarehouse);
    }
  }

  /**
   * Writes the backtest into the warehouse ({@link BacktestFile}) for the report, with the value
   * model's predicted against actual holdout purchases (fitted on the calibration period as
   * {@code evaluate-value} does; left out, with the reason, when it cannot be fitted).
   */
  private void keepForTheReport(BacktestReport report, Dataset<Row> transactions) {
    HoldoutReport purchases = null;
    String note;
    try {
      purchases = HoldoutEvaluation.between(report.calibrationEnd(), report.holdoutEnd())
          .timeUnit(config.valueModel().timeUnit()).thresholds(config.valueModel().thresholds()).evaluate(transactions);
      note = String.format(java.util.Locale.ROOT, "BG/NBD fitted on the calibration period (%s): %,.1f purchases predicted in "
          + "the holdout, %,d made", purchases.model().describe(), purchases.totalPredicted(), purchases.totalActual());
    } catch (RuntimeException e) {
      note = "no value model prediction: " + e.getMessage();
    }
    try {
      var file = BacktestFile.write(FileSystem.get(java.net.URI.create(config.warehouse()), spark.sparkContext().hadoopConfiguration()),
          config.warehouse(), report, purchases == null ? null : purchases.groups(), note);
      progress.accept("backtest: results kept for the report in " + file);
    } catch (IOException | IllegalArgumentException e) {
      throw new java.io.UncheckedIOException("cannot write the backtest results into " + config.warehouse() + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }
}
