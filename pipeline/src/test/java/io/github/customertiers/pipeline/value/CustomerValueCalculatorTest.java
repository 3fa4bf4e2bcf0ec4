package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CustomerValueCalculatorTest {

  private static final BgNbdModel WEEKLY =
      new BgNbdModel(0.243, 4.414, 0.793, 2.426, Double.NaN, 2357, ModelTimeUnit.WEEKS, 0, true);
  /** The same process measured in days: the purchase rate per day is lambda / 7, so alpha is 7 times larger. */
  private static final BgNbdModel DAILY =
      new BgNbdModel(0.243, 4.414 * 7, 0.793, 2.426, Double.NaN, 2357, ModelTimeUnit.DAYS, 0, true);
  private static final GammaGammaModel SPEND = new GammaGammaModel(6.25, 3.74, 15.44, Double.NaN, 946, 0, true);

  @Test
  void withoutDiscountingClvIsMarginTimesValueTimesPurchases() {
    ClvParameters undiscounted = new ClvParameters(52, ModelTimeUnit.WEEKS, 0.3, 0.0);
    CustomerValue value = new CustomerValueCalculator(WEEKLY, SPEND, undiscounted).value(2, 30.43, 38.86, 25.0);
    double purchases = WEEKLY.expectedPurchases(52, 2, 30.43, 38.86);
    assertThat(value.expectedPurchases()).as("expected purchases over 52 weeks").isCloseTo(purchases, within(1e-12));
    assertThat(value.expectedValue()).as("expected value per purchase").isEqualTo(SPEND.expectedAverageValue(2, 25.0));
    assertThat(value.clv()).as("clv = margin * E[M] * E[Y(52)]")
        .isCloseTo(0.3 * value.expectedValue() * purchases, within(1e-9));
    assertThat(value.probabilityAlive()).as("P(alive)").isEqualTo(WEEKLY.probabilityAlive(2, 30.43, 38.86));
  }

  @Test
  void discountsEachWeeksPurchasesFromTheEndOfTheWeek() {
    ClvParameters parameters = ClvParameters.defaults();
    CustomerValue value = new CustomerValueCalculator(WEEKLY, SPEND, parameters).value(2, 30.43, 38.86, 25.0);
    double byHand = 0;
    double previous = 0;
    for (int week = 1; week <= 52; week++) {
      double cumulative = WEEKLY.expectedPurchases(week, 2, 30.43, 38.86);
      byHand += (cumulative - previous) / Math.pow(1.10, week * 7 / 365.25);
      previous = cumulative;
    }
    assertThat(value.clv()).as("discounted clv, by hand").isCloseTo(value.expectedValue() * byHand, within(1e-9));
    assertThat(value.clv()).as("discounting lowers the clv")
        .isLessThan(value.expectedValue() * value.expectedPurchases());
  }

  @Test
  void theTimeUnitDoesNotChangeTheValue() {
    ClvParameters parameters = ClvParameters.defaults();
    CustomerValue weekly = new CustomerValueCalculator(WEEKLY, SPEND, parameters).value(3, 20, 30, 40.0);
    CustomerValue daily = new CustomerValueCalculator(DAILY, SPEND, parameters).value(3, 140, 210, 40.0);
    assertThat(daily.probabilityAlive()).as("P(alive) in days vs weeks").isCloseTo(weekly.probabilityAlive(), within(1e-12));
    assertThat(daily.expectedPurchases()).as("E[Y] in days vs weeks").isCloseTo(weekly.expectedPurchases(), within(1e-9));
    assertThat(daily.clv()).as("clv in days vs weeks").isCloseTo(weekly.clv(), within(1e-7));
  }

  @Test
  void aHorizonThatIsNotWholeWeeksEndsWithAShortPeriod() {
    ClvParameters tenDays = new ClvParameters(10, ModelTimeUnit.DAYS, 1.0, 0.0);
    CustomerValueCalculator calculator = new CustomerValueCalculator(DAILY, SPEND, tenDays);
    assertThat(calculator.horizon()).as("horizon in the model unit").isEqualTo(10);
    assertThat(calculator.value(1, 50, 60, 30.0).expectedPurchases()).as("E[Y(10 days)]")
        .isCloseTo(DAILY.expectedPurchases(10, 1, 50, 60), within(1e-12));
  }

  @Test
  void zeroNetSpendIsWorthNothingButStillPurchases() {
    CustomerValue value = new CustomerValueCalculator(WEEKLY, SPEND, ClvParameters.defaults()).value(2, 10, 20, 0.0);
    assertThat(value.expectedValue()).as("expected value with a zero mean").isZero();
    assertThat(value.clv()).as("clv with a zero mean").isZero();
    assertThat(value.expectedPurchases()).as("expected purchases still known").isPositive();
  }
}
