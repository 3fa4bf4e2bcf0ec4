package io.github.customertiers.pipeline.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.xxhash64;

import io.github.customertiers.pipeline.config.ClusteringOptions;
import io.github.customertiers.pipeline.spark.FaultInjection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import smile.clustering.CentroidClustering;
import smile.clustering.KMeans;
import smile.math.MathEx;

/**
 * The driver boundary of clustering. Takes a bounded, reproducible sample of active buyers (the
 * {@code sample_size} customers with the smallest seeded hash of their id, so the sample does not
 * depend on partitioning or file order), standardizes it, fits Smile k-means (Lloyd's algorithm
 * with k-means++ seeding; Arthur &amp; Vassilvitskii 2007) for every k in the configured range,
 * keeps the k with the best mean silhouette (Rousseeuw 1987) on a sub-sample, and orders clusters
 * by value. Assignment of all customers then runs on the executors with the model broadcast.
 */
public final class KMeansSegmenter {
  private static final Logger LOG = LogManager.getLogger(KMeansSegmenter.class);
  private static final int MAX_ITERATIONS = 100;

  private KMeansSegmenter() {}

  /**
   * A fit drops back to a cold fit (k chosen again by silhouette) when the warm-started clustering's
   * silhouette falls more than this below the silhouette saved with the previous model.
   */
  public static final double MAX_SILHOUETTE_DROP = 0.10;

  /** Result of fitting: the standardized model before the tier lines are decided. */
  public record Fit(double[] means, double[] stdDevs, double[][] centroids, int k, double silhouette,
      List<Double> silhouetteByK, long sampleSize, boolean warmStarted, String kChosenOn) {}

  /** A cold fit: k chosen by silhouette, features standardized on this sample. */
  public static Fit fit(Dataset<Row> activeBuyers, int scoringMonths, ClusteringOptions options) {
    return fit(activeBuyers, scoringMonths, options, null, "");
  }

  /**
   * Fits k-means on the sample. With a {@code previous} model (the previous published date's) and
   * no {@code refit}, keeps its k and scaling and runs Lloyd's iterations from its centroids, so
   * clusters follow the data instead of starting cold; falls back to a cold fit when the previous
   * model does not match the features or its k, or when the warm fit's silhouette dropped by more
   * than {@link #MAX_SILHOUETTE_DROP}.
   */
  public static Fit fit(Dataset<Row> activeBuyers, int scoringMonths, ClusteringOptions options, SegmentModel previous,
      String asOf) {
    List<Row> sampleRows = activeBuyers
        .select(xxhash64(lit(options.seed()), col("customer_id")).as("h"), col("customer_id"),
            SegmentFeatures.vector(scoringMonths).as("x"))
        .orderBy(col("h"), col("customer_id"))
        .limit(options.sampleSize())
        .select("x")
        .collectAsList();
    int n = sampleRows.size();
    int dims = SegmentFeatures.NAMES.size();
    if (n < options.kMin()) {
      throw new IllegalStateException("only " + n + " active buyers: too few to cluster into at least "
          + options.kMin() + " clusters");
    }
    double[][] data = new double[n][dims];
    for (int i = 0; i < n; i++) {
      List<Object> v = sampleRows.get(i).getList(0);
      for (int j = 0; j < dims; j++) {
        data[i][j] = ((Number) v.get(j)).doubleValue();
      }
    }
    int silhouetteN = Math.min(n, options.silhouetteSampleSize());
    if (previous != null && !options.refit() && SegmentFeatures.NAMES.equals(previous.featureNames())
        && previous.k() >= 2 && previous.k() <= n && previous.centroids() != null && previous.centroids().length == previous.k()) {
      double[][] z = standardize(data, previous.means(), previous.stdDevs());
      double[][] centroids = lloyd(z, previous.centroids());
      double s = silhouette(z, silhouetteN, centroids);
      if (s >= previous.silhouette() - MAX_SILHOUETTE_DROP) {
        LOG.info("k-means warm-started from the previous model (k={}, chosen on {}): silhouette {} (previous {})",
            previous.k(), previous.kChosenOn(), s, previous.silhouette());
        return new Fit(previous.means().clone(), previous.stdDevs().clone(), orderByValue(centroids), previous.k(), s,
            List.of(s), n, true, previous.kChosenOn());
      }
      LOG.warn("warm-started k-means degraded (silhouette {} against {} before, more than {} lower): choosing k again",
          s, previous.silhouette(), MAX_SILHOUETTE_DROP);
    }
    double[] means = new double[dims];
    double[] stdDevs = new double[dims];
    for (int j = 0; j < dims; j++) {
      final int jj = j;
      means[j] = Arrays.stream(data).mapToDouble(r -> r[jj]).average().orElse(0);
      double var = Arrays.stream(data).mapToDouble(r -> (r[jj] - means[jj]) * (r[jj] - means[jj])).sum() / n;
      stdDevs[j] = var > 1e-12 ? Math.sqrt(var) : 1.0;
    }
    double[][] z = standardize(data, means, stdDevs);
    int kMax = Math.min(options.kMax(), Math.max(options.kMin(), n / 10));
    List<Double> silhouettes = new ArrayList<>();
    double[][] bestCentroids = null;
    double bestSilhouette = -2;
    int bestK = -1;
    for (int k = options.kMin(); k <= kMax; k++) {
      MathEx.setSeed(options.seed() + k);
      CentroidClustering<double[], double[]> model = KMeans.fit(z, k, MAX_ITERATIONS);
      double[][] centroids = model.centers();
      double s = silhouette(z, silhouetteN, centroids);
      silhouettes.add(s);
      LOG.info("k-means k={} on {} sampled buyers: silhouette {}", k, n, String.format(java.util.Locale.ROOT, "%.4f", s));
      // A larger k must be clearly better to win: ties keep the simpler model.
      if (s > bestSilhouette + 1e-9) {
        bestSilhouette = s;
        bestK = k;
        bestCentroids = centroids;
      }
    }
    double[][] ordered = orderByValue(bestCentroids);
    return new Fit(means, stdDevs, ordered, bestK, bestSilhouette, List.copyOf(silhouettes), n, false, asOf);
  }

