package io.github.customertiers.pipeline.run;

import java.time.LocalDate;

/** How one as-of date of a run ended: published (with its result) or failed (with the reason). */
public record DateOutcome(LocalDate asOf, RunResult result, Throwable failure, long millis) {
  public boolean published() {
    return failure == null;
  }
}
