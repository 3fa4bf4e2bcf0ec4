package io.github.customertiers.pipeline.config;

import java.util.Objects;

/**
 * The action lists published with each date (docs/TIERS.md, "Action lists").
 *
 * @param atRiskBelowPAlive a vip or key customer whose P(alive) is below this is at risk
 * @param atRiskGapMultiple a vip or key customer silent for more than this many of their own mean
 *     gaps between purchases is at risk
 * @param anniversaryDays anniversaries of the first purchase in the coming this many days are listed
 * @param playbook recommended action and contact cadence per tier and movement
 */
public record ActionOptions(double atRiskBelowPAlive, double atRiskGapMultiple, int anniversaryDays, Playbook playbook) {
  public ActionOptions {
    if (!(atRiskBelowPAlive >= 0 && atRiskBelowPAlive <= 1)) {
      throw new IllegalArgumentException("actions.at_risk_below_p_alive must be in [0, 1], got " + atRiskBelowPAlive);
    }
    if (!(atRiskGapMultiple > 0) || Double.isInfinite(atRiskGapMultiple)) {
      throw new IllegalArgumentException("actions.at_risk_gap_multiple must be a positive number, got " + atRiskGapMultiple);
    }
    if (anniversaryDays < 1 || anniversaryDays > 31) {
      throw new IllegalArgumentException("actions.anniversary_days must be between 1 and 31, got " + anniversaryDays);
    }
    Objects.requireNonNull(playbook, "actions.playbook");
  }

  public static ActionOptions defaults() {
    return new ActionOptions(0.5, 1.5, 7, Playbook.empty());
  }
}
