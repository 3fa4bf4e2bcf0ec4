package io.github.customertiers.pipeline.value;

import io.github.customertiers.pipeline.spark.SparkSessions;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Benchmark of the value stage on exports from {@code tiers generate}: reads the transaction CSV
 * files, times the per-customer summary (distributed) and the fit (driver, over distinct tuples).
 * Not a test; run it by hand on a generated directory, e.g. for 1 million customers:
 *
 * <pre>
 * scripts/tiers generate --out /tmp/gen1m --customers 1000000 --as-of 2026-11-15
 * mvn -o -q -pl pipeline test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt
 * java $(grep -v '^#' scripts/jvm-options) -Xmx8g -cp pipeline/target/test-classes:pipeline/target/classes:$(cat pipeline/target/test-cp.txt) \
 *     io.github.customertiers.pipeline.value.ValueStageBenchmark /tmp/gen1m/transactions 2026-11-15
 * </pre>
 */
public final class ValueStageBenchmark {
  private ValueStageBenchmark() {}

  public static void main(String[] args) {
    String transactionsDir = args[0];
    LocalDate asOf = LocalDate.parse(args[1]);
    SparkSession spark = SparkSessions.forJob("value-stage-benchmark", "local[*]", ZoneId.of("UTC"), Map.of());
    spark.sparkContext().setLogLevel("WARN");
    Dataset<Row> transactions = spark.read().option("header", "true").csv(transactionsDir)
        .selectExpr("customer_id", "to_date(ts) AS event_date", "CAST(amount AS DECIMAL(22,4)) AS amount");
    long t0 = System.nanoTime();
    Dataset<Row> summary = RepeatPurchaseSummary.asOf(asOf).summarise(transactions).persist(StorageLevel.MEMORY_AND_DISK());
    long customers = summary.count();
    long t1 = System.nanoTime();
    ValueModelFit fit = new ValueModelFitter(ValueModelThresholds.defaults()).fit(summary, ModelTimeUnit.WEEKS);
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "customers %,d; summary stage %.1f s; fit stage %.1f s (of which optimisation %d ms); "
            + "distinct tuples %,d, spend pairs %,d; fitted %s%n",
        customers, (t1 - t0) / 1e9, (t2 - t1) / 1e9, fit.fitDurationMs(), fit.distinctTuples(), fit.distinctSpendPairs(),
        fit.fitted() ? fit.bgNbd().describe() : fit.reason());
    spark.stop();
  }
}
