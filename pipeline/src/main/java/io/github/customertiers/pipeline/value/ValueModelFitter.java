package io.github.customertiers.pipeline.value;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The driver boundary of the value model: checks the {@link ValueModelGuard}, collects the distinct
 * (x, t_x, T) tuples and (x, mean value) pairs with their counts (never per-customer rows), and fits
 * the BG/NBD and Gamma-Gamma models on the driver.
 *
 * <p>The driver's memory is bounded by {@link #maxDistinctTuples(int)} (default 2,000,000): when the
 * distinct tuples exceed it, a seeded Bernoulli sample of customers (fraction 0.95 * max / customers)
 * is taken first, and the fraction is recorded in the result. The summary is read three times (guard,
 * tuples, pairs); cache it when it is expensive to recompute.
 */
public final class ValueModelFitter {

  public static final int DEFAULT_MAX_DISTINCT_TUPLES = 2_000_000;
  public static final long DEFAULT_SAMPLE_SEED = 20050101L;
  private static final double SAMPLE_HEADROOM = 0.95;
  /** The local property behind {@link SparkContext#setJobDescription}. */
  private static final String JOB_DESCRIPTION_PROPERTY = "spark.job.description";
  private static final Logger LOG = LogManager.getLogger(ValueModelFitter.class);

  private final ValueModelThresholds thresholds;
  private final int maxDistinctTuples;
  private final long sampleSeed;

  public ValueModelFitter(ValueModelThresholds thresholds) {
    this(thresholds, DEFAULT_MAX_DISTINCT_TUPLES, DEFAULT_SAMPLE_SEED);
  }

