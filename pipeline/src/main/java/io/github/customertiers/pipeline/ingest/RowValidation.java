package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Types raw rows and gives each invalid one a {@link QuarantineReason}: the first reason that
 * applies, in the order of the enum. Pure column expressions, so one scan checks everything.
 *
 * <p>Timestamps must be ISO-8601: a date ({@code 2024-03-04}) or a date-time with optional
 * seconds, fraction and offset ({@code 2024-03-04T18:22:05+01:00}). Without an offset they are
 * local times of the business time zone (the session zone). Other formats such as
 * {@code 03/04/2024} are never guessed: they are quarantined as BAD_TIMESTAMP.
 */
public final class RowValidation {
  static final String TS_PATTERN =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?)?(Z|[+-][0-9]{2}:[0-9]{2})?$";
  static final String AMOUNT_PATTERN = "^[+-]?[0-9]+(\\.[0-9]+)?$";
  static final String INTEGER_PATTERN = "^[+-]?[0-9]{1,18}$";

  private RowValidation() {}

  /**
   * Adds {@code reason} (null for a valid row) and the typed canonical columns to raw rows.
   *
   * @param ingestedAt the moment of ingestion; later timestamps are quarantined
   */
  public static Dataset<Row> validate(Dataset<Row> raw, Feed feed, Instant ingestedAt, BigDecimal maxAmount) {
    Column tsText = trim(col("ts"));
    Column ts = when(tsText.rlike(TS_PATTERN), expr("try_cast(trim(ts) AS TIMESTAMP)"));
    Dataset<Row> typed = raw.withColumn("ts_value", ts);
    Column replacementChar = lit(false);
    for (String c : feed.canonicalColumns()) {
      replacementChar = replacementChar.or(col(c).contains("\uFFFD"));
    }
    Column reason = when(col("is_malformed"), reason(QuarantineReason.MALFORMED_ROW))
        .when(col("is_repeated_header"), reason(QuarantineReason.REPEATED_HEADER))
        .when(replacementChar, reason(QuarantineReason.BAD_ENCODING))
        .when(blank("customer_id"), reason(QuarantineReason.MISSING_CUSTOMER_ID));
    if (feed == Feed.TRANSACTIONS) {
      reason = reason.when(blank("transaction_id"), reason(QuarantineReason.MISSING_TRANSACTION_ID));
    } else {
      reason = reason.when(blank("event_type"), reason(QuarantineReason.MISSING_EVENT_TYPE));
    }
    reason = reason.when(col("ts_value").isNull(), reason(QuarantineReason.BAD_TIMESTAMP))
        .when(col("ts_value").gt(lit(ingestedAt)), reason(QuarantineReason.FUTURE_TIMESTAMP));
    if (feed == Feed.TRANSACTIONS) {
      Column amountText = trim(col("amount"));
      typed = typed
          .withColumn("amount_value", when(amountText.rlike(AMOUNT_PATTERN),
              expr("try_cast(trim(amount) AS DECIMAL(22,4))")))
          .withColumn("quantity_value", when(trim(col("quantity")).rlike(INTEGER_PATTERN),
              expr("try_cast(trim(quantity) AS BIGINT)")));
      reason = reason.when(col("amount_value").isNull(), reason(QuarantineReason.BAD_AMOUNT))
          .when(abs(col("amount_value")).gt(lit(maxAmount)), reason(QuarantineReason.AMOUNT_OUT_OF_RANGE))
          .when(col("quantity").isNotNull().and(trim(col("quantity")).notEqual(lit("")))
              .and(col("quantity_value").isNull()), reason(QuarantineReason.BAD_QUANTITY));
    }
    return typed.withColumn("reason", reason);
  }

  /** Valid rows in the stored schema of the feed. */
  public static Dataset<Row> validRows(Dataset<Row> validated, Feed feed) {
    Dataset<Row> valid = validated.filter(col("reason").isNull());
    Column eventDate = to_date(col("ts_value")).as("event_date");
    return switch (feed) {
      case TRANSACTIONS -> valid.select(
          trim(col("transaction_id")).as("transaction_id"),
          trim(col("customer_id")).as("customer_id"),
          col("ts_value").as("ts"),
          col("amount_value").as("amount"),
          nullIfBlank("currency"),
          col("quantity_value").as("quantity"),
          nullIfBlank("channel"),
          col("source_file"), col("record_number"), eventDate);
      case INTERACTIONS -> valid.select(
          trim(col("customer_id")).as("customer_id"),
          col("ts_value").as("ts"),
          trim(col("event_type")).as("event_type"),
          nullIfBlank("event_id"),
          nullIfBlank("channel"),
          col("source_file"), col("record_number"), eventDate);
    };
  }

  /** Quarantined rows: where they came from, why, and their fields as delivered. */
  public static Dataset<Row> quarantinedRows(Dataset<Row> validated, Feed feed) {
    java.util.List<Column> cols = new java.util.ArrayList<>();
    cols.add(col("source_file"));
    cols.add(col("record_number"));
    cols.add(col("reason"));
    for (String c : feed.canonicalColumns()) {
      cols.add(col(c));
    }
    return validated.filter(col("reason").isNotNull()).select(cols.toArray(Column[]::new));
  }

  private static Column blank(String column) {
    return col(column).isNull().or(trim(col(column)).equalTo(lit("")));
  }

  private static Column nullIfBlank(String column) {
    return when(trim(col(column)).notEqual(lit("")), trim(col(column))).cast(DataTypes.StringType).as(column);
  }

  private static Column reason(QuarantineReason reason) {
    return lit(reason.name());
  }
}
