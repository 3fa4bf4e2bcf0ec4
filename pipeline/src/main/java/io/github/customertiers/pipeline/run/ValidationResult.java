package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.ingest.Feed;
import io.github.customertiers.pipeline.ingest.FeedIngest;
import io.github.customertiers.pipeline.ingest.FeedValidation;
import io.github.customertiers.pipeline.ingest.InputNotReadyException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What an ingest of the configured inputs would do, per configured feed, in feed order; nothing was written. */
public record ValidationResult(List<FeedCheck> feeds) {
  public ValidationResult {
    feeds = List.copyOf(feeds);
  }

  /** Validates the configured inputs of each feed as {@code ingest} would read them now (by {@code clock}). */
  static ValidationResult of(FeedIngest ingest, TiersConfig config, Clock clock) {
    List<FeedCheck> checks = new ArrayList<>();
    for (Feed feed : Feed.values()) {
      List<String> inputs = feed == Feed.TRANSACTIONS ? config.transactionInputs() : config.interactionInputs();
      if (inputs.isEmpty()) {
        continue;
      }
      try {
        checks.add(new FeedCheck(feed.feedName(), ingest.validate(feed, inputs, clock.instant()), null));
      } catch (InputNotReadyException e) {
        checks.add(new FeedCheck(feed.feedName(), null, e.getMessage()));
      }
    }
    return new ValidationResult(checks);
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
