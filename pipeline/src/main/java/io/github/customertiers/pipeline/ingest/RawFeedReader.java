package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.rtrim;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.config.FeedSpec;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads export files as they were delivered and maps them to the feed's canonical columns (as text;
 * null when an optional column is absent) with {@link FeedMapping}, plus {@code source_file},
 * {@code record_number} (1 = first data record of the file; blank lines and the header are not
 * records), {@code is_malformed} (wrong field count, unparsable JSON, a fixed-width line of the wrong
 * length), {@code is_repeated_header}, {@code is_return}, {@code is_filtered} and {@code ts_instant}.
 * Nothing is typed or dropped here; {@link RowValidation} decides.
 *
 * <p>Record numbers never depend on partitioning: CSV is read with {@code multiLine}, so a file is
 * one split, numbered by a counter over its records in the order read (no shuffle); text formats are numbered by (split start, position within the split) within a file;
 * Parquet uses the row index of the file.
 */
public final class RawFeedReader {
  static final String CORRUPT = "_corrupt_record";

  private RawFeedReader() {}

  /**
   * Files of one feed, probed, read as the spec says.
   *
   * @param tsZone zone of timestamps without an offset
   */
  static Dataset<Row> read(SparkSession spark, Feed feed, FeedSpec spec, ZoneId tsZone, List<SourceLayout> layouts) {
    Map<List<Object>, List<SourceLayout>> groups = new LinkedHashMap<>();
    for (SourceLayout layout : layouts) {
      groups.computeIfAbsent(layout.groupKey(), k -> new ArrayList<>()).add(layout);
    }
    Dataset<Row> all = null;
    for (List<SourceLayout> group : groups.values()) {
      SourceLayout first = group.get(0);
      List<InputFile> files = group.stream().map(SourceLayout::file).toList();
      String[] paths = files.stream().map(InputFile::path).toArray(String[]::new);
      List<String> columns = first.columns();
      Dataset<Row> source = switch (first.file().format()) {
        case CSV -> csv(spark, spec, columns, paths);
        case PARQUET -> parquet(spark, columns, paths);
        case JSONL -> {
          if (columns == null) {
            columns = Arrays.stream(spark.read().option("primitivesAsString", "true").json(paths).schema().fieldNames())
                .filter(n -> !n.equals(CORRUPT)).toList();
          }
          yield jsonLines(lines(spark, false, null, paths), columns);
        }
        case WHITESPACE -> whitespace(lines(spark, spec.header(), first.headerLine(), paths), columns);
        case FIXED_WIDTH -> fixedWidth(lines(spark, spec.header(), first.headerLine(), paths), columns, spec.widths());
      };
      Dataset<Row> canonical = FeedMapping.apply(spark, source, columns, feed, spec, tsZone, files);
      all = all == null ? canonical : all.unionByName(canonical);
    }
    return all;
  }

