package io.github.customertiers.pipeline.config;

import java.util.Objects;

/** The layout and mapping of each input feed ({@code feeds:} in the config file). */
public record FeedSpecs(FeedSpec transactions, FeedSpec interactions) {
  public FeedSpecs {
    Objects.requireNonNull(transactions, "feeds.transactions");
    Objects.requireNonNull(interactions, "feeds.interactions");
  }

  /** Both feeds canonical: what a config without {@code feeds:} means. */
  public static FeedSpecs canonical() {
    return new FeedSpecs(FeedSpec.canonical(), FeedSpec.canonical());
  }

  /** The spec of a feed by its name ("transactions" or "interactions"). */
  public FeedSpec of(String feedName) {
    return switch (feedName) {
      case "transactions" -> transactions;
      case "interactions" -> interactions;
      default -> throw new IllegalArgumentException("unknown feed '" + feedName + "'");
    };
  }
}
