package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.customertiers.pipeline.testing.SharedSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Fader, Hardie &amp; Lee (2005), section 4: calibration to 1997-09-30, holdout to 1998-06-30. */
@ExtendWith(SharedSpark.class)
class HoldoutEvaluationCdnowTest {

  private static HoldoutReport report;

  @BeforeAll
  static void evaluate() {
    report = HoldoutEvaluation.between(CdnowSample.CALIBRATION_END, CdnowSample.HOLDOUT_END)
        .purchaseDayRule(PurchaseDayRule.NON_NEGATIVE_NET_AMOUNT)
        .evaluate(CdnowSample.transactions(SharedSpark.session()));
  }

  @Test
  void zeroRepeatGroupMatchesThePaper() {
    HoldoutGroup zero = report.group("0").orElseThrow();
    assertThat(zero.customers()).as("customers without a calibration repeat purchase").isEqualTo(1411);
    assertThat(zero.meanPredicted()).as("their mean predicted holdout purchases").isCloseTo(0.23, within(0.01));
    assertThat(zero.meanActual()).as("their mean actual holdout purchases").isCloseTo(0.24, within(0.01));
  }

  @Test
  void coversTheCohortInEightGroups() {
    assertThat(report.holdoutLength()).as("holdout length, weeks").isEqualTo(39.0);
    assertThat(report.customers()).as("cohort").isEqualTo(2357);
    assertThat(report.groups()).as("groups").extracting(HoldoutGroup::repeatPurchases)
        .containsExactly("0", "1", "2", "3", "4", "5", "6", "7+");
    assertThat(report.groups().stream().mapToLong(HoldoutGroup::customers).sum()).as("customers over the groups")
        .isEqualTo(2357);
    assertThat(report.totalActual()).as("actual holdout purchase days").isEqualTo(1882);
    assertThat(report.totalPredicted()).as("predicted holdout purchases").isCloseTo(1653.4, within(1.0));
    assertThat(report.correlation()).as("correlation of predicted and actual").isCloseTo(0.626, within(0.01));
    assertThat(report.model().r()).as("the model is the calibration fit").isCloseTo(0.2426, within(0.0005));
  }

  @Test
  void rendersAsTextAndCsv() {
    String csv = report.toCsv();
    assertThat(csv.lines()).as("csv lines: header, 8 groups, all").hasSize(10);
    assertThat(csv.lines().findFirst().orElseThrow()).as("csv header")
        .isEqualTo("repeat_purchases,customers,mean_predicted,mean_actual");
    assertThat(csv).as("csv zero group").containsPattern("(?m)^0,1411,0\\.22\\d+,0\\.23\\d+$");
    String text = report.toText();
    assertThat(text).as("text table").contains("repeat purchases", "7+", "correlation");
  }
}
