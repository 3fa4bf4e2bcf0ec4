package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.errors.ConfigException;
import io.github.customertiers.pipeline.value.HoldoutEvaluation;
import io.github.customertiers.pipeline.value.ModelTimeUnit;
import io.github.customertiers.pipeline.value.PurchaseDayRule;
import io.github.customertiers.pipeline.value.ValueModelThresholds;
import java.time.LocalDate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What {@link TiersActions#evaluateValue(ValueEvaluation)} checks: the calibration period (up to
 * {@code calibrationEnd}, optionally from a start), the holdout period (calibrationEnd, holdoutEnd],
 * the time unit (weeks unless {@link #inDays()}) and which days count as purchases. Every setting is
 * checked when it is set: a bad one is a {@link ConfigException} naming it. The guard thresholds
 * come from the configuration.
 */
public final class ValueEvaluation {
  private final HoldoutEvaluation evaluation;

  private ValueEvaluation(HoldoutEvaluation evaluation) {
    this.evaluation = evaluation;
  }

  /** Calibration up to {@code calibrationEnd}, holdout (calibrationEnd, holdoutEnd], in weeks; days with a positive net amount are purchases. */
  public static ValueEvaluation between(LocalDate calibrationEnd, LocalDate holdoutEnd) {
    return checked(() -> HoldoutEvaluation.between(calibrationEnd, holdoutEnd).timeUnit(ModelTimeUnit.WEEKS)
        .purchaseDayRule(PurchaseDayRule.POSITIVE_NET_AMOUNT));
  }

  /** Purchases before {@code start} are ignored. */
  public ValueEvaluation calibrationStart(LocalDate start) {
    return with(e -> e.calibrationStart(start));
  }

  /** The model counts time in days instead of weeks. */
  public ValueEvaluation inDays() {
    return with(e -> e.timeUnit(ModelTimeUnit.DAYS));
  }

  /** Days whose net amount is 0 count as purchase days (as the CDNOW papers do). */
  public ValueEvaluation countingZeroValuePurchases() {
    return with(e -> e.purchaseDayRule(PurchaseDayRule.NON_NEGATIVE_NET_AMOUNT));
  }

  /** The evaluation with the configured guard thresholds. */
  HoldoutEvaluation withThresholds(ValueModelThresholds thresholds) {
    return evaluation.thresholds(thresholds);
  }

  private ValueEvaluation with(UnaryOperator<HoldoutEvaluation> change) {
    return checked(() -> change.apply(evaluation));
  }

  private static ValueEvaluation checked(Supplier<HoldoutEvaluation> build) {
    try {
      return new ValueEvaluation(build.get());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }
}
