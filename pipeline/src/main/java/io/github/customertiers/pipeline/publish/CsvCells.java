package io.github.customertiers.pipeline.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/** Protects text cells of exported CSV files against spreadsheet formula execution. */
public final class CsvCells {
  /** Text starting with one of these may be executed by a spreadsheet: = + - @ TAB CR. */
  static final String FORMULA_START = "^[=+\\-@\\t\\r]";

  private CsvCells() {}

  /** Prefixes a single quote to text cells that start like a formula; numbers are never passed here. */
  public static Column neutralised(String textColumn) {
    Column c = col(textColumn);
    return when(c.rlike(FORMULA_START), concat(lit("'"), c)).otherwise(c).as(textColumn);
  }
}
