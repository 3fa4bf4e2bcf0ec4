package io.github.customertiers.pipeline.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.github.customertiers.pipeline.config.ExportConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Pseudonymised copies of a date's exports, one folder per consumer ({@code consumers/<name>/} in the
 * version, beside {@code exports/}): every CSV file with a {@code customer_id} column, with the id
 * replaced by the consumer's {@link Pseudonym} and only the consumer's columns (all when none are
 * given; {@code customer_id} always). Spark reads the written files as text cells and writes them
 * back unchanged but for the id; rows keep their order.
 */
public final class ConsumerExports {
  private ConsumerExports() {}

  /** The consumer's folder under the version directory; its name was checked, and it must stay directly under {@code consumers/}. */
  public static Path folder(Path versionDir, String consumer) {
    ExportConsumer.requireSafeName(consumer);
    Path parent = WarehouseLayout.consumersIn(versionDir);
    Path out = new Path(parent, consumer);
    if (!out.getParent().equals(parent) || !out.getName().equals(consumer)) {
      throw new IllegalArgumentException("consumer folder of '" + consumer + "' would leave " + parent);
    }
    return out;
  }

  public static void write(SparkSession spark, FileSystem fs, Path exports, Path versionDir, List<ExportConsumer> consumers)
      throws IOException {
    FileStatus[] files = fs.listStatus(exports, p -> p.getName().endsWith(".csv") && !p.getName().startsWith("_"));
    Arrays.sort(files, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    for (ExportConsumer consumer : consumers) {
      if (consumer.secret() == null) {
        throw new IllegalStateException("exports.pseudonymise." + consumer.name() + ": the secret was not loaded");
      }
      Path out = folder(versionDir, consumer.name());
      fs.mkdirs(out);
      UserDefinedFunction pseudonym = udf(new Pseudonym(consumer.secret().bytes()), DataTypes.StringType);
      for (FileStatus f : files) {
        List<String> header = header(fs, f.getPath());
        if (!header.contains("customer_id")) {
          continue; // dictionaries
        }
        List<String> keep = new ArrayList<>();
        for (String c : header) {
          if (c.equals("customer_id") || consumer.columns().isEmpty() || consumer.columns().contains(c)) {
            keep.add(c);
          }
        }
        Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "false").option("quote", "\"")
            .option("escape", "\"").option("multiLine", "true").csv(f.getPath().toString());
        List<Column> select = new ArrayList<>();
        for (String c : keep) {
          select.add(c.equals("customer_id") ? pseudonym.apply(col(c)).as(c) : col("`" + c + "`"));
        }
        Path parts = new Path(out, "_parts_" + f.getPath().getName());
        rows.select(select.toArray(Column[]::new)).write().mode(SaveMode.Overwrite)
            .option("header", "false").option("quote", "\"").option("escape", "\"").option("lineSep", "\r\n")
            .option("nullValue", "").option("emptyValue", "").csv(parts.toString());
        try (OutputStream o = fs.create(new Path(out, f.getPath().getName()), true)) {
          o.write((String.join(",", keep) + "\r\n").getBytes(StandardCharsets.UTF_8));
          FileStatus[] written = fs.listStatus(parts, p -> p.getName().startsWith("part-"));
          Arrays.sort(written, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
          for (FileStatus w : written) {
            try (InputStream in = fs.open(w.getPath())) {
              in.transferTo(o);
            }
          }
        }
        fs.delete(parts, true);
      }
      ExportFolder.finish(fs, out);
    }
    if (!consumers.isEmpty()) {
      fs.setPermission(WarehouseLayout.consumersIn(versionDir), ExportFolder.FOLDER_PERMISSION);
    }
  }

  private static List<String> header(FileSystem fs, Path csv) throws IOException {
    try (InputStream in = fs.open(csv)) {
      StringBuilder b = new StringBuilder();
      for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return List.of(b.toString().split(","));
    }
  }
}
