package io.github.customertiers.pipeline.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.round;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The columns of the marketing files: how each is written (rounded for people, as plain decimals,
 * never in scientific notation) and what it means. The same declarations produce the column
 * dictionary ({@code columns.csv}) written beside the files.
 */
public final class ExportColumns {
  /** How a column is written. */
  public enum Kind {
    /** Text, protected against spreadsheet formula execution. */
    TEXT,
    /** A calendar date, ISO-8601. */
    DATE,
    /** A whole number. */
    INTEGER,
    /** Money: 2 decimals. */
    MONEY,
    /** A score or count written with 1 decimal. */
    ONE_DECIMAL,
    /** An expectation written with 2 decimals. */
    TWO_DECIMALS,
    /** A probability: 4 decimals. */
    PROBABILITY
  }

  /** One exported column: name, how it is written, its unit and its meaning. */
  public record ExportColumn(String name, Kind kind, String unit, String meaning) {
    /** The column as written: rounded half-up to its decimals and cast to a decimal (plain notation). */
    Column written() {
      Column c = col(name);
      return switch (kind) {
        case TEXT -> CsvCells.neutralised(name);
        case DATE -> c;
        case INTEGER -> round(c.cast("double"), 0).cast(DataTypes.LongType).as(name);
        case MONEY -> round(c.cast(DataTypes.createDecimalType(38, 6)), 2).cast(DataTypes.createDecimalType(20, 2)).as(name);
        case ONE_DECIMAL -> round(c.cast(DataTypes.createDecimalType(38, 6)), 1).cast(DataTypes.createDecimalType(20, 1)).as(name);
        case TWO_DECIMALS -> round(c.cast(DataTypes.createDecimalType(38, 6)), 2).cast(DataTypes.createDecimalType(20, 2)).as(name);
        case PROBABILITY -> round(c.cast(DataTypes.createDecimalType(38, 8)), 4).cast(DataTypes.createDecimalType(6, 4)).as(name);
      };
    }

    String type() {
      return switch (kind) {
        case TEXT -> "text";
        case DATE -> "date (YYYY-MM-DD)";
        case INTEGER -> "integer";
        case MONEY, TWO_DECIMALS -> "decimal (2 places)";
        case ONE_DECIMAL -> "decimal (1 place)";
        case PROBABILITY -> "decimal (4 places)";
      };
    }
  }

  /** Every column a marketing file may carry, by name. */
  public static final Map<String, ExportColumn> ALL = declare(
      new ExportColumn("customer_id", Kind.TEXT, "", "the customer's id as delivered"),
      new ExportColumn("as_of", Kind.DATE, "date", "the day the row describes (end of day in the business time zone)"),
      new ExportColumn("tier", Kind.TEXT, "", "vip, key, ordinary, potential or lapsed (docs/TIERS.md)"),
      new ExportColumn("previous_tier", Kind.TEXT, "", "tier on the previous published date; empty for a customer new to the segments"),
      new ExportColumn("tier_since", Kind.DATE, "date", "published date on which the customer entered the current tier"),
      new ExportColumn("reason", Kind.TEXT, "", "the rule that decided the tier, in words"),
      new ExportColumn("value_score", Kind.INTEGER, "0..100", "percentile of predicted lifetime value (or net spend) among buyers"),
      new ExportColumn("loyalty_score", Kind.ONE_DECIMAL, "0..100", "repeat buying, regularity, tenure, recency and engagement"),
      new ExportColumn("r_score", Kind.INTEGER, "1..5", "recency quintile among buyers (5 = most recent)"),
      new ExportColumn("f_score", Kind.INTEGER, "1..5", "frequency quintile among buyers (5 = most frequent)"),
      new ExportColumn("m_score", Kind.INTEGER, "1..5", "monetary quintile among buyers (5 = highest spend)"),
      new ExportColumn("recency_days", Kind.INTEGER, "days", "days since the last purchase"),
      new ExportColumn("frequency", Kind.INTEGER, "purchase days", "days with a purchase in the scoring window"),
      new ExportColumn("monetary", Kind.MONEY, "currency", "net spend (orders less refunds) in the scoring window"),
      new ExportColumn("tenure_days", Kind.INTEGER, "days", "days since the first purchase"),
      new ExportColumn("interactions_recent", Kind.INTEGER, "interactions",
          "visits, views, clicks, opens and calls in the engagement window (windows.engagement_days)"),
      new ExportColumn("p_alive", Kind.PROBABILITY, "0..1", "probability the customer still buys (BG/NBD); empty when the model did not fit"),
      new ExportColumn("expected_purchases", Kind.TWO_DECIMALS, "purchases", "expected purchases over the CLV horizon"),
      new ExportColumn("expected_value", Kind.MONEY, "currency", "expected value of one purchase (Gamma-Gamma)"),
      new ExportColumn("clv", Kind.MONEY, "currency", "predicted customer lifetime value over the horizon, discounted"),
      new ExportColumn("interactions_90d", Kind.INTEGER, "interactions",
          "deprecated, removed in the next release: a copy of interactions_recent (named for the default 90-day window)"));

