package io.github.customertiers.pipeline.scores;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Exact quantile cut points computed with a distributed global sort and ranks: only the cut
 * values (a handful of numbers) reach the driver, never the customers. The same values give the
 * same cut points whatever the partitioning or row order.
 *
 * <p>The cut point of quantile {@code q} over {@code n} sorted values is the nearest-rank
 * q-quantile: the value at 1-based rank {@code ceil(q * n)} (at least 1). Bucketing counts the cut
 * points strictly below a value: with distinct values, the value at 0-based rank {@code j} lands in
 * bucket {@code floor(j * k / n)} of {@code k}; equal values always land in the same bucket, and a
 * value shared by many customers lands in the lowest bucket it reaches (buckets above it may stay
 * empty; the manifest shows the resulting distribution).
 */
public final class QuantileCuts {
  private QuantileCuts() {}

  /** Cut points at the given quantiles (each in [0, 1]) of a numeric column; empty when no rows. */
  public static double[] at(Dataset<Row> rows, String column, double... quantiles) {
    Dataset<Double> values = rows.select(col(column).cast("double")).filter(col(column).isNotNull()).as(Encoders.DOUBLE());
    long n = values.count();
    if (n == 0) {
      return new double[0];
    }
    Map<Long, List<Integer>> wanted = new TreeMap<>();
    for (int i = 0; i < quantiles.length; i++) {
      if (!(quantiles[i] >= 0 && quantiles[i] <= 1)) {
        throw new IllegalArgumentException("quantile must be within [0, 1], got " + quantiles[i]);
      }
      long rank = Math.max(0, Math.min(n - 1, (long) Math.ceil(quantiles[i] * n) - 1));
      wanted.computeIfAbsent(rank, r -> new ArrayList<>()).add(i);
    }
    JavaRDD<Double> sorted = values.javaRDD().sortBy(v -> v, true, Math.max(1, values.rdd().getNumPartitions()));
    java.util.Set<Long> ranks = new java.util.HashSet<>(wanted.keySet());
    double[] cuts = new double[quantiles.length];
    for (scala.Tuple2<Double, Long> hit : sorted.zipWithIndex().filter(t -> ranks.contains(t._2())).collect()) {
      for (int i : wanted.get(hit._2())) {
        cuts[i] = hit._1();
      }
    }
    return cuts;
  }

  /** Cut points splitting the values into {@code buckets} equal-count buckets: quantiles i/buckets. */
  public static double[] equalCount(Dataset<Row> rows, String column, int buckets) {
    double[] q = new double[buckets - 1];
    for (int i = 1; i < buckets; i++) {
      q[i - 1] = (double) i / buckets;
    }
    return at(rows, column, q);
  }

  /** The number of cut points strictly below the value (0 .. cuts.length); null stays null. */
  public static Column bucket(Column value, double[] cuts) {
    Column bucket = lit(0);
    for (double cut : cuts) {
      bucket = bucket.plus(when(value.cast("double").gt(lit(cut)), lit(1)).otherwise(lit(0)));
    }
    return when(value.isNotNull(), bucket);
  }
}
