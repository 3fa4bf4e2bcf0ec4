package io.github.customertiers.pipeline.stability;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts active buyers (vip, key, ordinary) who sit in a lower tier than some other buyer whom
 * they beat by more than {@code margin} points on both value_score and loyalty_score. Only a
 * per-tier, per-value-score table of minimum loyalties (at most 3 x 101 rows) reaches the driver.
 */
public final class MonotonicityCheck {
  private MonotonicityCheck() {}

  /** Result: buyers in a value tier, and how many of them are beaten-down (violations). */
  public record Result(long buyers, long violations) {
    public double share() {
      return buyers == 0 ? 0 : (double) violations / buyers;
    }
  }

  public static Result of(Dataset<Row> segments, double margin) {
    Dataset<Row> buyers = segments.filter(col("tier").isin("vip", "key", "ordinary"))
        .select(when(col("tier").equalTo("vip"), 0).when(col("tier").equalTo("key"), 1).otherwise(2).as("rank"),
            col("value_score").cast("int").as("v"), col("loyalty_score").cast("double").as("l"))
        .filter(col("v").isNotNull().and(col("l").isNotNull()));
    // minLoyalty[rank][v]: the lowest loyalty among buyers of that rank with value score <= v.
    double[][] minLoyalty = new double[3][102];
    for (double[] row : minLoyalty) {
      java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
    }
    List<Row> table = buyers.groupBy("rank", "v").agg(min("l")).collectAsList();
    for (Row r : table) {
      int v = Math.max(0, Math.min(101, r.getInt(1)));
      minLoyalty[r.getInt(0)][v] = Math.min(minLoyalty[r.getInt(0)][v], r.getDouble(2));
    }
    for (double[] row : minLoyalty) {
      for (int v = 1; v < row.length; v++) {
        row[v] = Math.min(row[v], row[v - 1]);
      }
    }
    // Best loyalty threshold to beat for a buyer of rank r at value v: min over higher ranks.
    double[][] beatable = new double[3][102];
    for (int r = 0; r < 3; r++) {
      for (int v = 0; v < 102; v++) {
        double best = Double.POSITIVE_INFINITY;
        for (int higher = 0; higher < r; higher++) {
          best = Math.min(best, minLoyalty[higher][v]);
        }
        beatable[r][v] = best;
      }
    }
    // A buyer (r, v, l) is a violation when some higher-ranked buyer has value < v - margin and loyalty < l - margin.
    org.apache.spark.broadcast.Broadcast<double[][]> shared = org.apache.spark.api.java.JavaSparkContext
        .fromSparkContext(segments.sparkSession().sparkContext()).broadcast(beatable);
    org.apache.spark.sql.expressions.UserDefinedFunction violates = org.apache.spark.sql.functions.udf(
        (org.apache.spark.sql.api.java.UDF3<Integer, Integer, Double, Boolean>) (r, v, l) -> {
          int below = (int) Math.ceil(v - margin) - 1; // highest integer value strictly below v - margin
          if (below < 0) {
            return false;
          }
          return shared.value()[r][Math.min(101, below)] < l - margin;
        }, org.apache.spark.sql.types.DataTypes.BooleanType);
    Row counts = buyers.agg(count(lit(1)),
        org.apache.spark.sql.functions.sum(when(violates.apply(col("rank"), col("v"), col("l")), 1).otherwise(0))).first();
    return new Result(counts.getLong(0), counts.isNullAt(1) ? 0 : counts.getLong(1));
  }
}
