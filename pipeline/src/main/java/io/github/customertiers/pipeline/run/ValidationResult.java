package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.ingest.FeedValidation;
import java.util.List;
import java.util.Locale;

/** What an ingest of the configured inputs would do, per configured feed, in feed order; nothing was written. */
public record ValidationResult(List<FeedCheck> feeds) {
  public ValidationResult {
    feeds = List.copyOf(feeds);
  }

  /**
   * One feed: its validation, or why its input is not ready.
   *
   * @param validation null when the input is not ready
   * @param notReady null when the input could be read
   */
  public record FeedCheck(String feed, FeedValidation validation, String notReady) {
    public boolean ready() {
      return notReady == null;
    }

    /** The input could be read and every check passes: a run would ingest it. */
    public boolean passes() {
      return ready() && validation.passes();
    }

    /** What {@code tiers validate} prints for the feed: the per-file table, or why its input is not ready (lines, each ended). */
    public String toText() {
      return ready() ? ValidationText.of(validation)
          : String.format(Locale.ROOT, "%s: input not ready: %s%n", feed, notReady);
    }
  }
}