  private static Dataset<Row> csv(SparkSession spark, FeedSpec spec, List<String> header, String[] paths) {
    StructType schema = new StructType();
    for (String c : header) {
      schema = schema.add(c, DataTypes.StringType, true);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    Dataset<Row> parsed = spark.read()
        .schema(schema)
        .option("header", String.valueOf(spec.header()))
        .option("enforceSchema", "true")
        .option("multiLine", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .option("sep", spec.delimiter())
        .option("quote", spec.quote())
        .option("escape", spec.escape())
        .option("encoding", spec.encoding())
        .option("ignoreLeadingWhiteSpace", "false")
        .option("ignoreTrailingWhiteSpace", "false")
        .csv(paths);
    List<Column> cols = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      Column c = FeedMapping.quoted(header.get(i));
      // Without a header line, a byte-order mark would stick to the first field.
      cols.add(i == 0 && !spec.header() ? regexp_replace(c, "^\uFEFF", "").as(header.get(i)) : c);
    }
    Column repeatedHeader = lit(spec.header());
    if (spec.header()) {
      for (String c : header) {
        repeatedHeader = repeatedHeader.and(lower(trim(FeedMapping.quoted(c))).eqNullSafe(lit(c)));
      }
    }
    cols.add(repeatedHeader.as(FeedMapping.REPEATED_HEADER));
    cols.add(col(CORRUPT).isNotNull().as(FeedMapping.MALFORMED));
    cols.add(col("_metadata.file_path").as(FeedMapping.FILE_PATH));
    cols.add(col("_metadata.file_name").as(FeedMapping.FILE_NAME));
    return numberedWithinFile(parsed.select(cols.toArray(Column[]::new)));
  }

  /**
   * Adds {@code _record_number}, counting the rows of each file in the order read. Exact only for a
   * source that never splits a file ({@code multiLine} CSV): each file's records then arrive as one
   * run, in file order, inside a single partition, so a counter that restarts where the file path
   * changes numbers them without a shuffle or a sort.
   */
  static Dataset<Row> numberedWithinFile(Dataset<Row> rows) {
    StructType schema = rows.schema().add(FeedMapping.RECORD_NUMBER, DataTypes.LongType, false);
    int pathIndex = rows.schema().fieldIndex(FeedMapping.FILE_PATH);
    int width = rows.schema().size();
    return rows.mapPartitions((MapPartitionsFunction<Row, Row>) it -> new Iterator<Row>() {
      private String file;
      private long number;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Row next() {
        Row row = it.next();
        String path = row.getString(pathIndex);
        if (!path.equals(file)) {
          file = path;
          number = 0;
        }
        Object[] values = new Object[width + 1];
        for (int i = 0; i < width; i++) {
          values[i] = row.get(i);
        }
        values[width] = ++number;
        return RowFactory.create(values);
      }
    }, Encoders.row(schema));
  }

  private static Dataset<Row> parquet(SparkSession spark, List<String> columns, String[] paths) {
    Dataset<Row> parquet = spark.read().parquet(paths);
    List<Column> cols = new ArrayList<>();
    for (String c : columns) {
      cols.add(FeedMapping.quoted(c));
    }
    cols.add(lit(false).as(FeedMapping.MALFORMED));
    cols.add(lit(false).as(FeedMapping.REPEATED_HEADER));
    cols.add(col("_metadata.file_path").as(FeedMapping.FILE_PATH));
    cols.add(col("_metadata.file_name").as(FeedMapping.FILE_NAME));
    cols.add(col("_metadata.row_index").plus(1).cast(DataTypes.LongType).as(FeedMapping.RECORD_NUMBER));
    return parquet.select(cols.toArray(Column[]::new));
  }

  /**
   * The non-blank lines of text files as {@code _line}, numbered within each file; without the
   * header line when the files have one (a later line equal to it is marked as repeated header).
   */
  private static Dataset<Row> lines(SparkSession spark, boolean header, String headerLine, String[] paths) {
    Dataset<Row> lines = spark.read().text(paths).select(
            regexp_replace(col("value"), "^\uFEFF", "").as("_line"),
            col("_metadata.file_path").as(FeedMapping.FILE_PATH),
            col("_metadata.file_name").as(FeedMapping.FILE_NAME),
            col("_metadata.file_block_start").as("_block"),
            monotonically_increasing_id().as("_seq"))
        .filter(not(col("_line").rlike("^\\s*$")));
    // A file may be split; within a split, rows keep file order and the split's start orders splits.
    Column n = row_number().over(Window.partitionBy(FeedMapping.FILE_PATH).orderBy(col("_block"), col("_seq")));
    lines = lines.withColumn("_n", n.cast(DataTypes.LongType)).drop("_block", "_seq");
    if (!header) {
      return lines.withColumn(FeedMapping.RECORD_NUMBER, col("_n"))
          .withColumn(FeedMapping.REPEATED_HEADER, lit(false)).drop("_n");
    }
    Column normalized = regexp_replace(regexp_replace(col("_line"), "^\\s+|\\s+$", ""), "\\s+", " ");
    return lines.filter(col("_n").gt(1))
        .withColumn(FeedMapping.RECORD_NUMBER, col("_n").minus(1))
        .withColumn(FeedMapping.REPEATED_HEADER,
            headerLine == null ? lit(false) : normalized.equalTo(lit(SourceLayout.normalizedHeader(headerLine))))
        .drop("_n");
  }

  private static Column[] internal(List<Column> fields) {
    List<Column> cols = new ArrayList<>(fields);
    cols.add(col(FeedMapping.REPEATED_HEADER));
    cols.add(col(FeedMapping.FILE_PATH));
    cols.add(col(FeedMapping.FILE_NAME));
    cols.add(col(FeedMapping.RECORD_NUMBER));
    return cols.toArray(Column[]::new);
  }

  private static Dataset<Row> whitespace(Dataset<Row> lines, List<String> columns) {
    Column fields = split(regexp_replace(col("_line"), "^\\s+|\\s+$", ""), "\\s+");
    List<Column> cols = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      cols.add(try_element_at(col("_fields"), lit(i + 1)).as(columns.get(i)));
    }
    cols.add(size(col("_fields")).notEqual(lit(columns.size())).as(FeedMapping.MALFORMED));
    return lines.withColumn("_fields", fields).select(internal(cols));
  }

  private static Dataset<Row> fixedWidth(Dataset<Row> lines, List<String> columns, List<Integer> widths) {
    List<Column> cols = new ArrayList<>();
    int start = 1;
    int lastStart = 1;
    for (int i = 0; i < columns.size(); i++) {
      Column value = trim(substring(col("_line"), start, widths.get(i)));
      cols.add(when(value.notEqual(lit("")), value).as(columns.get(i)));
      lastStart = start;
      start += widths.get(i);
    }
    int total = start - 1;
    // Trailing blanks may be trimmed by the exporter; content past the last field or a missing last field is not.
    Column wrongLength = length(rtrim(col("_line"))).gt(lit(total)).or(length(col("_line")).lt(lit(lastStart)));
    cols.add(wrongLength.as(FeedMapping.MALFORMED));
    return lines.select(internal(cols));
  }

  private static Dataset<Row> jsonLines(Dataset<Row> lines, List<String> columns) {
    StructType schema = new StructType();
    for (String c : columns) {
      schema = schema.add(new StructField(c, DataTypes.StringType, true, org.apache.spark.sql.types.Metadata.empty()));
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    Column parsed = from_json(col("_line"), schema, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
    List<Column> cols = new ArrayList<>();
    for (String c : columns) {
      cols.add(col("_json").getField(c).as(c));
    }
    cols.add(col("_json").isNull().or(col("_json").getField(CORRUPT).isNotNull()).as(FeedMapping.MALFORMED));
    return lines.withColumn("_json", parsed).select(internal(cols));
  }
}
