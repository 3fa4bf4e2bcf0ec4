package io.github.customertiers.pipeline.config;

/** Size caps of the value tiers, as shares of the active buyers. */
public record TierPolicy(double vipCap, double keyCap) {
  public TierPolicy {
    if (!(vipCap > 0 && vipCap < 1)) {
      throw new IllegalArgumentException("tiers.vip_cap must be a share between 0 and 1 (exclusive), got " + vipCap);
    }
    if (!(keyCap > 0 && keyCap < 1) || vipCap + keyCap >= 1) {
      throw new IllegalArgumentException("tiers.key_cap must be a share between 0 and 1 with vip_cap + key_cap < 1, got " + keyCap);
    }
  }

  public static TierPolicy defaults() {
    return new TierPolicy(0.05, 0.20);
  }
}
