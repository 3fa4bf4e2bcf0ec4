package io.github.customertiers.pipeline.backtest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Capture curve and normalised Gini of an order of customers. The rank of each customer comes from
 * a distributed sort followed by {@code zipWithIndex} (one extra job counts the rows per partition);
 * the curve and the Gini are then one aggregation: at a fixed percentile x the capture is the
 * holdout revenue of the customers ranked {@code <= ceil(x% of n)} over the total, and
 *
 * <pre>
 *   A = sum_j revenue_j * (n - rank_j + 1) / (n * total)     (mean capture over all prefixes)
 *   normalised Gini = (A - (n + 1) / (2n)) / (A_perfect - (n + 1) / (2n))
 * </pre>
 * where {@code (n + 1) / (2n)} is A of a random order and {@code A_perfect} is A of the order by
 * holdout revenue itself.
 */
public final class CaptureCurve {
  /** The percentiles of customers at which capture is reported. */
  public static final List<Integer> PERCENTILES = List.of(1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
  public static final String RANK = "rank";

  private CaptureCurve() {}

  /** Number of customers in the top {@code percent}% of {@code n}. */
  public static long topCount(long n, int percent) {
    return (long) Math.ceil(n * percent / 100.0 - 1e-9);
  }

  /**
   * {@code customer_id}, {@code holdout_revenue} and {@code rank} (1 = best) of every customer in
   * {@code order}.
   */
  public static Dataset<Row> ranked(Dataset<Row> customers, RankingOrder order) {
    Dataset<Row> sorted = customers.orderBy(order.sortKeys())
        .select(col("customer_id").cast("string"), col(HoldoutOutcomes.HOLDOUT_REVENUE).cast("double"));
    JavaRDD<Row> withRank = sorted.javaRDD().zipWithIndex()
        .map(t -> RowFactory.create(t._1().get(0), t._1().get(1), t._2() + 1));
    StructType schema = new StructType()
        .add("customer_id", DataTypes.StringType)
        .add(HoldoutOutcomes.HOLDOUT_REVENUE, DataTypes.DoubleType)
        .add(RANK, DataTypes.LongType);
    return customers.sparkSession().createDataFrame(withRank, schema);
  }

  /** Prefix sums at the fixed percentiles and the area term, of a ranked table. */
  static Sums sums(Dataset<Row> ranked, long n) {
    List<Column> aggs = new ArrayList<>();
    Column revenue = col(HoldoutOutcomes.HOLDOUT_REVENUE);
    for (int p : PERCENTILES) {
      aggs.add(sum(when(col(RANK).leq(lit(topCount(n, p))), revenue).otherwise(lit(0.0))));
    }
    aggs.add(sum(revenue.multiply(lit(n).minus(col(RANK)).plus(lit(1)))));
    Row row = ranked.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    double[] prefix = new double[PERCENTILES.size()];
    for (int i = 0; i < prefix.length; i++) {
      prefix[i] = row.isNullAt(i) ? 0 : row.getDouble(i);
    }
    double area = row.isNullAt(prefix.length) ? 0 : row.getDouble(prefix.length);
    return new Sums(prefix, area);
  }

  /** Prefix revenue at each percentile and {@code sum revenue * (n - rank + 1)}. */
  record Sums(double[] prefix, double area) {}

  /** Capture and normalised Gini of {@code order} against the perfect order's sums. */
  static RankingQuality quality(RankingOrder order, Sums sums, Sums perfect, long n, double total) {
    List<Double> capture = new ArrayList<>();
    for (double p : sums.prefix()) {
      capture.add(total == 0 ? Double.NaN : p / total);
    }
    double random = (n + 1) / (2.0 * n);
    double a = sums.area() / (n * total);
    double aPerfect = perfect.area() / (n * total);
    double gini = total == 0 || aPerfect == random ? Double.NaN : (a - random) / (aPerfect - random);
    return new RankingQuality(order, capture, gini);
  }
}