  private ValueModelFitter(ValueModelThresholds thresholds, int maxDistinctTuples, long sampleSeed) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    if (maxDistinctTuples < 100) {
      throw new IllegalArgumentException("maxDistinctTuples must be >= 100, got " + maxDistinctTuples);
    }
    this.maxDistinctTuples = maxDistinctTuples;
    this.sampleSeed = sampleSeed;
  }

  /** Largest number of distinct tuples (or pairs) collected to the driver. */
  public ValueModelFitter maxDistinctTuples(int max) {
    return new ValueModelFitter(thresholds, max, sampleSeed);
  }

  /** Seed of the customer sample taken when the tuples exceed the maximum. */
  public ValueModelFitter sampleSeed(long seed) {
    return new ValueModelFitter(thresholds, maxDistinctTuples, seed);
  }

  /**
   * Fits both models on a {@link RepeatPurchaseSummary} output. Never throws for data reasons: a
   * failed guard or fit comes back as {@code fitted = false} with the reason.
   *
   * @param customerSummary rows with {@code x, t_x, T, mean_repeat_value}
   * @param timeUnit the unit of the summary's {@code t_x} and {@code T}
   */
  public ValueModelFit fit(Dataset<Row> customerSummary, ModelTimeUnit timeUnit) {
    long started = System.nanoTime();
    SparkContext context = customerSummary.sparkSession().sparkContext();
    String previousDescription = context.getLocalProperty(JOB_DESCRIPTION_PROPERTY);
    try {
      context.setJobDescription("value model: guard");
      GuardDecision decision = new ValueModelGuard(thresholds).check(customerSummary, timeUnit);
      if (!decision.fit()) {
        LOG.warn("Value model not fitted: {}", decision.reason());
        return ValueModelFit.notFitted(decision.reason(), timeUnit, decision.customers(), decision.repeatBuyers(),
            millisSince(started));
      }
      Dataset<Row> buyers = customerSummary.filter(col(RepeatPurchaseSummary.REPEAT_PURCHASES).isNotNull());

      context.setJobDescription("value model: collect (x, t_x, T) tuples");
      SampledTuples<FrequencyRecencyTuples> frequency = collectFrequencyTuples(buyers, decision.customers());
      List<String> notes = new ArrayList<>();
      BgNbdModel bgNbd;
      try {
        FittedModel<BgNbdModel> fitted = BgNbdModel.fitReportingLimits(frequency.tuples(), timeUnit);
        bgNbd = fitted.model();
        if (fitted.atLimit()) {
          notes.add(bgNbdLimitNote(bgNbd, fitted.parametersAtLimit()));
        }
      } catch (ValueModelFitException e) {
        String reason = "the purchase model (BG/NBD) could not be fitted, so the value score ranks net spend"
            + " (monetary) instead of the customer lifetime value: " + e.getMessage();
        LOG.warn("Value model not fitted: {}", reason);
        return new ValueModelFit(false, reason, null, null, timeUnit, decision.customers(),
            decision.repeatBuyers(), frequency.tuples().size(), 0, frequency.fraction(), 1.0, millisSince(started),
            List.of(), null);
      }

      context.setJobDescription("value model: collect (x, mean value) pairs");
      Dataset<Row> repeatBuyers = buyers.filter(col(RepeatPurchaseSummary.REPEAT_PURCHASES).gt(0)
          .and(col(RepeatPurchaseSummary.MEAN_REPEAT_VALUE).gt(0)));
      SampledTuples<RepeatSpendTuples> spend = collectSpendPairs(repeatBuyers, decision.repeatBuyers());
      GammaGammaModel gammaGamma = null;
      Double populationMeanSpend = null;
      try {
        FittedModel<GammaGammaModel> fitted = GammaGammaModel.fitReportingLimits(spend.tuples());
        gammaGamma = fitted.model();
        if (fitted.atLimit()) {
          notes.add(String.format(Locale.ROOT, "spend model (Gamma-Gamma) at its limit (%s): each customer spends"
              + " about the same on every purchase, so the expected spend per purchase is close to the customer's"
              + " own mean (p = %.4g, q = %.4g, gamma = %.4g)", limitsInWords(fitted.parametersAtLimit()),
              gammaGamma.p(), gammaGamma.q(), gammaGamma.gamma()));
        }
        if (gammaGamma.q() <= 1) {
          notes.add(String.format(Locale.ROOT, "Gamma-Gamma q = %.3f <= 1: the population mean spend is infinite,"
              + " so a customer whose first purchase is unknown gets no expected value", gammaGamma.q()));
        }
      } catch (ValueModelFitException e) {
        double mean = spend.tuples().averageMeanValue();
        if (!(mean > 0) || Double.isInfinite(mean)) {
          String reason = "the spend model (Gamma-Gamma) could not be fitted and no repeat buyer has a positive"
              + " mean spend, so the value score ranks net spend (monetary): " + e.getMessage();
          LOG.warn("Value model not fitted: {}", reason);
          return new ValueModelFit(false, reason, null, null, timeUnit, decision.customers(),
              decision.repeatBuyers(), frequency.tuples().size(), spend.tuples().size(), frequency.fraction(),
              spend.fraction(), millisSince(started), List.of(), null);
        }
        populationMeanSpend = mean;
        notes.add(String.format(Locale.ROOT, "the spend model (Gamma-Gamma) could not be fitted, so the expected"
            + " spend per purchase is the customer's observed mean spend shrunk toward the mean of all repeat"
            + " buyers (%.2f) with the weight of one purchase; P(alive) and expected purchases still come from the"
            + " BG/NBD. Why: %s", mean, e.getMessage()));
        LOG.warn("Gamma-Gamma not fitted, observed mean spend used: {}", e.getMessage());
      }
      String reason = decision.reason() + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
      ValueModelFit fit = new ValueModelFit(true, reason, bgNbd, gammaGamma, timeUnit, decision.customers(),
          decision.repeatBuyers(), frequency.tuples().size(), spend.tuples().size(), frequency.fraction(),
          spend.fraction(), millisSince(started), notes, populationMeanSpend);
      LOG.info("Value model fitted in {} ms: {}", fit.fitDurationMs(), reason);
      return fit;
    } finally {
      context.setJobDescription(previousDescription);
    }
  }

  private static String bgNbdLimitNote(BgNbdModel model, List<String> parameters) {
    return String.format(Locale.ROOT, "purchase model (BG/NBD) at its limit (%s): almost no customer is seen to drop"
        + " out (mean dropout probability per purchase a/(a+b) = %.2g), so the limiting model without dropout is"
        + " used (a = %.3g, b = %.4g)", limitsInWords(parameters), model.a() / (model.a() + model.b()), model.a(),
        model.b());
  }

  private static String limitsInWords(List<String> parameters) {
    List<String> words = new ArrayList<>();
    for (String name : parameters) {
      words.add(name + (name.equals("a") || name.equals("gamma") ? " -> 0" : " -> infinity"));
    }
    return String.join(", ", words);
  }

  /** Collects (x, t_x, T, count); samples customers first when there are too many distinct tuples. */
  SampledTuples<FrequencyRecencyTuples> collectFrequencyTuples(Dataset<Row> buyers, long customers) {
    List<Row> rows = frequencyTupleRows(buyers).limit(maxDistinctTuples + 1).collectAsList();
    double fraction = 1.0;
    if (rows.size() > maxDistinctTuples) {
      fraction = Math.min(1.0, SAMPLE_HEADROOM * maxDistinctTuples / customers);
      LOG.warn("More than {} distinct (x, t_x, T) tuples: fitting the BG/NBD on a {} sample of customers (seed {})",
          maxDistinctTuples, fraction, sampleSeed);
      rows = frequencyTupleRows(hashSample(buyers, fraction)).collectAsList();
    }
    rows = sortedForDeterminism(rows);
    FrequencyRecencyTuples.Builder builder = FrequencyRecencyTuples.builder(rows.size());
    for (Row row : rows) {
      builder.add(row.getInt(0), row.getDouble(1), row.getDouble(2), row.getLong(3));
    }
    return new SampledTuples<>(builder.build(), fraction);
  }

  /** Collects (x, mean value, count) of repeat buyers; samples first when there are too many pairs. */
  SampledTuples<RepeatSpendTuples> collectSpendPairs(Dataset<Row> repeatBuyers, long repeatBuyerCount) {
    List<Row> rows = spendPairRows(repeatBuyers).limit(maxDistinctTuples + 1).collectAsList();
    double fraction = 1.0;
    if (rows.size() > maxDistinctTuples) {
      fraction = Math.min(1.0, SAMPLE_HEADROOM * maxDistinctTuples / repeatBuyerCount);
      LOG.warn("More than {} distinct (x, mean value) pairs: fitting the Gamma-Gamma on a {} sample (seed {})",
          maxDistinctTuples, fraction, sampleSeed);
      rows = spendPairRows(hashSample(repeatBuyers, fraction)).collectAsList();
    }
    rows = sortedForDeterminism(rows);
    RepeatSpendTuples.Builder builder = RepeatSpendTuples.builder(rows.size());
    for (Row row : rows) {
      builder.add(row.getInt(0), row.getDouble(1), row.getLong(2));
    }
    return new SampledTuples<>(builder.build(), fraction);
  }

  private static Dataset<Row> frequencyTupleRows(Dataset<Row> buyers) {
    return buyers.groupBy(RepeatPurchaseSummary.REPEAT_PURCHASES, RepeatPurchaseSummary.RECENCY,
        RepeatPurchaseSummary.AGE).count();
  }

  private static Dataset<Row> spendPairRows(Dataset<Row> repeatBuyers) {
    return repeatBuyers.groupBy(RepeatPurchaseSummary.REPEAT_PURCHASES, RepeatPurchaseSummary.MEAN_REPEAT_VALUE)
        .count();
  }

  /**
   * The optimiser sums the log-likelihood in tuple order, and floating-point sums depend on order:
   * sorting makes the fitted parameters identical whatever the partitioning.
   */
  private static List<Row> sortedForDeterminism(List<Row> rows) {
    List<Row> sorted = new java.util.ArrayList<>(rows);
    sorted.sort((a, b) -> {
      for (int i = 0; i < a.length(); i++) {
        int c = Double.compare(((Number) a.get(i)).doubleValue(), ((Number) b.get(i)).doubleValue());
        if (c != 0) {
          return c;
        }
      }
      return 0;
    });
    return sorted;
  }

  /** A reproducible sample: customers whose seeded hash falls in the fraction, whatever the partitioning. */
  private Dataset<Row> hashSample(Dataset<Row> customers, double fraction) {
    org.apache.spark.sql.Column u = org.apache.spark.sql.functions.pmod(
        org.apache.spark.sql.functions.xxhash64(org.apache.spark.sql.functions.lit(sampleSeed),
            org.apache.spark.sql.functions.col(RepeatPurchaseSummary.CUSTOMER_ID)),
        org.apache.spark.sql.functions.lit(1_000_000L));
    return customers.filter(u.lt(org.apache.spark.sql.functions.lit((long) Math.floor(fraction * 1_000_000L))));
  }

  private static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** Tuples and the share of customers they were drawn from. */
  record SampledTuples<T>(T tuples, double fraction) {}
}