  private static double[][] standardize(double[][] data, double[] means, double[] stdDevs) {
    double[][] z = new double[data.length][];
    for (int i = 0; i < data.length; i++) {
      z[i] = new double[data[i].length];
      for (int j = 0; j < data[i].length; j++) {
        z[i][j] = (data[i][j] - means[j]) / stdDevs[j];
      }
    }
    return z;
  }

  /** Lloyd's iterations from the given centroids until no point changes cluster; an emptied cluster keeps its centroid. */
  static double[][] lloyd(double[][] z, double[][] start) {
    int k = start.length;
    int dims = start[0].length;
    double[][] centroids = Arrays.stream(start).map(double[]::clone).toArray(double[][]::new);
    int[] label = new int[z.length];
    Arrays.fill(label, -1);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      boolean changed = false;
      for (int i = 0; i < z.length; i++) {
        int c = nearest(z[i], centroids);
        if (c != label[i]) {
          label[i] = c;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      double[][] sum = new double[k][dims];
      int[] count = new int[k];
      for (int i = 0; i < z.length; i++) {
        count[label[i]]++;
        for (int j = 0; j < dims; j++) {
          sum[label[i]][j] += z[i][j];
        }
      }
      for (int c = 0; c < k; c++) {
        if (count[c] > 0) {
          for (int j = 0; j < dims; j++) {
            centroids[c][j] = sum[c][j] / count[c];
          }
        }
      }
    }
    return centroids;
  }

  /** Centroids sorted by descending value (sum of the standardized frequency and monetary coordinates). */
  static double[][] orderByValue(double[][] centroids) {
    return Arrays.stream(centroids)
        .sorted(Comparator.comparingDouble((double[] c) -> -valueOf(c)).thenComparing(Arrays::compare))
        .map(double[]::clone)
        .toArray(double[][]::new);
  }

  static double valueOf(double[] centroid) {
    return IntStream.of(SegmentFeatures.VALUE_FEATURES).mapToDouble(i -> centroid[i]).sum();
  }

  /** Mean silhouette of the first {@code m} points, each assigned to its nearest centroid. */
  static double silhouette(double[][] z, int m, double[][] centroids) {
    int k = centroids.length;
    int[] label = new int[m];
    for (int i = 0; i < m; i++) {
      label[i] = nearest(z[i], centroids);
    }
    double total = 0;
    for (int i = 0; i < m; i++) {
      double[] sum = new double[k];
      int[] count = new int[k];
      for (int j = 0; j < m; j++) {
        if (i != j) {
          sum[label[j]] += Math.sqrt(squaredDistance(z[i], z[j]));
          count[label[j]]++;
        }
      }
      if (count[label[i]] == 0) {
        continue; // a singleton cluster's silhouette is 0 by convention
      }
      double a = sum[label[i]] / count[label[i]];
      double b = Double.MAX_VALUE;
      for (int c = 0; c < k; c++) {
        if (c != label[i] && count[c] > 0) {
          b = Math.min(b, sum[c] / count[c]);
        }
      }
      if (b == Double.MAX_VALUE) {
        continue;
      }
      total += (b - a) / Math.max(a, b);
    }
    return total / m;
  }

  static int nearest(double[] x, double[][] centroids) {
    int best = 0;
    double bestD = Double.MAX_VALUE;
    for (int c = 0; c < centroids.length; c++) {
      double d = squaredDistance(x, centroids[c]);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }

  private static double squaredDistance(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return d;
  }

  /** Adds {@code cluster} to active buyers: nearest centroid, computed on the executors. */
  public static Dataset<Row> assign(Dataset<Row> activeBuyers, SegmentModel model, int scoringMonths) {
    Broadcast<SegmentModel> shared = org.apache.spark.api.java.JavaSparkContext
        .fromSparkContext(activeBuyers.sparkSession().sparkContext()).broadcast(model);
    UserDefinedFunction nearest = udf((UDF1<scala.collection.Seq<Object>, Integer>) v -> {
      FaultInjection.failTask("assign");
      double[] x = new double[v.length()];
      for (int i = 0; i < x.length; i++) {
        x[i] = ((Number) v.apply(i)).doubleValue();
      }
      return shared.value().predict(x);
    }, DataTypes.IntegerType);
    Column vector = SegmentFeatures.vector(scoringMonths);
    return activeBuyers.withColumn("cluster", nearest.apply(vector));
  }
}
