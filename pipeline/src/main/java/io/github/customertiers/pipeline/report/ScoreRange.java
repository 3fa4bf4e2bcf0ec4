package io.github.customertiers.pipeline.report;

/**
 * The range of a score's basis (for example recency_days for r_score) among the customers who got
 * the same score on a date: where the cut points fell around one customer.
 *
 * @param min smallest basis value, NaN when every basis value is null
 * @param max largest basis value, NaN when every basis value is null
 * @param customers customers with that score
 */
public record ScoreRange(double min, double max, long customers) {
  static final ScoreRange EMPTY = new ScoreRange(Double.NaN, Double.NaN, 0);

  /** This range widened by one more customer with the given basis value (null: counted, not ranged). */
  ScoreRange with(Double basis) {
    if (basis == null || basis.isNaN()) {
      return new ScoreRange(min, max, customers + 1);
    }
    double lo = Double.isNaN(min) ? basis : Math.min(min, basis);
    double hi = Double.isNaN(max) ? basis : Math.max(max, basis);
    return new ScoreRange(lo, hi, customers + 1);
  }
}
