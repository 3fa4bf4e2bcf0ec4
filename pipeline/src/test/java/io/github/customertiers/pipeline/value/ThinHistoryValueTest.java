package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** One-purchase, brand-new and refunded customers are valued on what they have shown. */
class ThinHistoryValueTest {

  private static final BgNbdModel CDNOW_BG_NBD =
      new BgNbdModel(0.2426, 4.4136, 0.7929, 2.4259, Double.NaN, 2357, ModelTimeUnit.WEEKS, 0, true);
  private static final GammaGammaModel CDNOW_GAMMA_GAMMA = new GammaGammaModel(6.25, 3.74, 15.44, Double.NaN, 946, 0, true);
  private static final CustomerValueCalculator CALCULATOR =
      new CustomerValueCalculator(CDNOW_BG_NBD, CDNOW_GAMMA_GAMMA, ClvParameters.defaults());

  @Test
  void oneTimeBuyersHaveNoReportedPAliveAndTheirOwnSpend() {
    CustomerValue brandNew = CALCULATOR.value(0, 0, 1, Double.NaN, 30.0, 0.0);
    assertThat(brandNew.probabilityAlive()).as("P(alive) of a one-time buyer is not reported").isNaN();
    assertThat(brandNew.expectedValue()).as("spend: Gamma-Gamma posterior with the first purchase as one observation")
        .isCloseTo(CDNOW_GAMMA_GAMMA.expectedAverageValue(1, 30.0), within(1e-9));
    assertThat(CALCULATOR.value(0, 0, 1, Double.NaN, 300.0, 0.0).expectedValue()).as("a bigger first order, more spend")
        .isGreaterThan(brandNew.expectedValue());
  }

  @Test
  void oneTimeBuyersAreNotCreditedMoreThanTheyHaveSpent() {
    CustomerValue brandNew = CALCULATOR.value(0, 0, 1, Double.NaN, 30.0, 0.0);
    double extrapolated = brandNew.expectedValue() * CDNOW_BG_NBD.expectedPurchases(52, 0, 0, 1);
    assertThat(extrapolated).as("the model alone would credit more than the first order").isGreaterThan(30.0);
    assertThat(brandNew.clv()).as("clv capped at the net amount spent").isEqualTo(30.0);
    CustomerValue established = CALCULATOR.value(6, 30, 32, 30.0, 30.0, 0.0);
    assertThat(established.clv()).as("an established buyer of the same spend ranks above").isGreaterThan(brandNew.clv());
  }

  @Test
  void refundsCountAgainstSpend() {
    CustomerValue fullyRefunded = CALCULATOR.value(0, 0, 2, Double.NaN, 80.0, 1.0);
    assertThat(fullyRefunded.clv()).as("clv of a customer whose refunds cancel the purchase").isZero();
    assertThat(fullyRefunded.expectedValue()).as("expected value of that customer").isZero();
    CustomerValue halfRefunded = CALCULATOR.value(4, 20, 30, 50.0, 50.0, 0.5);
    assertThat(halfRefunded.expectedValue()).as("half refunded: spend net of refunds")
        .isCloseTo(CDNOW_GAMMA_GAMMA.expectedAverageValue(4, 25.0), within(1e-9));
    assertThat(halfRefunded.clv()).as("refunds lower the clv")
        .isLessThan(CALCULATOR.value(4, 20, 30, 50.0, 50.0, 0.0).clv());
  }

  @Test
  void withoutGammaGammaTheObservedMeanIsShrunkTowardThePopulationMean() {
    SpendPerPurchase fallback = SpendPerPurchase.shrunkObservedMean(40.0);
    assertThat(fallback.expected(3, 80.0, 10.0, 0.0)).as("(mu + x m)/(1 + x)").isCloseTo((40 + 3 * 80) / 4.0, within(1e-12));
    assertThat(fallback.expected(0, Double.NaN, 10.0, 0.0)).as("one purchase: (mu + m)/2").isCloseTo(25.0, within(1e-12));
    CustomerValueCalculator calculator = new CustomerValueCalculator(CDNOW_BG_NBD, fallback, ClvParameters.defaults());
    CustomerValue value = calculator.value(3, 20, 30, 80.0, 10.0, 0.0);
    assertThat(value.probabilityAlive()).as("P(alive) still from the BG/NBD")
        .isEqualTo(CDNOW_BG_NBD.probabilityAlive(3, 20, 30));
    assertThat(value.clv()).as("clv from the shrunk mean").isPositive().isFinite();
  }
}
