package io.github.customertiers.pipeline.config;

import java.io.Serializable;

/**
 * The constants of the lapse rule (docs/TIERS.md, "The lapse rule"; keys {@code tiers.lapse.*}).
 *
 * @param gapMultiple a repeat buyer is past their rhythm when silent for more than this many of their own mean gaps
 * @param maxPAlive with the value model fitted, a repeat buyer past their rhythm is lapsed only while P(alive) is below this
 * @param maxValueScore with the value model fitted (value basis CLV), a buyer is lapsed by their rhythm, by the
 *     window or as a one-time buyer only while their value score is below this: a customer the value model still
 *     ranks in the upper part of the base is not written off
 * @param maxWindows whatever the rhythm and the model say, a silence of this many lapse windows is lapsed
 */
public record LapseOptions(double gapMultiple, double maxPAlive, double maxValueScore, double maxWindows) implements Serializable {
  public LapseOptions {
    if (!(gapMultiple >= 1 && gapMultiple <= 20)) {
      throw new IllegalArgumentException("tiers.lapse.gap_multiple must be between 1 and 20 own gaps, got " + gapMultiple);
    }
    if (!(maxPAlive >= 0 && maxPAlive <= 1)) {
      throw new IllegalArgumentException("tiers.lapse.max_p_alive must be a probability between 0 and 1, got " + maxPAlive);
    }
    if (!(maxValueScore > 0 && maxValueScore <= 101)) {
      throw new IllegalArgumentException("tiers.lapse.max_value_score must be between 1 and 101 score points, got " + maxValueScore);
    }
    if (!(maxWindows >= 1 && maxWindows <= 100)) {
      throw new IllegalArgumentException("tiers.lapse.max_windows must be between 1 and 100 lapse windows, got " + maxWindows);
    }
  }

  /** Days of silence after which a buyer is lapsed whatever the rhythm and the model say. */
  public long maxSilenceDays(int lapseDays) {
    return (long) Math.ceil(maxWindows * lapseDays);
  }

  public static LapseOptions defaults() {
    return new LapseOptions(3.0, 0.2, 60, 1.5);
  }
}
