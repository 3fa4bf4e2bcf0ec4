package io.github.customertiers.pipeline.value;

import java.util.Objects;

/**
 * The least data the value model is fitted on; below it the nightly run publishes without value
 * columns rather than fit a model the data cannot support.
 *
 * @param minimumHistory least time from the earliest first purchase to the as-of date, in
 *     {@code historyUnit}; default 26 weeks (half a year, so purchase cycles and some dropout show)
 * @param historyUnit unit of {@code minimumHistory}
 * @param minimumRepeatBuyers least number of customers with x &gt; 0; default 100 (the Gamma-Gamma
 *     model is fitted on them alone, and the BG/NBD dropout parameters rest on them)
 */
public record ValueModelThresholds(double minimumHistory, ModelTimeUnit historyUnit, long minimumRepeatBuyers) {

  public static final double DEFAULT_MINIMUM_HISTORY_WEEKS = 26;
  public static final long DEFAULT_MINIMUM_REPEAT_BUYERS = 100;

  public ValueModelThresholds {
    if (!(minimumHistory >= 0) || Double.isInfinite(minimumHistory)) {
      throw new IllegalArgumentException("value model minimumHistory must be finite and >= 0, got " + minimumHistory);
    }
    Objects.requireNonNull(historyUnit, "value model historyUnit");
    if (minimumRepeatBuyers < 2) {
      throw new IllegalArgumentException("value model minimumRepeatBuyers must be >= 2 (the Gamma-Gamma fit needs"
          + " at least two), got " + minimumRepeatBuyers);
    }
  }

  /** 26 weeks of history, 100 repeat buyers. */
  public static ValueModelThresholds defaults() {
    return new ValueModelThresholds(DEFAULT_MINIMUM_HISTORY_WEEKS, ModelTimeUnit.WEEKS, DEFAULT_MINIMUM_REPEAT_BUYERS);
  }

  /** The minimum history in days. */
  public double minimumHistoryDays() {
    return historyUnit.toDays(minimumHistory);
  }
}
