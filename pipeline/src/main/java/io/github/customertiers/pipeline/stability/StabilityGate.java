package io.github.customertiers.pipeline.stability;

import io.github.customertiers.pipeline.config.QualityOptions;
import java.time.LocalDate;
import java.util.Locale;

/** Refuses to publish a date whose unexplained tier changes exceed {@code quality.max_unexplained_tier_changes}. */
public final class StabilityGate {
  private StabilityGate() {}

  /** Throws {@link TierChangesRefusedException} when the date must not be published; null stability passes. */
  public static void check(LocalDate asOf, TierStability stability, QualityOptions quality) {
    if (stability == null || quality.acceptTierChanges()
        || stability.unexplainedShare() <= quality.maxUnexplainedTierChanges()) {
      return;
    }
    throw new TierChangesRefusedException(String.format(Locale.ROOT,
        "refusing to publish %s: %.2f%% of customers (%d of %d) changed tier against %s without a change of their own "
            + "scores (quality.max_unexplained_tier_changes %.2f%%); %.2f%% changed tier in all. Nothing was published. "
            + "Review the change (tier lines and clusters in _model.json of the staged run, migrations), then rerun the date "
            + "with --accept-tier-changes, or refit with clustering.refit: true",
        asOf, 100 * stability.unexplainedShare(), stability.unexplained(), stability.customers(), stability.previousAsOf(),
        100 * quality.maxUnexplainedTierChanges(), 100 * stability.changedShare()));
  }
}
