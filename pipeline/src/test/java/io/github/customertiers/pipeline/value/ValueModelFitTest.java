package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customertiers.pipeline.testing.SharedSpark;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class ValueModelFitTest {

  private static final BgNbdModel BG_NBD =
      new BgNbdModel(0.2426, 4.4136, 0.7929, 2.4259, -9582.43, 2357, ModelTimeUnit.WEEKS, 92, true);
  private static final GammaGammaModel GAMMA_GAMMA = new GammaGammaModel(6.2496, 3.7442, 15.4435, -4055.92, 946, 93, true);

  @Test
  void fittedResultRoundTripsThroughJson() {
    ValueModelFit fit = new ValueModelFit(true, "ok", BG_NBD, GAMMA_GAMMA, ModelTimeUnit.WEEKS, 2357, 946, 1016, 760,
        1.0, 1.0, 1234, java.util.List.of("purchase model (BG/NBD) at its limit"), null);
    String json = fit.toJson();
    assertThat(json).as("JSON names the record components")
        .contains("\"fitted\" : true", "\"bgNbd\" : {", "\"alpha\" : 4.4136", "\"timeUnit\" : \"WEEKS\"",
            "\"fitDurationMs\" : 1234");
    assertThat(ValueModelFit.fromJson(json)).as("read back").isEqualTo(fit);
  }

  @Test
  void notFittedResultRoundTripsWithNullModels() {
    ValueModelFit fit = ValueModelFit.notFitted("3 customer(s) made a repeat purchase, below the minimum of 100",
        ModelTimeUnit.DAYS, 40, 3, 17);
    String json = fit.toJson();
    assertThat(json).as("null models are written as null").contains("\"bgNbd\" : null");
    assertThat(ValueModelFit.fromJson(json)).as("read back").isEqualTo(fit);
    assertThatThrownBy(() -> ValueModelFit.fromJson("{\"fitted\": true, \"reason\": \"x\", \"timeUnit\": \"WEEKS\","
        + " \"bgNbdSampleFraction\": 1, \"gammaGammaSampleFraction\": 1}"))
        .as("fitted without models").isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fitterFitsBothModelsOnCdnow(SparkSession spark) {
    Dataset<Row> summary = CdnowSample.calibrationSummary().summarise(CdnowSample.transactions(spark));
    ValueModelFit fit = new ValueModelFitter(ValueModelThresholds.defaults()).fit(summary, ModelTimeUnit.WEEKS);
    assertThat(fit.fitted()).as("fitted; reason: " + fit.reason()).isTrue();
    assertThat(fit.reason()).as("reason").isEqualTo("ok: 2357 customers, 946 repeat buyers, 38.9 weeks of history");
    assertThat(fit.customers()).as("customers").isEqualTo(2357);
    assertThat(fit.repeatBuyers()).as("repeat buyers").isEqualTo(946);
    assertThat(fit.distinctTuples()).as("distinct (x, t_x, T) tuples").isBetween(1L, 2356L);
    assertThat(fit.distinctSpendPairs()).as("distinct (x, mean value) pairs").isBetween(1L, 946L);
    assertThat(fit.bgNbdSampleFraction()).as("no sampling").isEqualTo(1.0);
    assertThat(fit.bgNbd().customers()).as("BG/NBD customers").isEqualTo(2357);
    assertThat(fit.gammaGamma().customers()).as("Gamma-Gamma customers").isEqualTo(946);
  }

  @Test
  void fitterSamplesCustomersWhenTuplesExceedTheCap(SparkSession spark) {
    Dataset<Row> summary = CdnowSample.calibrationSummary().summarise(CdnowSample.transactions(spark));
    ValueModelFit fit = new ValueModelFitter(new ValueModelThresholds(26, ModelTimeUnit.WEEKS, 100))
        .maxDistinctTuples(400).sampleSeed(1).fit(summary, ModelTimeUnit.WEEKS);
    assertThat(fit.bgNbdSampleFraction()).as("BG/NBD sample fraction 0.95 * 400 / 2357")
        .isEqualTo(0.95 * 400 / 2357);
    assertThat(fit.distinctTuples()).as("tuples collected after sampling").isLessThanOrEqualTo(400);
    assertThat(fit.gammaGammaSampleFraction()).as("Gamma-Gamma pairs (760) exceed the cap too")
        .isEqualTo(0.95 * 400 / 946);
  }

  @Test
  void fitterReportsTheGuardReasonInsteadOfFitting(SparkSession spark) {
    Dataset<Row> summary = RepeatPurchaseSummary.asOf(LocalDate.of(2024, 2, 5))
        .summarise(RepeatPurchaseSummaryTest.fixture(spark));
    ValueModelFit fit = new ValueModelFitter(ValueModelThresholds.defaults()).fit(summary, ModelTimeUnit.WEEKS);
    assertThat(fit.fitted()).as("fitted on a two-customer fixture").isFalse();
    assertThat(fit.reason()).as("reason")
        .isEqualTo("history from the earliest purchase to the as-of date is 5.0 weeks, below the minimum of 26.0 weeks;"
            + " 1 customer(s) made a repeat purchase, below the minimum of 100");
    assertThat(fit.bgNbd()).as("no BG/NBD model").isNull();
    assertThat(fit.gammaGamma()).as("no Gamma-Gamma model").isNull();
  }
}
