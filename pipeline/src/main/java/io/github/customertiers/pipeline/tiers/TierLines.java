package io.github.customertiers.pipeline.tiers;

import java.io.Serializable;
import java.util.Locale;

/**
 * The lines that decide the value tiers of active buyers, on the customer's own scores (0..100):
 * vip when {@code value_score >= vipValue}; else key when {@code value_score >= keyValue} or
 * {@code loyalty_score >= keyLoyalty}; else ordinary. Tiers are therefore monotone: a buyer at
 * least as good on both scores never sits lower, except through the hysteresis {@code band}
 * (a buyer keeps their previous tier unless they cross a line by more than the band).
 *
 * <p>Lines are placed at the {@code 1 - vip_cap} (value) and {@code 1 - vip_cap - key_cap}
 * (value, loyalty) quantiles of the active buyers when a warehouse is first tiered or refitted,
 * and then carried from date to date; a line moves only when that quantile has drifted by more
 * than the band ({@link #carriedTo}).
 *
 * @param vipValue value score at or above which an active buyer is vip
 * @param keyValue value score at or above which an active buyer is (at least) key
 * @param keyLoyalty loyalty score at or above which an active buyer is (at least) key
 * @param band hysteresis band in score points
 */
public record TierLines(double vipValue, double keyValue, double keyLoyalty, double band) implements Serializable {

  /** The tier the lines give scores {@code (value, loyalty)} with every line raised by {@code shift} points. */
  public Tier tierAt(double value, double loyalty, double shift) {
    if (value >= vipValue + shift) {
      return Tier.VIP;
    }
    if (value >= keyValue + shift || loyalty >= keyLoyalty + shift) {
      return Tier.KEY;
    }
    return Tier.ORDINARY;
  }

  /**
   * The tier of an active buyer whose previous tier was {@code previous} (null: none, or not a
   * value tier): the plain tier without a previous one; else the previous tier while the scores
   * stay within the band of its lines, else the tier they reach beyond the band.
   */
  public Tier decide(double value, double loyalty, Tier previous) {
    Tier plain = tierAt(value, loyalty, 0);
    if (previous == null || !(previous == Tier.VIP || previous == Tier.KEY || previous == Tier.ORDINARY)) {
      return plain;
    }
    Tier generous = tierAt(value, loyalty, -band); // the highest tier the band allows
    Tier strict = tierAt(value, loyalty, band);    // the lowest tier the band allows
    // Tier enum order: VIP < KEY < ORDINARY, so "higher" means a smaller ordinal.
    if (previous.ordinal() < generous.ordinal()) {
      return generous;
    }
    if (previous.ordinal() > strict.ordinal()) {
      return strict;
    }
    return previous;
  }

  /**
   * These lines carried to a date whose quantile lines are {@code placedToday}: each line stays
   * unless today's quantile moved by more than the band from it.
   */
  public TierLines carriedTo(TierLines placedToday) {
    return new TierLines(
        Math.abs(placedToday.vipValue - vipValue) > band ? placedToday.vipValue : vipValue,
        Math.abs(placedToday.keyValue - keyValue) > band ? placedToday.keyValue : keyValue,
        Math.abs(placedToday.keyLoyalty - keyLoyalty) > band ? placedToday.keyLoyalty : keyLoyalty,
        placedToday.band);
  }

  public String describe() {
    return String.format(Locale.ROOT, "vip: value >= %s; key: value >= %s or loyalty >= %s; band %s points",
        number(vipValue), number(keyValue), number(keyLoyalty), number(band));
  }

  static String number(double x) {
    return x == Math.rint(x) ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.1f", x);
  }
}
