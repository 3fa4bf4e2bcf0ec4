package io.github.customertiers.pipeline.run;

import java.util.Locale;

/** What the value score ranks: predicted customer lifetime value when the value model fitted, else monetary. */
public enum ValueBasis {
  CLV, MONETARY;

  /** The column the value score is computed from (also the manifest's {@code value_basis}). */
  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ValueBasis of(boolean valueModelFitted) {
    return valueModelFitted ? CLV : MONETARY;
  }
}
