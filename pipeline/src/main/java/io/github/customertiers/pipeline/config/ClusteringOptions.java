package io.github.customertiers.pipeline.config;

/**
 * k-means options: the range of k tried, the bounded driver sample, the seed, and whether to
 * choose k and the tier lines afresh instead of carrying the previous published date's model.
 *
 * @param refit ignore the previous published model: choose k by silhouette, re-standardize and
 *     place the tier lines again (clustering.refit, --refit); also done when no model is published
 *     before the date or the carried fit degrades (docs/TIERS.md)
 */
public record ClusteringOptions(int kMin, int kMax, int sampleSize, int silhouetteSampleSize, long seed, boolean refit) {
  public ClusteringOptions {
    if (kMin < 2 || kMax < kMin || kMax > 20) {
      throw new IllegalArgumentException("clustering.k_min/k_max must satisfy 2 <= k_min <= k_max <= 20, got "
          + kMin + ".." + kMax);
    }
    if (sampleSize < 100 || sampleSize > 1_000_000) {
      throw new IllegalArgumentException("clustering.sample_size must be between 100 and 1000000, got " + sampleSize);
    }
    if (silhouetteSampleSize < 50 || silhouetteSampleSize > sampleSize) {
      throw new IllegalArgumentException("clustering.silhouette_sample_size must be between 50 and sample_size, got "
          + silhouetteSampleSize);
    }
  }

  public ClusteringOptions(int kMin, int kMax, int sampleSize, int silhouetteSampleSize, long seed) {
    this(kMin, kMax, sampleSize, silhouetteSampleSize, seed, false);
  }

  /** The same options with {@code refit} on (--refit). */
  public ClusteringOptions withRefit() {
    return new ClusteringOptions(kMin, kMax, sampleSize, silhouetteSampleSize, seed, true);
  }

  public static ClusteringOptions defaults() {
    return new ClusteringOptions(3, 7, 20_000, 2_000, 20240601L);
  }
}
