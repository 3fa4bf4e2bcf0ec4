package io.github.customertiers.pipeline.cluster;

import java.io.Serializable;
import java.util.List;

/**
 * The fitted segment model of one run: a value that says how active buyers were clustered and how
 * clusters map to tiers, saved beside the segments so the run can be explained and reproduced.
 *
 * <p>Features are transformed ({@link SegmentFeatures}), then standardized with the sample means
 * and standard deviations kept here. Clusters are numbered by descending value (0 = most
 * valuable), so labels are stable across runs whatever order k-means found them in.
 *
 * @param featureNames names of the transformed features, in vector order
 * @param means per-feature mean of the fit sample
 * @param stdDevs per-feature standard deviation of the fit sample (1 where it was 0)
 * @param centroids standardized centroids, ordered by descending value
 * @param clusterTiers tier of each cluster (vip, key or ordinary); "vip+key" marks a cluster split by a value cut
 * @param silhouetteByK mean silhouette of every k tried, in k order
 */
public record SegmentModel(
    List<String> featureNames,
    double[] means,
    double[] stdDevs,
    double[][] centroids,
    List<String> clusterTiers,
    int k,
    double silhouette,
    List<Double> silhouetteByK,
    int kMin,
    long seed,
    long sampleSize) implements Serializable {

  /** Nearest centroid (Euclidean, standardized space) of a raw feature vector. */
  public int predict(double[] transformed) {
    int best = 0;
    double bestDistance = Double.MAX_VALUE;
    for (int c = 0; c < centroids.length; c++) {
      double d = 0;
      for (int j = 0; j < transformed.length; j++) {
        double z = (transformed[j] - means[j]) / stdDevs[j] - centroids[c][j];
        d += z * z;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }
}
