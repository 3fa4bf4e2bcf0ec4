package io.github.customertiers.pipeline.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;
import java.util.List;

/**
 * The fitted segment model of one run: a value that says how active buyers were clustered. It is
 * saved, with the tier lines, as {@code tiers/TierModel} in {@code _model.json} beside the segments
 * so the run can be explained and reproduced, and read back by the next date to carry k, the
 * scaling and the centroids over (docs/TIERS.md). This package knows nothing of tiers beyond the
 * labels in {@code clusterTiers}.
 *
 * <p>Features are transformed ({@link SegmentFeatures}), then standardized with the means and
 * standard deviations kept here (those of the date k was chosen on, carried since). Clusters are
 * numbered by descending value (0 = most valuable).
 *
 * @param featureNames names of the transformed features, in vector order
 * @param means per-feature mean used to standardize
 * @param stdDevs per-feature standard deviation used to standardize (1 where it was 0)
 * @param centroids standardized centroids, ordered by descending value
 * @param clusterTiers tier label of each cluster's centroid position (its members' mean scores) under the tier lines
 * @param silhouetteByK mean silhouette of every k tried, in k order (only k on a warm start)
 * @param warmStarted true when k, scaling and starting centroids came from the previous published date
 * @param kChosenOn as-of date on which k and the scaling were chosen (by silhouette)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
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
    long sampleSize,
    boolean warmStarted,
    String kChosenOn) implements Serializable {

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

  /** The same model with the tier label of each cluster decided. */
  public SegmentModel withClusterTiers(List<String> tiersOfClusters) {
    return new SegmentModel(featureNames, means, stdDevs, centroids, tiersOfClusters, k, silhouette, silhouetteByK,
        kMin, seed, sampleSize, warmStarted, kChosenOn);
  }
}
