package io.github.customertiers.pipeline.run;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.github.customertiers.pipeline.config.ValueModelOptions;
import io.github.customertiers.pipeline.value.RepeatPurchaseSummary;
import io.github.customertiers.pipeline.value.ValueModelFit;
import io.github.customertiers.pipeline.value.ValueModelFitter;
import io.github.customertiers.pipeline.value.ValueModelScoring;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The value-model stage of a run: per-customer summary, fit on the driver over distinct tuples
 * (or a recorded reason not to fit), and distributed scoring of p_alive, expected purchases,
 * expected value and CLV. When the model is not fitted the columns are null and the value score
 * falls back to monetary.
 *
 * <p>Guarantee when the model is fitted (value basis clv): {@code clv} is non-null and finite for
 * every customer with a transaction up to the as-of date, so for every buyer; it is 0 for a
 * customer whose refunds cancel their purchases. {@code p_alive} is null for customers without a
 * repeat purchase (and those without a purchase day).
 *
 * @param columns value_customer_id plus the value columns, one row per customer with a purchase
 */
public record CustomerValues(ValueModelFit fit, Dataset<Row> columns, Dataset<Row> summary) {

  public static CustomerValues compute(Dataset<Row> transactionsUpToAsOf, LocalDate asOf, ValueModelOptions options,
      Consumer<String> progress) {
    Dataset<Row> summary = RepeatPurchaseSummary.asOf(asOf).timeUnit(options.timeUnit())
        .summarise(transactionsUpToAsOf).persist(StorageLevel.MEMORY_AND_DISK());
    ValueModelFit fit = options.enabled()
        ? new ValueModelFitter(options.thresholds()).fit(summary, options.timeUnit())
        : ValueModelFit.notFitted("value_model.enabled is false", options.timeUnit(), 0, 0, 0);
    Dataset<Row> scored;
    if (fit.fitted()) {
      progress.accept(String.format(java.util.Locale.ROOT,
          "  value model fitted on %,d customers in %d ms: BG/NBD r=%.4f alpha=%.4f a=%.4g b=%.4g; %s",
          fit.customers(), fit.fitDurationMs(), fit.bgNbd().r(), fit.bgNbd().alpha(), fit.bgNbd().a(), fit.bgNbd().b(),
          fit.gammaGamma() != null
              ? String.format(java.util.Locale.ROOT, "Gamma-Gamma p=%.4g q=%.3f gamma=%.4g", fit.gammaGamma().p(),
                  fit.gammaGamma().q(), fit.gammaGamma().gamma())
              : String.format(java.util.Locale.ROOT, "spend per purchase: observed mean shrunk toward %.2f",
                  fit.populationMeanSpend())));
      for (String note : fit.notes()) {
        progress.accept("  value model note: " + note);
      }
      // Every customer with a transaction gets a clv: one whose days net to no purchase (refunded the
      // same day) is worth 0, and so is a history the formulas reject (logged by ValueModelScoring).
      scored = ValueModelScoring.score(summary, fit, options.clv())
          .withColumn(ValueModelScoring.CLV, coalesce(col(ValueModelScoring.CLV), lit(0.0)));
    } else {
      progress.accept("  value model not fitted (" + fit.reason() + "): value score ranks monetary");
      scored = ValueModelScoring.withoutValues(summary);
    }
    Dataset<Row> columns = scored.select(col("customer_id").as("value_customer_id"),
        col(ValueModelScoring.P_ALIVE), col(ValueModelScoring.EXPECTED_PURCHASES),
        col(ValueModelScoring.EXPECTED_VALUE), col(ValueModelScoring.CLV));
    return new CustomerValues(fit, columns, summary);
  }

  public void release() {
    summary.unpersist();
  }

  /** The manifest's value_model entry: the fit (parameters, log-likelihood, customers, unit) and the value basis. */
  public ValueModelSummary manifestEntry(String valueBasis) {
    return ValueModelSummary.of(fit, valueBasis);
  }
}
