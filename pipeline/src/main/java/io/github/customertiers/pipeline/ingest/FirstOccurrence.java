package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.shiftright;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exact de-duplication of rows in the stored schema of a feed: rows are duplicates when every
 * canonical column is equal (nulls equal to nulls). {@link #of} keeps, of each group of duplicates,
 * the first occurrence by source file (in Spark's string order), then record number; {@link #notIn}
 * drops the rows already stored.
 *
 * <p>The first occurrence is found by one hash aggregation by the canonical columns over a single
 * {@code long}, the file's rank in the delivery times 2^40 plus the record number, so nothing ranks
 * or sorts all the rows.
 */
final class FirstOccurrence {
  private static final int RECORD_BITS = 40;

  private FirstOccurrence() {}

  /**
   * The first occurrence of each distinct row of {@code valid} (stored schema, {@code source_file}
   * one of {@code sources}).
   */
  static Dataset<Row> of(Dataset<Row> valid, Feed feed, Collection<String> sources) {
    // Spark orders strings by their UTF-8 bytes; so does this ranking.
    List<String> ranked = new ArrayList<>(sources);
    ranked.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    Column sourceList = ranked.isEmpty() ? array().cast("array<string>") : array(ranked.stream().map(s -> lit(s)).toArray(Column[]::new));
    Column position = array_position(sourceList, col("source_file")).multiply(lit(1L << RECORD_BITS)).plus(col("record_number"));
    List<Column> groupBy = new ArrayList<>();
    feed.canonicalColumns().forEach(c -> groupBy.add(col(c)));
    // A function of ts, so grouping by it too changes no group.
    groupBy.add(col("event_date"));
    Dataset<Row> first = valid.groupBy(groupBy.toArray(Column[]::new)).agg(min(position).as("_first"));
    List<Column> out = new ArrayList<>();
    for (String c : feed.storedSchema().fieldNames()) {
      out.add(switch (c) {
        case "source_file" -> element_at(sourceList, shiftright(col("_first"), RECORD_BITS).cast("int")).as(c);
        case "record_number" -> col("_first").bitwiseAND(lit((1L << RECORD_BITS) - 1)).as(c);
        default -> col(c);
      });
    }
    return first.select(out.toArray(Column[]::new));
  }

  /** The rows of {@code rows} whose canonical columns match no row of {@code stored}. */
  static Dataset<Row> notIn(Dataset<Row> rows, Dataset<Row> stored, Feed feed) {
    List<String> keys = feed.canonicalColumns();
    Dataset<Row> storedKeys = stored.select(keys.stream().map(c -> col(c).as("_s_" + c)).toArray(Column[]::new));
    Column sameRow = null;
    for (String k : keys) {
      Column eq = rows.col(k).eqNullSafe(storedKeys.col("_s_" + k));
      sameRow = sameRow == null ? eq : sameRow.and(eq);
    }
    return rows.join(storedKeys, sameRow, "left_anti");
  }
}
