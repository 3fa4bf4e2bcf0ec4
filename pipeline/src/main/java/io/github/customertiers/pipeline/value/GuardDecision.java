package io.github.customertiers.pipeline.value;

import java.util.Objects;

/**
 * Whether to fit the value model, and why.
 *
 * @param fit true when every threshold is met
 * @param reason what failed ("; "-separated), or a summary of the data when fit is true
 * @param customers customers with at least one purchase day
 * @param repeatBuyers customers with x &gt; 0
 * @param historyDays days from the earliest first purchase to the as-of date
 */
public record GuardDecision(boolean fit, String reason, long customers, long repeatBuyers, double historyDays) {

  public GuardDecision {
    Objects.requireNonNull(reason, "reason");
    if (customers < 0 || repeatBuyers < 0 || repeatBuyers > customers) {
      throw new IllegalArgumentException("guard decision needs 0 <= repeatBuyers <= customers, got "
          + repeatBuyers + " and " + customers);
    }
  }
}
