package io.github.customertiers.pipeline.value;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * The result of a value-model fit, for the run manifest and to be saved beside the segments: whether
 * the models were fitted, why (or why not), the models, and what the fit saw and cost.
 *
 * @param fitted true when the BG/NBD was fitted and scoring can run (the Gamma-Gamma may be missing:
 *     then the spend per purchase is the customer's observed mean shrunk toward
 *     {@code populationMeanSpend})
 * @param reason the guard's summary when fitted, otherwise what stopped the fit, in words a user
 *     understands
 * @param bgNbd the BG/NBD model, or null when it was not fitted
 * @param gammaGamma the Gamma-Gamma model, or null when it was not fitted
 * @param timeUnit unit of the BG/NBD times
 * @param customers customers with at least one purchase day
 * @param repeatBuyers customers with x &gt; 0
 * @param distinctTuples distinct (x, t_x, T) tuples the BG/NBD was fitted on (0 when not reached)
 * @param distinctSpendPairs distinct (x, mean value) pairs the Gamma-Gamma was fitted on
 * @param bgNbdSampleFraction share of customers the BG/NBD tuples came from (1.0 = all)
 * @param gammaGammaSampleFraction share of repeat buyers the Gamma-Gamma pairs came from (1.0 = all)
 * @param fitDurationMs wall time of the whole fit, guard and tuple collection included
 * @param notes what a user should know about an accepted fit: a model at its limit (for example
 *     "no dropout seen"), a Gamma-Gamma that could not be fitted; empty when there is nothing to say
 * @param populationMeanSpend customer-weighted mean of the repeat buyers' mean spend per repeat
 *     purchase, the value the observed-mean fallback shrinks toward; null when the Gamma-Gamma was
 *     fitted or nothing was fitted
 */
public record ValueModelFit(boolean fitted, String reason, BgNbdModel bgNbd, GammaGammaModel gammaGamma,
    ModelTimeUnit timeUnit, long customers, long repeatBuyers, long distinctTuples, long distinctSpendPairs,
    double bgNbdSampleFraction, double gammaGammaSampleFraction, long fitDurationMs, List<String> notes,
    Double populationMeanSpend) {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  public ValueModelFit {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(timeUnit, "timeUnit");
    notes = notes == null ? List.of() : List.copyOf(notes);
    if (fitted && bgNbd == null) {
      throw new IllegalArgumentException("a fitted value model needs the BG/NBD model");
    }
    if (fitted && gammaGamma == null && !(populationMeanSpend != null && populationMeanSpend > 0
        && Double.isFinite(populationMeanSpend))) {
      throw new IllegalArgumentException("a fitted value model without a Gamma-Gamma model needs a positive"
          + " population mean spend, got " + populationMeanSpend);
    }
    if (customers < 0 || repeatBuyers < 0 || distinctTuples < 0 || distinctSpendPairs < 0 || fitDurationMs < 0) {
      throw new IllegalArgumentException("value model fit counts and duration must be >= 0");
    }
    for (double fraction : new double[] {bgNbdSampleFraction, gammaGammaSampleFraction}) {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("value model sample fractions must be in (0, 1], got " + fraction);
      }
    }
  }

  /** A fit that stopped before any model (guard failed). */
  public static ValueModelFit notFitted(String reason, ModelTimeUnit timeUnit, long customers, long repeatBuyers,
      long fitDurationMs) {
    return new ValueModelFit(false, reason, null, null, timeUnit, customers, repeatBuyers, 0, 0, 1.0, 1.0, fitDurationMs,
        List.of(), null);
  }

  /** True when spend per purchase comes from the Gamma-Gamma model (else the observed-mean fallback). */
  public boolean gammaGammaFitted() {
    return gammaGamma != null;
  }

  /** Pretty-printed JSON (Jackson; record components as properties). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot serialise the value model fit to JSON", e);
    }
  }

  /** Reads {@link #toJson()} output back; unknown properties are ignored. */
  public static ValueModelFit fromJson(String json) {
    try {
      return JSON.readValue(json, ValueModelFit.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a value model fit JSON document: " + e.getOriginalMessage(), e);
    }
  }
}
