package io.github.customertiers.pipeline.tiers;

import java.util.Locale;

/** The five tiers; every published customer has exactly one. */
public enum Tier {
  VIP, KEY, ORDINARY, POTENTIAL, LAPSED;

  /** Lower-case name used in tables and file names. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
