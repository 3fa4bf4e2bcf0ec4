package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.date_part;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_timestamp;
import static org.apache.spark.sql.functions.minute;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import io.github.customertiers.pipeline.config.FeedSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Types raw rows and gives each invalid one a {@link QuarantineReason}: the first reason that
 * applies, in the order of the enum. Rows a feed's {@code filter_out} matches (and that are not
 * malformed or a repeated header) get no reason and {@code filtered = true}, and keep the name of the
 * first rule that matched in {@code filter_rule}. Pure column
 * expressions, so one scan checks everything.
 *
 * <p>Timestamps are ISO-8601 unless the feed declares {@code timestamp_format} patterns: a date
 * ({@code 2024-03-04}) or a date-time with optional seconds, fraction and offset
 * ({@code 2024-03-04T18:22:05+01:00}). Without an offset they are local times of the given zone
 * (default: the session zone); a local time skipped by a DST change moves forward by the gap, an
 * ambiguous one takes the earlier offset. Other formats such as {@code 03/04/2024} are never
 * guessed: they are quarantined as BAD_TIMESTAMP.
 *
 * <p>Rows marked {@code is_return} get a negative amount and quantity whatever their sign in the file.
 */
public final class RowValidation {
  static final String TS_PATTERN =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?)?(Z|[+-][0-9]{2}:[0-9]{2})?$";
  static final String OFFSET_SUFFIX = "(Z|[+-][0-9]{2}:[0-9]{2})$";
  static final String AMOUNT_PATTERN = "^[+-]?[0-9]+(\\.[0-9]+)?$";
  static final String INTEGER_PATTERN = "^[+-]?[0-9]{1,18}$";
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private RowValidation() {}

  /**
   * Adds {@code reason} (null for a valid row), {@code filtered} and the typed canonical columns to
   * raw rows, with the feed's timestamp patterns (Spark datetime patterns tried in order; empty =
   * ISO-8601) and the zone of local timestamps.
   *
   * @param ingestedAt the moment of ingestion; later timestamps are quarantined
   */
  public static Dataset<Row> validate(Dataset<Row> raw, Feed feed, Instant ingestedAt, BigDecimal maxAmount,
      List<String> timestampFormats, ZoneId localZone) {
    List<String> present = Arrays.asList(raw.columns());
    Dataset<Row> withFlags = raw;
    if (!present.contains("ts_instant")) {
      withFlags = withFlags.withColumn("ts_instant", lit(null).cast(DataTypes.TimestampType));
    }
    for (String flag : List.of("is_return", "is_filtered")) {
      if (!present.contains(flag)) {
        withFlags = withFlags.withColumn(flag, lit(false));
      }
    }
    if (!present.contains("filter_rule")) {
      withFlags = withFlags.withColumn("filter_rule", when(col("is_filtered"), lit(FeedSpec.UNNAMED_FILTER_RULE))
          .cast(DataTypes.StringType));
    }
    Column tsText = trim(col("ts"));
    Column parsed;
    if (timestampFormats.isEmpty()) {
      parsed = iso(tsText, localZone);
    } else {
      List<Column> attempts = new ArrayList<>();
      for (String pattern : timestampFormats) {
        attempts.add(patterned(tsText, pattern, localZone));
      }
      parsed = attempts.size() == 1 ? attempts.get(0) : coalesce(attempts.toArray(Column[]::new));
    }
    Dataset<Row> typed = withFlags
        .withColumn("ts_value", coalesce(col("ts_instant"), parsed))
        .withColumn("filtered", col("is_filtered").and(not(col("is_malformed"))).and(not(col("is_repeated_header"))));
    Column replacementChar = lit(false);
    for (String c : feed.canonicalColumns()) {
      replacementChar = replacementChar.or(col(c).contains("\uFFFD"));
    }
    Column reason = when(col("is_malformed"), reason(QuarantineReason.MALFORMED_ROW))
        .when(col("is_repeated_header"), reason(QuarantineReason.REPEATED_HEADER))
        .when(col("filtered"), lit(null).cast(DataTypes.StringType))
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
      Column amount = when(amountText.rlike(AMOUNT_PATTERN), expr("try_cast(trim(amount) AS DECIMAL(22,4))"));
      Column quantity = when(trim(col("quantity")).rlike(INTEGER_PATTERN), expr("try_cast(trim(quantity) AS BIGINT)"));
      typed = typed
          .withColumn("amount_value", when(col("is_return"), abs(amount).unary_$minus()).otherwise(amount))
          .withColumn("quantity_value", when(col("is_return"), abs(quantity).unary_$minus()).otherwise(quantity));
      reason = reason.when(col("amount_value").isNull(), reason(QuarantineReason.BAD_AMOUNT))
          .when(abs(col("amount_value")).gt(lit(maxAmount)), reason(QuarantineReason.AMOUNT_OUT_OF_RANGE))
          .when(col("quantity").isNotNull().and(trim(col("quantity")).notEqual(lit("")))
              .and(col("quantity_value").isNull()), reason(QuarantineReason.BAD_QUANTITY));
    }
    return typed.withColumn("reason", reason);
  }

  /** Valid rows in the stored schema of the feed; {@code event_date} is the day in the business zone. */
  public static Dataset<Row> validRows(Dataset<Row> validated, Feed feed, ZoneId businessZone) {
    Dataset<Row> valid = validated.filter(col("reason").isNull().and(not(col("filtered"))));
    Column eventDate = businessDate(col("ts_value"), businessZone).as("event_date");
    return switch (feed) {
      case TRANSACTIONS -> valid.select(
          trim(col("transaction_id")).as("transaction_id"),
          trim(col("customer_id")).as("customer_id"),
          col("ts_value").as("ts"),
          col("amount_value").as("amount"),
          nullIfBlank("currency"),
          col("quantity_value").as("quantity"),
          nullIfBlank("channel"),
          nullIfBlank("line_id"),
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

  /** Quarantined rows: where they came from, why, and their fields as delivered (after mapping). */
  public static Dataset<Row> quarantinedRows(Dataset<Row> validated, Feed feed) {
    List<Column> cols = new ArrayList<>();
    cols.add(col("source_file"));
    cols.add(col("record_number"));
    cols.add(col("reason"));
    for (String c : feed.canonicalColumns()) {
      cols.add(col(c));
    }
    return validated.filter(col("reason").isNotNull()).select(cols.toArray(Column[]::new));
  }

  /** The calendar day of an instant in a zone, whatever the session time zone. */
  static Column businessDate(Column instant, ZoneId zone) {
    Column localMicros = unix_micros(from_utc_timestamp(instant, zone.getId()));
    return date_from_unix_date(floor(localMicros.divide(lit(MICROS_PER_DAY))).cast(DataTypes.IntegerType));
  }

  /** The instant of a local date-time (TIMESTAMP_NTZ) in a zone, whatever the session time zone. */
  static Column localToInstant(Column local, ZoneId zone) {
    return make_timestamp(year(local), month(local), dayofmonth(local), hour(local), minute(local),
        date_part(lit("SECOND"), local), lit(zone.getId()));
  }

  private static Column iso(Column text, ZoneId zone) {
    Column withOffset = expr("try_cast(trim(ts) AS TIMESTAMP)");
    Column local = localToInstant(expr("try_cast(trim(ts) AS TIMESTAMP_NTZ)"), zone);
    return when(text.rlike(TS_PATTERN), when(text.rlike(OFFSET_SUFFIX), withOffset).otherwise(local));
  }

  private static Column patterned(Column text, String pattern, ZoneId zone) {
    if (hasOffsetLetters(pattern)) {
      return try_to_timestamp(text, lit(pattern));
    }
    // The zone is appended and parsed with the text, so local times never depend on the session zone.
    return try_to_timestamp(concat(text, lit("|" + zone.getId())), lit(pattern + "'|'VV"));
  }

  static boolean hasOffsetLetters(String pattern) {
    String unquoted = pattern.replaceAll("'[^']*'", "");
    return unquoted.matches(".*[XxZOVz].*");
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
