package io.github.customertiers.pipeline.generate;

import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Counter-based pseudo-random numbers as Spark columns: a value is a hash of (seed, salt, keys),
 * so it depends only on which customer, order or line it is for, never on partitioning or on the
 * order rows are computed in. Each use site takes its own salt, so draws are independent.
 */
record HashRandom(long seed) {

  private static final double TWO_TO_MINUS_53 = 1.0 / (1L << 53);

  /** A uniform double in [0, 1): the top 53 bits of {@code xxhash64(seed, salt, keys...)}. */
  Column uniform(int salt, Column... keys) {
    Column[] hashed = new Column[keys.length + 2];
    hashed[0] = lit(seed);
    hashed[1] = lit(salt);
    System.arraycopy(keys, 0, hashed, 2, keys.length);
    return shiftrightunsigned(xxhash64(hashed), 11).cast("double").multiply(TWO_TO_MINUS_53);
  }

  /**
   * A Gamma(shape, 1) draw for a whole-number shape: the sum of {@code shape} exponentials, each from
   * its own uniform {@code uniform(salt, keys..., i)}. Mean and variance {@code shape}.
   */
  Column gamma(int salt, int shape, Column... keys) {
    Column sum = null;
    for (int i = 0; i < shape; i++) {
      Column[] withIndex = java.util.Arrays.copyOf(keys, keys.length + 1);
      withIndex[keys.length] = lit(i);
      Column exponential = org.apache.spark.sql.functions.log(lit(1.0).minus(uniform(salt, withIndex))).multiply(-1);
      sum = sum == null ? exponential : sum.plus(exponential);
    }
    return sum;
  }

  /** A uniform int in [lo, hi], both inclusive. */
  static Column intBetween(Column u, Column lo, Column hi) {
    return lo.plus(floor(u.multiply(hi.minus(lo).plus(1)))).cast("int");
  }

  static Column intBetween(Column u, int lo, int hi) {
    return intBetween(u, lit(lo), lit(hi));
  }

  /** A uniform double in [lo, hi). */
  static Column doubleBetween(Column u, double lo, double hi) {
    return u.multiply(hi - lo).plus(lo);
  }

  /** One of {@code choices}, each with probability its weight (the last takes what is left). */
  static Column pick(Column u, List<Weighted> choices) {
    Column cases = null;
    double cumulative = 0;
    for (Weighted choice : choices.subList(0, choices.size() - 1)) {
      cumulative += choice.weight();
      Column below = u.lt(cumulative);
      cases = cases == null ? when(below, lit(choice.value())) : cases.when(below, lit(choice.value()));
    }
    Column last = lit(choices.getLast().value());
    return cases == null ? last : cases.otherwise(last);
  }

  record Weighted(String value, double weight) {}
}
