package io.github.customertiers.pipeline.generate;

import java.util.Optional;

/**
 * The ground-truth behaviour of a synthetic customer. Shares add up to 1; the persona of a
 * customer is drawn from a hash of (seed, customer index), never from Spark's {@code rand()}.
 *
 * <p>Personas are finer than tiers: {@link #expectedTier()} says which published tier a correct
 * pipeline should give each persona ({@link #DORMANT} customers must not be published at all).
 */
public enum Persona {
  /** Heavy frequent buyers: an order every 5–12 days up to as-of, baskets 150–600 EUR. */
  VIP("vip", 0.03, "vip"),
  /** Regular buyers: an order every 25–45 days up to as-of, baskets 50–160 EUR. */
  KEY("key", 0.14, "key"),
  /** Occasional buyers: 2–5 orders, the latest 31–150 days before as-of, baskets 15–60 EUR. */
  ORDINARY("ordinary", 0.43, "ordinary"),
  /** Never bought; 2–15 interactions within the last 90 days. */
  PROSPECT("prospect", 0.17, "potential"),
  /** Exactly one order 1–25 days before as-of and a few recent interactions. */
  NEW("new", 0.05, "potential"),
  /** Bought 1–6 times, the last order 250–700 days before as-of. */
  LAPSED("lapsed", 0.15, "lapsed"),
  /** Never bought; interactions only older than 120 days. Not to be published. */
  DORMANT("dormant", 0.03, null);

  private final String label;
  private final double share;
  private final String expectedTier;

  Persona(String label, double share, String expectedTier) {
    this.label = label;
    this.share = share;
    this.expectedTier = expectedTier;
  }

  /** The value written in {@code truth/personas/}, e.g. {@code vip}. */
  public String label() {
    return label;
  }

  /** The expected fraction of customers with this persona. */
  public double share() {
    return share;
  }

  /** The tier a correct pipeline publishes for this persona; empty for unpublished customers. */
  public Optional<String> expectedTier() {
    return Optional.ofNullable(expectedTier);
  }

  /** The persona written as {@code label}, e.g. {@code lapsed}. */
  public static Persona ofLabel(String label) {
    for (Persona persona : values()) {
      if (persona.label.equals(label)) {
        return persona;
      }
    }
    throw new IllegalArgumentException("unknown persona '" + label + "'");
  }
}
