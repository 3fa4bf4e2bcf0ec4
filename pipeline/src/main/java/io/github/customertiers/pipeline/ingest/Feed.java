package io.github.customertiers.pipeline.ingest;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The two input feeds and their canonical columns. A feed's required columns must be present in
 * every file (by name, in any order); optional columns may be missing and are then null; any other
 * column is ignored with a warning.
 *
 * <p>{@code line_id} tells apart the lines of one transaction (a line-item export's product code
 * or line number): rows are duplicates only when every canonical column, line_id included, is equal.
 */
public enum Feed {
  TRANSACTIONS("transactions",
      List.of("transaction_id", "customer_id", "ts", "amount"),
      List.of("currency", "quantity", "channel", "line_id")),
  INTERACTIONS("interactions",
      List.of("customer_id", "ts", "event_type"),
      List.of("event_id", "channel"));

  /** Decimal type of stored amounts: 18 integer digits, 4 decimals. */
  public static final DataType AMOUNT_TYPE = DataTypes.createDecimalType(22, 4);

  private final String feedName;
  private final List<String> requiredColumns;
  private final List<String> optionalColumns;

  Feed(String feedName, List<String> requiredColumns, List<String> optionalColumns) {
    this.feedName = feedName;
    this.requiredColumns = requiredColumns;
    this.optionalColumns = optionalColumns;
  }

  public String feedName() { return feedName; }

  public List<String> requiredColumns() { return requiredColumns; }

  public List<String> optionalColumns() { return optionalColumns; }

  public List<String> canonicalColumns() {
    return java.util.stream.Stream.concat(requiredColumns.stream(), optionalColumns.stream()).toList();
  }

  /** Schema of the rows kept in the warehouse (without the event_date partition column). */
  public StructType storedSchema() {
    return switch (this) {
      case TRANSACTIONS -> new StructType(new StructField[] {
          field("transaction_id", DataTypes.StringType),
          field("customer_id", DataTypes.StringType),
          field("ts", DataTypes.TimestampType),
          field("amount", AMOUNT_TYPE),
          field("currency", DataTypes.StringType),
          field("quantity", DataTypes.LongType),
          field("channel", DataTypes.StringType),
          field("line_id", DataTypes.StringType),
          field("source_file", DataTypes.StringType),
          field("record_number", DataTypes.LongType),
          field("event_date", DataTypes.DateType)});
      case INTERACTIONS -> new StructType(new StructField[] {
          field("customer_id", DataTypes.StringType),
          field("ts", DataTypes.TimestampType),
          field("event_type", DataTypes.StringType),
          field("event_id", DataTypes.StringType),
          field("channel", DataTypes.StringType),
          field("source_file", DataTypes.StringType),
          field("record_number", DataTypes.LongType),
          field("event_date", DataTypes.DateType)});
    };
  }

  private static StructField field(String name, DataType type) {
    return new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty());
  }
}
