package io.github.customertiers.pipeline.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a published segment table (a directory of Parquet files written by Spark) directly with
 * parquet-hadoop, without Spark: only the requested columns are decoded, and a filter on
 * {@code customer_id} is pushed down to the row groups, pages and records. Works on any Hadoop file
 * system the warehouse is on. Used where starting Spark would cost more than the read (one
 * customer's lookup).
 */
final class SegmentTableReader {
  private final FileSystem fs;
  private final Configuration conf;

  SegmentTableReader(FileSystem fs) {
    this.fs = fs;
    this.conf = fs.getConf();
  }

  /** The rows of the table whose customer_id is the given one (normally at most one), with the given columns (all when empty). */
  List<SegmentRecord> customer(Path table, String customerId, Collection<String> columns) throws IOException {
    List<SegmentRecord> rows = new ArrayList<>();
    FilterCompat.Filter filter = FilterCompat.get(FilterApi.eq(FilterApi.binaryColumn("customer_id"), Binary.fromString(customerId)));
    scan(table, columns, filter, rows::add);
    return rows;
  }

  /** Every row of the table, with the given columns (all when empty), to the consumer. */
  void scan(Path table, Collection<String> columns, Consumer<SegmentRecord> rows) throws IOException {
    scan(table, columns, FilterCompat.NOOP, rows);
  }

  private void scan(Path table, Collection<String> columns, FilterCompat.Filter filter, Consumer<SegmentRecord> rows)
      throws IOException {
    for (Path file : dataFiles(table)) {
      try (ParquetReader<Group> reader = new GroupReaderBuilder(HadoopInputFile.fromPath(file, conf), Set.copyOf(columns))
          .withFilter(filter).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          rows.accept(record(g));
        }
      } catch (IOException | RuntimeException e) {
        throw new IOException("cannot read the segment file " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /** The table's Parquet files, in name order; files Spark and Hadoop keep beside them (_SUCCESS, _model.json, .crc) are left out. */
  List<Path> dataFiles(Path table) throws IOException {
    FileStatus[] listed;
    try {
      listed = fs.listStatus(table, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
    } catch (java.io.FileNotFoundException e) {
      throw new IOException("the segment table " + table + " does not exist; the date's published version is incomplete", e);
    }
    return Arrays.stream(listed).filter(FileStatus::isFile).map(FileStatus::getPath).sorted().toList();
  }

  private static SegmentRecord record(Group g) {
    GroupType type = g.getType();
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < type.getFieldCount(); i++) {
      Type field = type.getType(i);
      values.put(field.getName(), g.getFieldRepetitionCount(i) == 0 || !field.isPrimitive() ? null : value(g, i, field.asPrimitiveType()));
    }
    return new SegmentRecord(values);
  }

  /** The value as Spark would hand it to Java, for the types Spark writes (dates as LocalDate). */
  private static Object value(Group g, int i, PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
      BigInteger unscaled = switch (type.getPrimitiveTypeName()) {
        case INT32 -> BigInteger.valueOf(g.getInteger(i, 0));
        case INT64 -> BigInteger.valueOf(g.getLong(i, 0));
        default -> new BigInteger(g.getBinary(i, 0).getBytes());
      };
      return new BigDecimal(unscaled, decimal.getScale());
    }
    return switch (type.getPrimitiveTypeName()) {
      case INT32 -> logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
          ? LocalDate.ofEpochDay(g.getInteger(i, 0)) : (Object) g.getInteger(i, 0);
      case INT64 -> g.getLong(i, 0);
      case DOUBLE -> g.getDouble(i, 0);
      case FLOAT -> g.getFloat(i, 0);
      case BOOLEAN -> g.getBoolean(i, 0);
      case BINARY, FIXED_LEN_BYTE_ARRAY -> g.getBinary(i, 0).toStringUsingUTF8();
      case INT96 -> g.getInt96(i, 0).toString();
    };
  }

  /**
   * A reader of {@link Group}s over an input file with the table's Hadoop configuration. (The
   * builder taking a Path would create and parse a new Hadoop configuration for every file, which
   * cost more than reading a small file.)
   */
  private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
    private final Set<String> columns;

    GroupReaderBuilder(InputFile file, Set<String> columns) {
      super(file);
      this.columns = columns;
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new ProjectingReadSupport(columns);
    }
  }

  /**
   * {@link GroupReadSupport} that reads only the wanted columns each file has: a date published
   * before a column existed is read without it instead of failing.
   */
  private static final class ProjectingReadSupport extends GroupReadSupport {
    private final Set<String> wanted;

    ProjectingReadSupport(Set<String> wanted) {
      this.wanted = wanted;
    }

    @Override
    public ReadSupport.ReadContext init(InitContext context) {
      MessageType file = context.getFileSchema();
      if (wanted.isEmpty()) {
        return new ReadSupport.ReadContext(file);
      }
      List<Type> fields = file.getFields().stream().filter(f -> wanted.contains(f.getName())).toList();
      return new ReadSupport.ReadContext(new MessageType(file.getName(), fields));
    }
  }
}
