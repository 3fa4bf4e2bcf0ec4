package io.github.customertiers.pipeline.value;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * The Gamma-Gamma data: distinct (x, mean repeat value) pairs of repeat buyers with the number of
 * customers sharing each. x &gt; 0 is the number of repeat purchases, the mean value is the mean net
 * amount of those repeat purchase days (currency units, strictly positive).
 */
public final class RepeatSpendTuples implements Serializable {

  private final int[] repeatPurchases;
  private final double[] meanValues;
  private final long[] customerCounts;
  private final long customers;

  private RepeatSpendTuples(int[] repeatPurchases, double[] meanValues, long[] customerCounts) {
    this.repeatPurchases = repeatPurchases;
    this.meanValues = meanValues;
    this.customerCounts = customerCounts;
    this.customers = Arrays.stream(customerCounts).sum();
  }

  public static Builder builder(int expectedTuples) {
    return new Builder(expectedTuples);
  }

  public int size() {
    return customerCounts.length;
  }

  /** Customers represented (sum of the counts). */
  public long customers() {
    return customers;
  }

  public int repeatPurchases(int i) {
    return repeatPurchases[i];
  }

  public double meanValue(int i) {
    return meanValues[i];
  }

  public long customerCount(int i) {
    return customerCounts[i];
  }

  /** Customer-weighted mean of the mean values. */
  public double averageMeanValue() {
    double sum = 0;
    for (int i = 0; i < meanValues.length; i++) {
      sum += meanValues[i] * customerCounts[i];
    }
    return customers == 0 ? Double.NaN : sum / customers;
  }

  /** Collects pairs, validating each one. */
  public static final class Builder {
    private int[] repeatPurchases;
    private double[] meanValues;
    private long[] customerCounts;
    private int size;

    private Builder(int expectedTuples) {
      int capacity = Math.max(16, expectedTuples);
      repeatPurchases = new int[capacity];
      meanValues = new double[capacity];
      customerCounts = new long[capacity];
    }

    /**
     * Adds a pair.
     *
     * @throws IllegalArgumentException unless {@code x >= 1}, the mean value is finite and &gt; 0 and
     *     {@code count >= 1}
     */
    public Builder add(int x, double meanValue, long count) {
      if (x < 1 || !(meanValue > 0) || !Double.isFinite(meanValue) || count < 1) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "invalid (x, mean value, count) pair (%d, %s, %d): need x >= 1, mean value > 0, count >= 1",
            x, meanValue, count));
      }
      if (size == customerCounts.length) {
        int capacity = size * 2;
        repeatPurchases = Arrays.copyOf(repeatPurchases, capacity);
        meanValues = Arrays.copyOf(meanValues, capacity);
        customerCounts = Arrays.copyOf(customerCounts, capacity);
      }
      repeatPurchases[size] = x;
      meanValues[size] = meanValue;
      customerCounts[size] = count;
      size++;
      return this;
    }

    public RepeatSpendTuples build() {
      return new RepeatSpendTuples(Arrays.copyOf(repeatPurchases, size), Arrays.copyOf(meanValues, size),
          Arrays.copyOf(customerCounts, size));
    }
  }
}
