package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads export files as they were delivered: every canonical column as text (null when an optional
 * column is absent), plus {@code source_file}, {@code record_number} (1 = first data record of the
 * file), {@code is_malformed} (wrong field count) and {@code is_repeated_header}. Nothing is typed
 * or dropped here; {@link RowValidation} decides.
 */
public final class RawFeedReader {
  private static final Logger LOG = LogManager.getLogger(RawFeedReader.class);
  static final String CORRUPT = "_corrupt_record";

  private RawFeedReader() {}

  public static Dataset<Row> read(SparkSession spark, Feed feed, List<InputFile> files) {
    List<Dataset<Row>> parts = new ArrayList<>();
    Map<List<String>, List<String>> csvByHeader = new LinkedHashMap<>();
    for (InputFile file : files) {
      if (file.format() == InputFile.Format.CSV) {
        CsvHeader header = CsvHeader.read(spark.sparkContext().hadoopConfiguration(), file);
        header.requireColumns(feed, file);
        List<String> extra = header.extraColumns(feed);
        if (!extra.isEmpty()) {
          LOG.warn("{}: ignoring column(s) {} that the {} feed does not use", file.path(), extra, feed.feedName());
        }
        csvByHeader.computeIfAbsent(header.columns(), h -> new ArrayList<>()).add(file.path());
      } else {
        parts.add(readParquet(spark, feed, file));
      }
    }
    csvByHeader.forEach((header, paths) -> parts.add(readCsv(spark, feed, header, paths)));
    Dataset<Row> all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all = all.unionByName(parts.get(i));
    }
    return all;
  }

  private static Dataset<Row> readCsv(SparkSession spark, Feed feed, List<String> header, List<String> paths) {
    StructType schema = new StructType();
    for (String c : header) {
      schema = schema.add(c, DataTypes.StringType, true);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    Dataset<Row> parsed = spark.read()
        .schema(schema)
        .option("header", "true")
        .option("enforceSchema", "true")
        .option("multiLine", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .option("quote", "\"")
        .option("escape", "\"")
        .option("encoding", "UTF-8")
        .option("ignoreLeadingWhiteSpace", "false")
        .option("ignoreTrailingWhiteSpace", "false")
        .csv(paths.toArray(String[]::new));
    List<Column> cols = new ArrayList<>();
    for (String c : feed.canonicalColumns()) {
      cols.add(header.contains(c) ? col(c) : lit(null).cast(DataTypes.StringType).as(c));
    }
    cols.add(col(CORRUPT).isNotNull().as("is_malformed"));
    Column repeatedHeader = lit(true);
    for (String c : feed.requiredColumns()) {
      repeatedHeader = repeatedHeader.and(lower(trim(col(c))).eqNullSafe(lit(c)));
    }
    cols.add(repeatedHeader.as("is_repeated_header"));
    cols.add(col("_metadata.file_path").as("source_file"));
    // With multiLine a file is never split, so this id follows the file's record order.
    cols.add(monotonically_increasing_id().as("_seq"));
    Dataset<Row> withSeq = parsed.select(cols.toArray(Column[]::new));
    return withSeq
        .withColumn("record_number", row_number().over(Window.partitionBy("source_file").orderBy("_seq")).cast(DataTypes.LongType))
        .drop("_seq");
  }

  private static Dataset<Row> readParquet(SparkSession spark, Feed feed, InputFile file) {
    Dataset<Row> parquet = spark.read().parquet(file.path());
    List<String> present = java.util.Arrays.stream(parquet.columns()).map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList();
    List<String> missing = feed.requiredColumns().stream().filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new InvalidInputException(file.path() + ": missing required " + feed.feedName() + " column(s) "
          + missing + "; expected at least " + feed.requiredColumns() + ", found " + present);
    }
    List<Column> cols = new ArrayList<>();
    for (String c : feed.canonicalColumns()) {
      int idx = present.indexOf(c);
      cols.add(idx >= 0 ? col("`" + parquet.columns()[idx] + "`").cast(DataTypes.StringType).as(c)
          : lit(null).cast(DataTypes.StringType).as(c));
    }
    cols.add(lit(false).as("is_malformed"));
    cols.add(lit(false).as("is_repeated_header"));
    cols.add(col("_metadata.file_path").as("source_file"));
    cols.add(col("_metadata.row_index").plus(1).cast(DataTypes.LongType).as("record_number"));
    return parquet.select(cols.toArray(Column[]::new));
  }
}
