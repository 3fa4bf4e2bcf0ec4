package io.github.customertiers.pipeline.ingest;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@link FeedIngest} would store of a delivery's {@link ValidatedRows}: its valid rows that are
 * not duplicates, in the stored schema (persisted until {@link #release}), and the tallies completed
 * with duplicates, from which each file's {@link FileAccounting} is made.
 */
record FlaggedRows(Dataset<Row> newRows, Map<String, Tally> tallies) {
  void release() {
    newRows.unpersist();
  }
}
