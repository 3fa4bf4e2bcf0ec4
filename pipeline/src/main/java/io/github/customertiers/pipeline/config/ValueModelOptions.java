package io.github.customertiers.pipeline.config;

import io.github.customertiers.pipeline.value.ClvParameters;
import io.github.customertiers.pipeline.value.ModelTimeUnit;
import io.github.customertiers.pipeline.value.ValueModelThresholds;
import java.util.Objects;

/**
 * The customer value model (BG/NBD + Gamma-Gamma) in the nightly run: whether to fit it, its time
 * unit, the CLV parameters, the minimum-data guard, and the P(alive) below which a buyer counts as
 * lapsed even inside the lapse window (0 disables that rule).
 */
public record ValueModelOptions(boolean enabled, ModelTimeUnit timeUnit, ClvParameters clv,
    ValueModelThresholds thresholds, double lapseBelowPAlive) {
  public ValueModelOptions {
    Objects.requireNonNull(timeUnit, "value_model.time_unit");
    Objects.requireNonNull(clv, "value_model clv parameters");
    Objects.requireNonNull(thresholds, "value_model thresholds");
    if (!(lapseBelowPAlive >= 0 && lapseBelowPAlive < 1)) {
      throw new IllegalArgumentException("value_model.lapse_below_p_alive must be in [0, 1), got " + lapseBelowPAlive);
    }
  }

  public static ValueModelOptions defaults() {
    return new ValueModelOptions(true, ModelTimeUnit.WEEKS, ClvParameters.defaults(), ValueModelThresholds.defaults(), 0.05);
  }
}
