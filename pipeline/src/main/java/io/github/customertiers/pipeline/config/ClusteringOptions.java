package io.github.customertiers.pipeline.config;

/** k-means options: the range of k tried, the bounded driver sample, and the seed. */
public record ClusteringOptions(int kMin, int kMax, int sampleSize, int silhouetteSampleSize, long seed) {
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

  public static ClusteringOptions defaults() {
    return new ClusteringOptions(3, 7, 20_000, 2_000, 20240601L);
  }
}
