package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@link FeedIngest} would store of a delivery's {@link ValidatedRows}: its valid rows flagged as
 * duplicates or not (persisted until {@link #release}), and the tallies completed with duplicates,
 * from which each file's {@link FileAccounting} is made.
 */
record FlaggedRows(Dataset<Row> flagged, Map<String, Tally> tallies) {
  Dataset<Row> newRows() {
    return flagged.filter(not(col("_duplicate"))).drop("_duplicate");
  }

  void release() {
    flagged.unpersist();
  }
}
