package io.github.customertiers.pipeline.value;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF6;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Adds the value-model columns to a {@link RepeatPurchaseSummary} output, on the executors: one
 * deterministic UDF per row captures the (small, serializable) {@link CustomerValueCalculator}.
 *
 * <p>Added columns (all double, null for customers without a purchase day, null where the models
 * give no finite value, and null with a warning in the executor log for a history the formulas
 * reject; {@code p_alive} is also null for customers without a repeat purchase, see
 * {@link CustomerValueCalculator}):
 * <ul>
 *   <li>{@code p_alive}: P(alive | x, t_x, T) at the as-of date</li>
 *   <li>{@code expected_purchases}: expected purchase days over the CLV horizon</li>
 *   <li>{@code expected_value}: expected net amount per future purchase day (currency)</li>
 *   <li>{@code clv}: discounted margin over the horizon (currency), see {@link CustomerValueCalculator}</li>
 * </ul>
 */
public final class ValueModelScoring {

  public static final String P_ALIVE = "p_alive";
  public static final String EXPECTED_PURCHASES = "expected_purchases";
  public static final String EXPECTED_VALUE = "expected_value";
  public static final String CLV = "clv";
  public static final List<String> VALUE_COLUMNS = List.of(P_ALIVE, EXPECTED_PURCHASES, EXPECTED_VALUE, CLV);

  private static final String VALUES = "_customer_value";
  private static final Logger LOG = LogManager.getLogger(ValueModelScoring.class);
  private static final StructType VALUE_TYPE = new StructType()
      .add(P_ALIVE, DataTypes.DoubleType)
      .add(EXPECTED_PURCHASES, DataTypes.DoubleType)
      .add(EXPECTED_VALUE, DataTypes.DoubleType)
      .add(CLV, DataTypes.DoubleType);

  private ValueModelScoring() {}

  /** Scores with a successful fit; throws when {@code fit.fitted()} is false (use {@link #withoutValues}). */
  public static Dataset<Row> score(Dataset<Row> customerSummary, ValueModelFit fit, ClvParameters parameters) {
    if (!fit.fitted()) {
      throw new IllegalStateException("cannot score with a value model that was not fitted: " + fit.reason());
    }
    return score(customerSummary, new CustomerValueCalculator(fit.bgNbd(), SpendPerPurchase.of(fit), parameters));
  }

  /**
   * Adds {@link #VALUE_COLUMNS}. The summary's times must be in {@code bgNbd.timeUnit()}.
   */
  public static Dataset<Row> score(Dataset<Row> customerSummary, BgNbdModel bgNbd, GammaGammaModel gammaGamma,
      ClvParameters parameters) {
    return score(customerSummary, new CustomerValueCalculator(bgNbd, gammaGamma, parameters));
  }

  private static Dataset<Row> score(Dataset<Row> customerSummary, CustomerValueCalculator calculator) {
    UserDefinedFunction customerValue = udf(
        (UDF6<Integer, Double, Double, Double, Double, Double, Row>) (x, tx, age, meanValue, firstValue, refundShare)
            -> valueRow(calculator, x, tx, age, meanValue, firstValue, refundShare),
        VALUE_TYPE);
    Column values = customerValue.apply(col(RepeatPurchaseSummary.REPEAT_PURCHASES),
        col(RepeatPurchaseSummary.RECENCY), col(RepeatPurchaseSummary.AGE),
        col(RepeatPurchaseSummary.MEAN_REPEAT_VALUE), col(RepeatPurchaseSummary.FIRST_PURCHASE_VALUE),
        col(RepeatPurchaseSummary.REFUND_SHARE));
    Dataset<Row> withValues = customerSummary.withColumn(VALUES, values);
    for (String name : VALUE_COLUMNS) {
      withValues = withValues.withColumn(name, col(VALUES).getField(name));
    }
    return withValues.drop(VALUES);
  }

  /** Adds {@link #VALUE_COLUMNS} as nulls, so runs without a fitted model keep the same schema. */
  public static Dataset<Row> withoutValues(Dataset<Row> customerSummary) {
    Dataset<Row> result = customerSummary;
    for (String name : VALUE_COLUMNS) {
      result = result.withColumn(name, lit(null).cast(DataTypes.DoubleType));
    }
    return result;
  }

  private static Row valueRow(CustomerValueCalculator calculator, Integer x, Double tx, Double age, Double meanValue,
      Double firstValue, Double refundShare) {
    if (x == null || tx == null || age == null) {
      return null;
    }
    CustomerValue value;
    try {
      value = calculator.value(x, tx, age, meanValue == null ? Double.NaN : meanValue,
          firstValue == null ? Double.NaN : firstValue, refundShare == null ? 0.0 : refundShare);
    } catch (ArithmeticException | IllegalArgumentException e) {
      // One unscorable history (inconsistent times, a series that does not converge) must not fail the run.
      LOG.warn("No value-model score for x={}, t_x={}, T={}, mean value={}: {}", x, tx, age, meanValue, e.getMessage());
      return RowFactory.create(null, null, null, null);
    }
    return RowFactory.create(finiteOrNull(value.probabilityAlive()), finiteOrNull(value.expectedPurchases()),
        finiteOrNull(value.expectedValue()), finiteOrNull(value.clv()));
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
