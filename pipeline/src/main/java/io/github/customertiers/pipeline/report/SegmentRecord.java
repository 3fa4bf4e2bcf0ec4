package io.github.customertiers.pipeline.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a published segment table as read from its Parquet file, by column name: the columns
 * the file has (a date published by an older version may lack newer ones), each with its value or
 * {@code null}. Values are plain Java: {@code String}, {@code Integer}, {@code Long}, {@code Double},
 * {@code BigDecimal} for money, {@code LocalDate} for dates.
 */
public final class SegmentRecord {
  private final Map<String, Object> values;

  SegmentRecord(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Whether the row's file has the column (whatever its value). */
  public boolean has(String column) {
    return values.containsKey(column);
  }

  /** The column's value, {@code null} when it is null or the file has no such column. */
  public Object value(String column) {
    return values.get(column);
  }

  public boolean isNull(String column) {
    return values.get(column) == null;
  }

  /** The column as text ({@code null} stays null). */
  public String text(String column) {
    Object v = values.get(column);
    return v == null ? null : v.toString();
  }

  /** A numeric column as a double; 0 when null or missing (the clustering features' convention). */
  public double number(String column) {
    Object v = values.get(column);
    return v instanceof Number n ? n.doubleValue() : 0;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
