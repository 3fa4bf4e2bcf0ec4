package io.github.customertiers.pipeline.backtest;

import java.util.List;

/**
 * How well one order ranks holdout revenue.
 *
 * @param order the order
 * @param capture share of the holdout revenue bought by the top x% of customers, one per {@link CaptureCurve#PERCENTILES}
 * @param normalisedGini Gini of the order divided by the Gini of the perfect order (1 = perfect, 0 = random)
 */
public record RankingQuality(RankingOrder order, List<Double> capture, double normalisedGini) {
  public RankingQuality {
    capture = List.copyOf(capture);
  }

  /** Capture at {@code percent} (one of {@link CaptureCurve#PERCENTILES}). */
  public double captureAt(int percent) {
    int i = CaptureCurve.PERCENTILES.indexOf(percent);
    if (i < 0) {
      throw new IllegalArgumentException(percent + "% is not one of the measured percentiles " + CaptureCurve.PERCENTILES);
    }
    return capture.get(i);
  }
}
