package io.github.customertiers.pipeline.scores;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * RFM scores, value score and loyalty score; the formulas are documented in docs/SCORING.md.
 *
 * <ul>
 *   <li>{@code r_score}, {@code f_score}, {@code m_score}: 1..5, quintile buckets among customers
 *       with a purchase (5 = most recent, most frequent, highest monetary);</li>
 *   <li>{@code value_score}: 0..100, percentile bucket of the value basis (monetary, or the CLV
 *       when the value model is fitted) among customers with a purchase;</li>
 *   <li>{@code loyalty_score}: 0..100, a weighted sum of repeat buying, regularity, tenure,
 *       recency and engagement.</li>
 * </ul>
 * Customers without a purchase get null RFM and value scores; their loyalty is engagement only.
 */
public final class CustomerScores {
  /** Tenure that earns the full tenure component, in days. */
  public static final int FULL_TENURE_DAYS = 730;
  /** Purchases in the scoring window that earn the full repeat component. */
  public static final int FULL_REPEAT_PURCHASES = 12;
  /** Interactions in the engagement window that earn the full engagement component. */
  public static final int FULL_ENGAGEMENT_INTERACTIONS = 20;

  private CustomerScores() {}

  /**
   * Adds the scores to customer features.
   *
   * @param valueColumn column holding the value basis (e.g. {@code monetary})
   * @param scoringMonths months in the scoring window (regularity denominator)
   */
  public static Dataset<Row> score(Dataset<Row> features, String valueColumn, int scoringMonths) {
    Dataset<Row> buyers = features.filter(col("has_purchase"));
    // All cut points in one distributed sort.
    double[] quintiles = QuantileCuts.equalCountQuantiles(5);
    List<double[]> cuts = QuantileCuts.at(buyers.withColumn("neg_recency", col("recency_days").multiply(-1)),
        List.of("neg_recency", "frequency", "monetary", valueColumn),
        List.of(quintiles, quintiles, quintiles, QuantileCuts.equalCountQuantiles(101)));
    return applyCuts(features, valueColumn, scoringMonths, cuts.get(0), cuts.get(1), cuts.get(2), cuts.get(3));
  }

  static Dataset<Row> applyCuts(Dataset<Row> features, String valueColumn, int scoringMonths,
      double[] recencyCuts, double[] frequencyCuts, double[] monetaryCuts, double[] valueCuts) {
    Column buyer = col("has_purchase");
    Dataset<Row> scored = features
        .withColumn("r_score", when(buyer, QuantileCuts.bucket(col("recency_days").multiply(-1), recencyCuts).plus(1)))
        .withColumn("f_score", when(buyer, QuantileCuts.bucket(col("frequency"), frequencyCuts).plus(1)))
        .withColumn("m_score", when(buyer, QuantileCuts.bucket(col("monetary"), monetaryCuts).plus(1)))
        .withColumn("value_score", when(buyer, QuantileCuts.bucket(col(valueColumn), valueCuts)));
    Column repeat = least(lit(1.0), col("frequency").minus(1).cast("double").divide(FULL_REPEAT_PURCHASES - 1));
    Column regularity = least(lit(1.0), col("months_active").cast("double").divide(scoringMonths));
    Column tenure = least(lit(1.0), col("tenure_days").cast("double").divide(FULL_TENURE_DAYS));
    // With the value model fitted, P(alive) replaces the recency bucket: it weighs recency against
    // the customer's own buying rate.
    Column recency = java.util.Arrays.asList(features.columns()).contains("p_alive")
        ? org.apache.spark.sql.functions.coalesce(col("p_alive"), col("r_score").minus(1).cast("double").divide(4))
        : col("r_score").minus(1).cast("double").divide(4);
    Column engagement = least(lit(1.0), col("interactions_recent").cast("double").divide(FULL_ENGAGEMENT_INTERACTIONS));
    Column loyalty = when(buyer, when(col("frequency").equalTo(0), lit(0.0)).otherwise(repeat).multiply(0.30)
            .plus(regularity.multiply(0.25)).plus(tenure.multiply(0.15)).plus(recency.multiply(0.15))
            .plus(engagement.multiply(0.15)))
        .otherwise(engagement.multiply(0.15));
    return scored
        .withColumn("loyalty_score", round(loyalty.multiply(100), 1).cast(DataTypes.DoubleType))
        .withColumn("r_score", col("r_score").cast(DataTypes.IntegerType))
        .withColumn("f_score", col("f_score").cast(DataTypes.IntegerType))
        .withColumn("m_score", col("m_score").cast(DataTypes.IntegerType))
        .withColumn("value_score", col("value_score").cast(DataTypes.IntegerType));
  }
}
