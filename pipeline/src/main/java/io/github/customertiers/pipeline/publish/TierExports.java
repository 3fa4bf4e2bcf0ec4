package io.github.customertiers.pipeline.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;

import io.github.customertiers.pipeline.tiers.Tier;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes one RFC 4180 CSV file per tier ({@code <tier>.csv}: header, CRLF line ends, fields with
 * commas, quotes or line breaks quoted, quotes doubled), ordered by value score, highest first.
 * Spark writes the rows in parallel; the part files, already in order, are then concatenated
 * behind the header by streaming (no rows are held in memory). Every tier gets a file, possibly
 * with the header only. Numbers are rounded for people ({@link ExportColumns}); the folder gets the
 * column dictionary ({@value #DICTIONARY}) and is finished by {@link ExportFolder} (no side files,
 * an exports manifest, permissions).
 */
public final class TierExports {
  /** Text columns are neutralised against formula execution; the others are numbers. */
  public static final List<String> TEXT_COLUMNS = List.of("customer_id", "tier", "previous_tier", "reason", "movement",
      "recommended_action", "contact_cadence");

  /** The column dictionary written beside the files: name, type, unit, meaning. */
  public static final String DICTIONARY = "columns.csv";

  private TierExports() {}

  public static void write(Dataset<Row> segments, List<String> columns, FileSystem fs, Path directory) throws IOException {
    Path parts = new Path(directory, "_parts");
    List<Column> select = new ArrayList<>();
    for (String c : columns) {
      select.add(ExportColumns.of(c).written());
    }
    select.add(col("tier").as("_tier"));
    segments.select(select.toArray(Column[]::new))
        .orderBy(col("_tier"), desc("value_score"), col("customer_id"))
        .write().mode(SaveMode.Overwrite)
        .partitionBy("_tier")
        .options(CsvFiles.OPTIONS)
        .option("header", "false")
        .csv(parts.toString());
    String header = String.join(",", columns) + "\r\n";
    for (Tier tier : Tier.values()) {
      CsvFiles.concatenate(fs, new Path(directory, tier.label() + ".csv"), header, new Path(parts, "_tier=" + tier.label()));
    }
    fs.delete(parts, true);
    try (OutputStream o = fs.create(new Path(directory, DICTIONARY), true)) {
      o.write(ExportColumns.dictionary(columns).getBytes(StandardCharsets.UTF_8));
    }
    ExportFolder.finish(fs, directory);
  }
}
