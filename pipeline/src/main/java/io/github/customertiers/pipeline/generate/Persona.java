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
  /** Heavy frequent buyers: an order every 5–12 days up to as-of, mean basket about 350 EUR. */
  VIP("vip", 0.03, "vip"),
  /** Regular buyers: an order every 25–45 days up to as-of, mean basket about 100 EUR. */
  KEY("key", 0.14, "key"),
  /** Occasional buyers: 2–5 orders, the latest 31–150 days before as-of, mean basket about 35 EUR. */
  ORDINARY("ordinary", 0.32, "ordinary"),
  /** Never bought; 2–15 interactions within the last 90 days. */
  PROSPECT("prospect", 0.17, "potential"),
  /** Exactly one order 1–25 days before as-of and a few recent interactions, mean basket about 55 EUR. */
  NEW("new", 0.05, "potential"),
  /** Bought 1–6 times, the last order 250–700 days before as-of, mean basket about 65 EUR. */
  LAPSED("lapsed", 0.15, "lapsed"),
  /** Never bought; interactions only older than 120 days. Not to be published. */
  DORMANT("dormant", 0.03, null),
  /**
   * Loyal regulars of modest spend: an order every 10–20 days up to as-of, mean basket about 25 EUR,
   * engaged (10–30 interactions). Key by loyalty, not by value.
   */
  LOYAL("loyal", 0.05, "key"),
  /**
   * Big one-off spenders: exactly one order, 31–150 days before as-of, mean basket about 900 EUR.
   * One purchase is not a relationship: ordinary, not key or vip.
   */
  BIG_ONE_OFF("big_one_off", 0.02, "ordinary"),
  /**
   * Regulars drifting away: frequent orders at the start of the history (gaps of about 0.4 x a
   * 20–40 day interval), the gaps growing to 1.6 x the interval before the last order, 181–240 days before as-of (just past the default 180-day lapse window, so
   * a range of dates ending at as-of shows them migrate to lapsed). Mean basket about 70 EUR.
   */
  DRIFTING("drifting", 0.04, "lapsed");

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
