package io.github.customertiers.pipeline.ingest;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@link FeedIngest} read of a delivery: the validated records of every readable new file
 * (persisted until {@link #release}), and per-file tallies, which {@link DeliveryChecks} judge
 * before the duplicates are flagged ({@link FlaggedRows}).
 */
record ValidatedRows(Dataset<Row> validated, Map<String, Tally> tallies) {
  void release() {
    validated.unpersist();
  }
}
