package io.github.customertiers.pipeline.value;

import java.util.Objects;

/**
 * The knobs of the customer lifetime value.
 *
 * @param horizon how far ahead to count purchases, in {@code horizonUnit}; default 52 weeks
 * @param horizonUnit unit of {@code horizon}
 * @param margin share of revenue that is profit, in (0, 1]; default 1.0 (CLV in revenue)
 * @param annualDiscountRate yearly discount rate, in [0, 1]; default 0.10 (10% a year)
 */
public record ClvParameters(double horizon, ModelTimeUnit horizonUnit, double margin, double annualDiscountRate) {

  public static final double DEFAULT_HORIZON_WEEKS = 52;
  public static final double DEFAULT_MARGIN = 1.0;
  public static final double DEFAULT_ANNUAL_DISCOUNT_RATE = 0.10;

  public ClvParameters {
    if (!(horizon > 0) || Double.isInfinite(horizon)) {
      throw new IllegalArgumentException("CLV horizon must be finite and > 0, got " + horizon);
    }
    Objects.requireNonNull(horizonUnit, "CLV horizonUnit");
    if (!(margin > 0 && margin <= 1)) {
      throw new IllegalArgumentException("CLV margin must be in (0, 1] (a share of revenue), got " + margin);
    }
    if (!(annualDiscountRate >= 0 && annualDiscountRate <= 1)) {
      throw new IllegalArgumentException("CLV annualDiscountRate must be in [0, 1] (0.10 = 10% a year), got "
          + annualDiscountRate);
    }
  }

  /** 52 weeks, margin 1.0, 10% a year. */
  public static ClvParameters defaults() {
    return new ClvParameters(DEFAULT_HORIZON_WEEKS, ModelTimeUnit.WEEKS, DEFAULT_MARGIN, DEFAULT_ANNUAL_DISCOUNT_RATE);
  }

  /** The same parameters with another horizon. */
  public ClvParameters withHorizon(double newHorizon, ModelTimeUnit unit) {
    return new ClvParameters(newHorizon, unit, margin, annualDiscountRate);
  }

  /** The horizon expressed in {@code unit}. */
  public double horizonIn(ModelTimeUnit unit) {
    return unit.convert(horizon, horizonUnit);
  }
}
