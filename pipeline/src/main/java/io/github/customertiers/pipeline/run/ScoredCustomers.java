package io.github.customertiers.pipeline.run;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The score stage's output: one row per customer with features, value-model columns and scores
 * (persisted until {@link #close()}).
 *
 * @param features features joined with the value-model columns
 * @param scored {@code features} plus the RFM, value and loyalty scores
 * @param values the value-model fit (its summary already released)
 * @param basis what the value score ranks
 * @param customers rows of {@code scored}
 */
record ScoredCustomers(Dataset<Row> features, Dataset<Row> scored, CustomerValues values, ValueBasis basis, long customers)
    implements AutoCloseable {

  @Override
  public void close() {
    scored.unpersist();
    features.unpersist();
  }
}
