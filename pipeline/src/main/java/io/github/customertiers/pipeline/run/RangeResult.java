package io.github.customertiers.pipeline.run;

import java.util.List;

/** What a run of one or more as-of dates did: one outcome per date, oldest first. */
public record RangeResult(List<DateOutcome> dates) {
  public RangeResult {
    dates = List.copyOf(dates);
  }

  /** Dates that failed (the others were published). */
  public long failed() {
    return dates.stream().filter(d -> !d.published()).count();
  }

  /** The result of a run of one date; its failure is thrown as it was raised. */
  public RunResult single() {
    if (dates.size() != 1) {
      throw new IllegalStateException("a run of " + dates.size() + " dates has no single result");
    }
    DateOutcome outcome = dates.get(0);
    if (!outcome.published()) {
      if (outcome.failure() instanceof RuntimeException e) {
        throw e;
      }
      throw new IllegalStateException(outcome.failure());
    }
    return outcome.result();
  }
}
