package io.github.customertiers.pipeline.tiers;

import io.github.customertiers.pipeline.cluster.SegmentModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outcome of tiering: the segment rows (one per published customer), the fitted model (null
 * when there were too few active buyers to cluster), and how many customers were left unpublished
 * because they neither bought nor engaged within the windows.
 */
public record TieredCustomers(Dataset<Row> segments, SegmentModel model, long activeBuyers, long unpublished) {}