  /** Columns of the action lists, the changes file and the playbook (docs/DELIVERABLES.md). */
  public static final Map<String, ExportColumn> ACTIONS = declare(
      new ExportColumn("movement", Kind.TEXT, "", "new, entered_<tier>, fell_from_<tier>, lapsed or returned since the previous published date; empty when the tier did not change"),
      new ExportColumn("recommended_action", Kind.TEXT, "", "the playbook's action for the customer's movement, else for their tier (actions.playbook)"),
      new ExportColumn("contact_cadence", Kind.TEXT, "", "the playbook's contact cadence for the same play"),
      new ExportColumn("risk", Kind.TEXT, "", "why the customer is at risk: P(alive) below the threshold and/or silent past their usual gap"),
      new ExportColumn("usual_gap_days", Kind.ONE_DECIMAL, "days", "the customer's mean days between purchases; empty below two purchases"),
      new ExportColumn("last_purchase_date", Kind.DATE, "date", "day of the last purchase"),
      new ExportColumn("first_purchase_date", Kind.DATE, "date", "day of the first purchase"),
      new ExportColumn("from_tier", Kind.TEXT, "", "tier on the previous published date"),
      new ExportColumn("to_tier", Kind.TEXT, "", "tier on this date"),
      new ExportColumn("direction", Kind.TEXT, "", "up or down (vip is the top, lapsed the bottom)"),
      new ExportColumn("was_tier", Kind.TEXT, "", "vip or key: the tier the customer had on the published date before they lapsed"),
      new ExportColumn("lapsed_on", Kind.DATE, "date", "published date on which the customer became lapsed"),
      new ExportColumn("past_value_score", Kind.INTEGER, "0..100", "value score on the published date before they lapsed"),
      new ExportColumn("past_monetary", Kind.MONEY, "currency", "net spend in the scoring window on the published date before they lapsed"),
      new ExportColumn("past_clv", Kind.MONEY, "currency", "predicted lifetime value on the published date before they lapsed"),
      new ExportColumn("anniversary", Kind.DATE, "date", "the coming anniversary of the first purchase"),
      new ExportColumn("years", Kind.INTEGER, "years", "years since the first purchase on the anniversary"),
      new ExportColumn("change", Kind.TEXT, "", "added, removed, tier (tier changed) or score (value or loyalty score changed as exported)"),
      new ExportColumn("previous_value_score", Kind.INTEGER, "0..100", "value score on the previous published date; empty for an added customer"),
      new ExportColumn("previous_loyalty_score", Kind.ONE_DECIMAL, "0..100", "loyalty score on the previous published date; empty for an added customer"));

  private ExportColumns() {}

  private static Map<String, ExportColumn> declare(ExportColumn... columns) {
    Map<String, ExportColumn> m = new LinkedHashMap<>();
    for (ExportColumn c : columns) {
      m.put(c.name(), c);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The declaration of a column; a column not declared is an error (every exported column is documented). */
  public static ExportColumn of(String name) {
    ExportColumn c = ALL.containsKey(name) ? ALL.get(name) : ACTIONS.get(name);
    if (c == null) {
      throw new IllegalArgumentException("export column '" + name + "' has no declaration in ExportColumns");
    }
    return c;
  }

  /** The column dictionary as RFC 4180 CSV (CRLF): name, type, unit, meaning. */
  public static String dictionary(List<String> columns) {
    StringBuilder b = new StringBuilder("name,type,unit,meaning\r\n");
    for (String name : columns) {
      ExportColumn c = of(name);
      b.append(quoted(c.name())).append(',').append(quoted(c.type())).append(',').append(quoted(c.unit())).append(',')
          .append(quoted(c.meaning())).append("\r\n");
    }
    return b.toString();
  }

  private static String quoted(String s) {
    return s.matches("[^,\"\\r\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
