package io.github.customertiers.pipeline.value;

import org.apache.spark.sql.Column;

/**
 * The unit in which the value model measures time: recency {@code t_x}, age {@code T}, the
 * BG/NBD scale parameter {@code alpha} and every horizon. A week is exactly seven days; months and
 * years are deliberately absent because they have no fixed length.
 */
public enum ModelTimeUnit {
  /** One calendar day of the business time zone. */
  DAYS(1),
  /** Seven days; the unit of the CDNOW papers and the default. */
  WEEKS(7);

  /** The default unit, {@link #WEEKS}. */
  public static final ModelTimeUnit DEFAULT = WEEKS;

  /** Days in a year, used to turn an annual discount rate into a per-period one. */
  public static final double DAYS_PER_YEAR = 365.25;

  private final int daysPerUnit;

  ModelTimeUnit(int daysPerUnit) {
    this.daysPerUnit = daysPerUnit;
  }

  /** Days in one unit. */
  public int daysPerUnit() {
    return daysPerUnit;
  }

  /** A number of days expressed in this unit. */
  public double fromDays(double days) {
    return days / daysPerUnit;
  }

  /** An integer day-count column expressed in this unit, as a double column. */
  public Column fromDays(Column dayCount) {
    return dayCount.cast("double").divide(daysPerUnit);
  }

  /** An amount of this unit expressed in days. */
  public double toDays(double amount) {
    return amount * daysPerUnit;
  }

  /** An amount of time given in {@code from} expressed in this unit. */
  public double convert(double amount, ModelTimeUnit from) {
    return amount * from.daysPerUnit / daysPerUnit;
  }

  /** Lower-case plural name for messages ("weeks"). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
