package io.github.customertiers.pipeline.config;

/**
 * Where the value tiers' lines sit and how sticky they are.
 *
 * @param vipCap share of active buyers above the vip value line when it is placed
 * @param keyCap share of active buyers between the vip and the key lines (value, and loyalty) when placed
 * @param band hysteresis band, in score points (value_score and loyalty_score are 0..100): a
 *     customer keeps their previous tier unless their scores cross a line by more than this
 * @param lapse the constants of the lapse rule ({@code tiers.lapse.*})
 */
public record TierPolicy(double vipCap, double keyCap, double band, LapseOptions lapse) {
  public static final double DEFAULT_BAND = 3.0;

  public TierPolicy {
    if (!(vipCap > 0 && vipCap < 1)) {
      throw new IllegalArgumentException("tiers.vip_cap must be a share between 0 and 1 (exclusive), got " + vipCap);
    }
    if (!(keyCap > 0 && keyCap < 1) || vipCap + keyCap >= 1) {
      throw new IllegalArgumentException("tiers.key_cap must be a share between 0 and 1 with vip_cap + key_cap < 1, got " + keyCap);
    }
    if (!(band >= 0 && band <= 20)) {
      throw new IllegalArgumentException("tiers.band must be between 0 and 20 score points, got " + band);
    }
    java.util.Objects.requireNonNull(lapse, "tiers.lapse");
  }

  public TierPolicy(double vipCap, double keyCap, double band) {
    this(vipCap, keyCap, band, LapseOptions.defaults());
  }

  public TierPolicy(double vipCap, double keyCap) {
    this(vipCap, keyCap, DEFAULT_BAND);
  }

  public static TierPolicy defaults() {
    return new TierPolicy(0.05, 0.20);
  }
}
