package io.github.customertiers.pipeline.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes several RFC 4180 CSV files of declared {@link ExportColumns} (header, CRLF, quotes
 * doubled, rounded for people), each in its own order, with one Spark query: every file's rows are
 * rendered to CSV lines by Spark's own CSV generator ({@code to_csv} with {@link #OPTIONS}), the
 * lines of all files are sorted together (by file, then by the file's order) and written in
 * parallel, one folder per file; each file's part files, already in order, are then concatenated
 * behind its header by streaming (no rows on the driver). {@link TierExports} writes the tier files
 * with Spark's CSV writer and the same options, and assembles them with {@link #concatenate}.
 */
public final class CsvFiles {
  /**
   * The CSV options of every export, for Spark's CSV writer and for {@code to_csv}: quotes doubled,
   * CRLF (also inside a quoted field with a line break), nulls and empty strings as empty fields.
   */
  public static final Map<String, String> OPTIONS = Map.of("quote", "\"", "escape", "\"", "nullValue", "", "emptyValue", "",
      "lineSep", "\r\n");

  private CsvFiles() {}

  /** One sort key of a file: a value of its rows, ascending (nulls first) or descending (nulls last). */
  public record SortKey(Column value, boolean descending) {
    public static SortKey ascending(Column value) {
      return new SortKey(value, false);
    }

    public static SortKey descending(Column value) {
      return new SortKey(value, true);
    }
  }

  /**
   * One file: {@code name} (written as {@code <name>.csv}), its rows (holding every column and
   * every sort key's inputs), its columns in order, and its order.
   */
  public record Listing(String name, Dataset<Row> rows, List<String> columns, List<SortKey> order) {}

  /** Writes every listing into {@code directory}; returns each file's data rows, by name, in the listings' order. */
  public static Map<String, Long> write(List<Listing> listings, FileSystem fs, Path directory) throws IOException {
    if (listings.isEmpty()) {
      return Map.of();
    }
    Path parts = new Path(directory, "_parts_listings");
    Dataset<Row> lines = null;
    List<Column> order = new ArrayList<>();
    order.add(col("_file"));
    for (int f = 0; f < listings.size(); f++) {
      Listing listing = listings.get(f);
      List<Column> select = new ArrayList<>();
      select.add(lit(listing.name()).as("_file"));
      Column[] written = listing.columns().stream().map(c -> ExportColumns.of(c).written()).toArray(Column[]::new);
      select.add(to_csv(struct(written), OPTIONS).as("_line"));
      // Each file's keys in columns of their own: null in the other files' rows, so they order only their file.
      for (int k = 0; k < listing.order().size(); k++) {
        SortKey key = listing.order().get(k);
        String name = "_key_" + f + "_" + k;
        select.add(key.value().as(name));
        order.add(key.descending() ? col(name).desc() : col(name).asc());
      }
      Dataset<Row> fileLines = listing.rows().select(select.toArray(Column[]::new));
      lines = lines == null ? fileLines : lines.unionByName(fileLines, true);
    }
    lines.orderBy(order.toArray(Column[]::new)).select(col("_line"), col("_file"))
        .write().mode(SaveMode.Overwrite)
        .partitionBy("_file")
        .option("lineSep", "\r\n")
        .text(parts.toString());
    Map<String, Long> rows = new LinkedHashMap<>();
    for (Listing listing : listings) {
      rows.put(listing.name(), concatenate(fs, new Path(directory, listing.name() + ".csv"),
          String.join(",", listing.columns()) + "\r\n", new Path(parts, "_file=" + listing.name())));
    }
    fs.delete(parts, true);
    return rows;
  }

  /**
   * Writes {@code header}, then the part files of {@code parts} in name order (Spark's order of a
   * sorted write), to {@code out} by streaming; a missing {@code parts} gives the header alone.
   * Returns the CSV records of the parts (line ends outside quoted fields), the file's data rows.
   */
  static long concatenate(FileSystem fs, Path out, String header, Path parts) throws IOException {
    CsvRecordCount records = new CsvRecordCount();
    try (OutputStream o = fs.create(out, true)) {
      o.write(header.getBytes(StandardCharsets.UTF_8));
      if (!fs.exists(parts)) {
        return 0;
      }
      FileStatus[] files = fs.listStatus(parts, p -> p.getName().startsWith("part-"));
      Arrays.sort(files, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      byte[] buffer = new byte[1 << 16];
      for (FileStatus f : files) {
        try (InputStream in = fs.open(f.getPath())) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            o.write(buffer, 0, n);
            records.scan(buffer, n);
          }
        }
      }
    }
    return records.total();
  }
}
