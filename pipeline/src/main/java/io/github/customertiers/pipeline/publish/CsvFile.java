package io.github.customertiers.pipeline.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes one RFC 4180 CSV file (header, CRLF, quotes doubled) of declared {@link ExportColumns},
 * rounded for people, in the given order: Spark writes sorted part files in parallel, which are then
 * concatenated behind the header by streaming (no rows on the driver), as {@link TierExports} does.
 */
public final class CsvFile {
  private CsvFile() {}

  /**
   * Writes {@code rows} (which must hold every column) to {@code out}, ordered by {@code order};
   * returns the data rows written (counted in the file while it is assembled: no second query).
   */
  public static long write(Dataset<Row> rows, List<String> columns, Column[] order, FileSystem fs, Path out) throws IOException {
    Path parts = new Path(out.getParent(), "_parts_" + out.getName());
    Column[] select = columns.stream().map(c -> ExportColumns.of(c).written()).toArray(Column[]::new);
    rows.orderBy(order).select(select)
        .write().mode(SaveMode.Overwrite)
        .option("header", "false")
        .option("quote", "\"")
        .option("escape", "\"")
        .option("lineSep", "\r\n")
        .option("nullValue", "")
        .option("emptyValue", "")
        .csv(parts.toString());
    long records = concatenate(fs, out, String.join(",", columns) + "\r\n", parts);
    fs.delete(parts, true);
    return records;
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
