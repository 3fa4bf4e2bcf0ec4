package io.github.customertiers.pipeline.config;

import java.math.BigDecimal;

/**
 * Quality thresholds: ingest (absurd amounts, quarantine rate), the tier-stability gate and the
 * freshness check.
 *
 * @param maxUnexplainedTierChanges share of published customers whose tier changed against the
 *     previous published date without a change of their own scores (docs/TIERS.md) above which a
 *     date is refused
 * @param maxStalenessDays a run as of a date more than this many days after the newest ingested
 *     event of a feed is refused as input not ready
 * @param acceptTierChanges publish even over {@code maxUnexplainedTierChanges} (after review)
 * @param allowStale publish even when a feed is older than {@code maxStalenessDays}
 */
public record QualityOptions(BigDecimal maxAmount, double maxQuarantineRate, double maxUnexplainedTierChanges,
    int maxStalenessDays, boolean acceptTierChanges, boolean allowStale) {
  public static final double DEFAULT_MAX_UNEXPLAINED_TIER_CHANGES = 0.01;
  public static final int DEFAULT_MAX_STALENESS_DAYS = 3;

  public QualityOptions {
    if (maxAmount == null || maxAmount.signum() <= 0) {
      throw new IllegalArgumentException("quality.max_amount must be positive, got " + maxAmount);
    }
    if (!(maxQuarantineRate >= 0 && maxQuarantineRate <= 1)) {
      throw new IllegalArgumentException("quality.max_quarantine_rate must be a share between 0 and 1, got " + maxQuarantineRate);
    }
    if (!(maxUnexplainedTierChanges >= 0 && maxUnexplainedTierChanges <= 1)) {
      throw new IllegalArgumentException("quality.max_unexplained_tier_changes must be a share between 0 and 1, got "
          + maxUnexplainedTierChanges);
    }
    if (maxStalenessDays < 0) {
      throw new IllegalArgumentException("quality.max_staleness_days must be 0 or more days, got " + maxStalenessDays);
    }
  }

  /** Ingest thresholds with the default stability gate and freshness check. */
  public QualityOptions(BigDecimal maxAmount, double maxQuarantineRate) {
    this(maxAmount, maxQuarantineRate, DEFAULT_MAX_UNEXPLAINED_TIER_CHANGES, DEFAULT_MAX_STALENESS_DAYS, false, false);
  }

  public static QualityOptions defaults() {
    return new QualityOptions(new BigDecimal("1000000"), 0.01);
  }

  /** The same thresholds, overridden for this run after review (--accept-tier-changes, --allow-stale). */
  public QualityOptions withOverrides(boolean acceptTierChangesNow, boolean allowStaleNow) {
    return new QualityOptions(maxAmount, maxQuarantineRate, maxUnexplainedTierChanges, maxStalenessDays,
        acceptTierChangesNow, allowStaleNow);
  }
}
