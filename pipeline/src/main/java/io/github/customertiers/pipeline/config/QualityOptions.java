package io.github.customertiers.pipeline.config;

import java.math.BigDecimal;

/** Ingest quality thresholds. */
public record QualityOptions(BigDecimal maxAmount, double maxQuarantineRate) {
  public QualityOptions {
    if (maxAmount == null || maxAmount.signum() <= 0) {
      throw new IllegalArgumentException("quality.max_amount must be positive, got " + maxAmount);
    }
    if (!(maxQuarantineRate >= 0 && maxQuarantineRate <= 1)) {
      throw new IllegalArgumentException("quality.max_quarantine_rate must be a share between 0 and 1, got " + maxQuarantineRate);
    }
  }

  public static QualityOptions defaults() {
    return new QualityOptions(new BigDecimal("1000000"), 0.01);
  }
}
