package io.github.customertiers.pipeline.scores;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
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
    return at(rows, List.of(column), List.of(quantiles)).get(0);
  }

  /**
   * Cut points of several numeric columns of the same rows in one distributed sort: element {@code i}
   * holds the cut points at {@code quantiles.get(i)} of {@code columns.get(i)} (empty when the column
   * has no non-null value). A column may be asked for twice, with different quantiles.
   */
  public static List<double[]> at(Dataset<Row> rows, List<String> columns, List<double[]> quantiles) {
    if (columns.size() != quantiles.size()) {
      throw new IllegalArgumentException(columns.size() + " columns but " + quantiles.size() + " quantile lists");
    }
    for (double[] qs : quantiles) {
      for (double q : qs) {
        if (!(q >= 0 && q <= 1)) {
          throw new IllegalArgumentException("quantile must be within [0, 1], got " + q);
        }
      }
    }
    // (column index, value) pairs of every non-null value, sorted by column then value: each
    // column's values form one run of the sorted order, in ascending order.
    Column[] pairs = new Column[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      pairs[i] = struct(lit(i).as("c"), col(columns.get(i)).cast("double").as("v"));
    }
    Dataset<Row> values = rows.select(explode(array(pairs)).as("p")).select(col("p.c").as("c"), col("p.v").as("v"))
        .filter(col("v").isNotNull());
    List<double[]> cuts = new ArrayList<>();
    if (quantiles.stream().allMatch(qs -> qs.length == 0)) {
      for (int i = 0; i < columns.size(); i++) {
        cuts.add(new double[0]);
      }
      return cuts;
    }
    // One sort; its partitions are then counted per column (a job returning a few numbers per
    // partition), which gives each column's size and each partition's first global position, and a
    // last job picks the values at the wanted positions. No separate counting query.
    JavaRDD<Row> sorted = values.orderBy(col("c"), col("v")).javaRDD();
    int width = columns.size();
    List<long[]> partitionCounts = new ArrayList<>(sorted.mapPartitionsWithIndex((Integer partition, Iterator<Row> it) -> {
      long[] n = new long[width + 1];
      n[0] = partition;
      while (it.hasNext()) {
        n[1 + it.next().getInt(0)]++;
      }
      return List.of(n).iterator();
    }, true).collect());
    partitionCounts.sort(Comparator.comparingLong(n -> n[0]));
    long[] counts = new long[width];
    long[] partitionStarts = new long[partitionCounts.size()];
    long seen = 0;
    for (long[] n : partitionCounts) {
      partitionStarts[(int) n[0]] = seen;
      for (int i = 0; i < width; i++) {
        counts[i] += n[1 + i];
        seen += n[1 + i];
      }
    }
    // Global positions (0-based, in the sorted order) of the wanted ranks, with the cuts they fill.
    Map<Long, List<int[]>> wanted = new TreeMap<>();
    long offset = 0;
    for (int i = 0; i < width; i++) {
      long n = counts[i];
      double[] qs = quantiles.get(i);
      cuts.add(new double[n == 0 ? 0 : qs.length]);
      for (int j = 0; n > 0 && j < qs.length; j++) {
        long rank = Math.max(0, Math.min(n - 1, (long) Math.ceil(qs[j] * n) - 1));
        wanted.computeIfAbsent(offset + rank, k -> new ArrayList<>()).add(new int[] {i, j});
      }
      offset += n;
    }
    if (wanted.isEmpty()) {
      return cuts;
    }
    Set<Long> positions = new HashSet<>(wanted.keySet());
    List<scala.Tuple2<Long, Double>> hits = sorted.mapPartitionsWithIndex((Integer partition, Iterator<Row> it) -> {
      List<scala.Tuple2<Long, Double>> found = new ArrayList<>();
      long position = partitionStarts[partition];
      while (it.hasNext()) {
        Row r = it.next();
        if (positions.contains(position)) {
          found.add(new scala.Tuple2<>(position, r.getDouble(1)));
        }
        position++;
      }
      return found.iterator();
    }, true).collect();
    for (scala.Tuple2<Long, Double> hit : hits) {
      for (int[] at : wanted.get(hit._1())) {
        cuts.get(at[0])[at[1]] = hit._2();
      }
    }
    return cuts;
  }

  /** Cut points splitting the values into {@code buckets} equal-count buckets: quantiles i/buckets. */
  public static double[] equalCount(Dataset<Row> rows, String column, int buckets) {
    return at(rows, column, equalCountQuantiles(buckets));
  }

  /** The quantiles i/buckets, i = 1 .. buckets - 1. */
  public static double[] equalCountQuantiles(int buckets) {
    double[] q = new double[buckets - 1];
    for (int i = 1; i < buckets; i++) {
      q[i - 1] = (double) i / buckets;
    }
    return q;
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
