package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import io.github.customertiers.pipeline.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reproduces Fader &amp; Hardie (2013) on the 946 CDNOW-sample customers with a repeat purchase in
 * calibration, mean value = mean of their repeat purchase days' dollar values.
 */
@ExtendWith(SharedSpark.class)
class GammaGammaModelCdnowTest {

  private static RepeatSpendTuples pairs;
  private static GammaGammaModel model;

  @BeforeAll
  static void fit() {
    Dataset<Row> summary = CdnowSample.calibrationSummary().summarise(CdnowSample.transactions(SharedSpark.session()));
    Dataset<Row> repeatBuyers = summary.filter("x > 0");
    pairs = new ValueModelFitter(ValueModelThresholds.defaults()).collectSpendPairs(repeatBuyers, 946).tuples();
    model = GammaGammaModel.fit(pairs);
  }

  @Test
  void fitsOnThe946RepeatBuyers() {
    assertThat(pairs.customers()).as("repeat buyers").isEqualTo(946);
    assertThat(pairs.averageMeanValue()).as("average of the mean repeat values, $").isCloseTo(35.08, within(0.01));
  }

  @Test
  void parametersMatchThePublishedEstimates() {
    assertThat(model.p()).as("p").isCloseTo(6.25, withPercentage(0.5));
    assertThat(model.q()).as("q").isCloseTo(3.74, withPercentage(0.5));
    assertThat(model.gamma()).as("gamma ($)").isCloseTo(15.44, withPercentage(0.5));
    assertThat(model.customers()).as("customers fitted").isEqualTo(946);
  }

  @Test
  void expectedValueShrinksTowardsThePopulationMean() {
    double population = model.populationMeanValue();
    assertThat(population).as("population mean spend p gamma / (q - 1)")
        .isCloseTo(model.p() * model.gamma() / (model.q() - 1), within(1e-12));
    double light = model.expectedAverageValue(1, 100.0);
    double heavy = model.expectedAverageValue(20, 100.0);
    assertThat(light).as("one repeat purchase of $100 is shrunk towards the population mean")
        .isBetween(population, 100.0);
    assertThat(heavy).as("twenty repeat purchases averaging $100 are trusted more").isBetween(light, 100.0);
    assertThat(model.expectedAverageValue(0, Double.NaN)).as("no repeat purchase: the population mean")
        .isEqualTo(population);
  }
}
