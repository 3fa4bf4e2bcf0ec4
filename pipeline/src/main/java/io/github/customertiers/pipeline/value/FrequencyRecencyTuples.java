package io.github.customertiers.pipeline.value;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * The BG/NBD sufficient data: distinct (x, t_x, T) tuples with the number of customers sharing
 * each. Times are in the unit of the summary they came from. Tuples, not customers, are what the
 * driver holds, so a million customers cost as much as their distinct tuples.
 */
public final class FrequencyRecencyTuples implements Serializable {

  private final int[] repeatPurchases;
  private final double[] recency;
  private final double[] age;
  private final long[] customerCounts;
  private final long customers;
  private final long repeatBuyers;
  private final long totalRepeatPurchases;

  private FrequencyRecencyTuples(int[] repeatPurchases, double[] recency, double[] age, long[] customerCounts) {
    this.repeatPurchases = repeatPurchases;
    this.recency = recency;
    this.age = age;
    this.customerCounts = customerCounts;
    long all = 0;
    long repeaters = 0;
    long purchases = 0;
    for (int i = 0; i < customerCounts.length; i++) {
      all += customerCounts[i];
      if (repeatPurchases[i] > 0) {
        repeaters += customerCounts[i];
        purchases += customerCounts[i] * repeatPurchases[i];
      }
    }
    this.customers = all;
    this.repeatBuyers = repeaters;
    this.totalRepeatPurchases = purchases;
  }

  /** A builder; {@code expectedTuples} only sizes the arrays. */
  public static Builder builder(int expectedTuples) {
    return new Builder(expectedTuples);
  }

  /** Number of distinct tuples. */
  public int size() {
    return customerCounts.length;
  }

  /** Customers represented (sum of the counts). */
  public long customers() {
    return customers;
  }

  /** Customers with x &gt; 0. */
  public long repeatBuyers() {
    return repeatBuyers;
  }

  /** Sum of x over customers. */
  public long totalRepeatPurchases() {
    return totalRepeatPurchases;
  }

  /** x of tuple i: repeat purchases. */
  public int repeatPurchases(int i) {
    return repeatPurchases[i];
  }

  /** t_x of tuple i: time from first to last purchase. */
  public double recency(int i) {
    return recency[i];
  }

  /** T of tuple i: time from first purchase to the as-of date. */
  public double age(int i) {
    return age[i];
  }

  /** Customers sharing tuple i. */
  public long customerCount(int i) {
    return customerCounts[i];
  }

  /** Largest T, the history length in the data's unit. */
  public double maximumAge() {
    return Arrays.stream(age).max().orElse(0.0);
  }

  /** Collects tuples, validating each one. */
  public static final class Builder {
    private int[] repeatPurchases;
    private double[] recency;
    private double[] age;
    private long[] customerCounts;
    private int size;

    private Builder(int expectedTuples) {
      int capacity = Math.max(16, expectedTuples);
      repeatPurchases = new int[capacity];
      recency = new double[capacity];
      age = new double[capacity];
      customerCounts = new long[capacity];
    }

    /**
     * Adds a tuple.
     *
     * @throws IllegalArgumentException unless {@code x >= 0}, {@code 0 <= t_x <= T}, T finite,
     *     {@code t_x > 0} when {@code x > 0}, and {@code count >= 1}
     */
    public Builder add(int x, double tx, double t, long count) {
      if (x < 0 || !(tx >= 0) || !(t >= tx) || !Double.isFinite(t) || (x > 0 && tx == 0) || count < 1) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "invalid (x, t_x, T, count) tuple (%d, %s, %s, %d): need x >= 0, 0 <= t_x <= T, t_x > 0 when x > 0, count >= 1",
            x, tx, t, count));
      }
      if (size == customerCounts.length) {
        int capacity = size * 2;
        repeatPurchases = Arrays.copyOf(repeatPurchases, capacity);
        recency = Arrays.copyOf(recency, capacity);
        age = Arrays.copyOf(age, capacity);
        customerCounts = Arrays.copyOf(customerCounts, capacity);
      }
      repeatPurchases[size] = x;
      recency[size] = x == 0 ? 0.0 : tx;
      age[size] = t;
      customerCounts[size] = count;
      size++;
      return this;
    }

    public FrequencyRecencyTuples build() {
      return new FrequencyRecencyTuples(Arrays.copyOf(repeatPurchases, size), Arrays.copyOf(recency, size),
          Arrays.copyOf(age, size), Arrays.copyOf(customerCounts, size));
    }
  }
}
