package io.github.customertiers.pipeline.stability;

import io.github.customertiers.pipeline.errors.TiersException;

/**
 * A date whose tiers moved more than {@code quality.max_unexplained_tier_changes} without a change
 * in the customers' own scores was not published (exit code 8). Review the date, then rerun it
 * with {@code --accept-tier-changes}.
 */
public final class TierChangesRefusedException extends TiersException {
  private static final long serialVersionUID = 1L;

  public TierChangesRefusedException(String message) {
    super(Kind.TIER_CHANGES_REFUSED, message);
  }
}
