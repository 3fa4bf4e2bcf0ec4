package io.github.customertiers.pipeline.tiers;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outcome of tiering: the segment rows (one per published customer), the fitted model
 * (clusters and tier lines; null when there were too few active buyers to cluster), and how many
 * customers were left unpublished because they neither bought nor engaged within the windows.
 *
 * <p>{@code segments} reads from {@code classified}, which tiering persisted; whoever tiers
 * releases it with {@link #close()} once the segments are written (the run: after publishing).
 *
 * @param classified every scored customer with its group (lapsed, new, prospect, active), persisted until {@link #close()}
 */
public record TieredCustomers(Dataset<Row> segments, TierModel model, long activeBuyers, long unpublished,
    Dataset<Row> classified) implements AutoCloseable {

  /** Releases what tiering persisted; {@code segments} is recomputed if read after this. */
  @Override
  public void close() {
    classified.unpersist();
  }
}
