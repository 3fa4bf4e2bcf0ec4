package io.github.customertiers.pipeline.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TierLinesTest {
  private final TierLines lines = new TierLines(95, 75, 68, 3);

  @Test
  void plainTiersFollowTheLinesOnValueOrLoyalty() {
    assertThat(lines.decide(95, 0, null)).as("value on the vip line").isEqualTo(Tier.VIP);
    assertThat(lines.decide(94, 90, null)).as("loyal, high value but below vip").isEqualTo(Tier.KEY);
    assertThat(lines.decide(20, 68, null)).as("loyal regular of modest spend is key by loyalty").isEqualTo(Tier.KEY);
    assertThat(lines.decide(74, 67.9, null)).as("below both key lines").isEqualTo(Tier.ORDINARY);
  }

  @Test
  void theBandKeepsThePreviousTierUntilALineIsCrossedByMoreThanTheBand() {
    assertThat(lines.decide(93, 50, Tier.VIP)).as("vip 2 points under the vip line").isEqualTo(Tier.VIP);
    assertThat(lines.decide(91, 50, Tier.VIP)).as("vip 4 points under the vip line").isEqualTo(Tier.KEY);
    assertThat(lines.decide(97, 50, Tier.KEY)).as("key 2 points over the vip line").isEqualTo(Tier.KEY);
    assertThat(lines.decide(98, 50, Tier.KEY)).as("key 3 points over the vip line").isEqualTo(Tier.VIP);
    assertThat(lines.decide(77, 10, Tier.ORDINARY)).as("ordinary 2 points over the key line").isEqualTo(Tier.ORDINARY);
    assertThat(lines.decide(60, 66, Tier.KEY)).as("key by loyalty 2 points under its line").isEqualTo(Tier.KEY);
    assertThat(lines.decide(60, 64, Tier.KEY)).as("key by loyalty 4 points under its line").isEqualTo(Tier.ORDINARY);
    assertThat(lines.decide(99, 99, Tier.ORDINARY)).as("far over every line").isEqualTo(Tier.VIP);
  }

  @Test
  void noBuyerSitsBelowOneTheyBeatByMoreThanTwiceTheBandOnBothScores() {
    double margin = 2 * lines.band();
    Tier[] previous = {null, Tier.VIP, Tier.KEY, Tier.ORDINARY};
    for (int va = 0; va <= 100; va++) {
      for (int la = 0; la <= 100; la += 2) {
        for (int vb = 0; vb < va - margin; vb += 3) {
          for (int lb = 0; lb < la - margin; lb += 3) {
            for (Tier pa : previous) {
              for (Tier pb : previous) {
                Tier a = lines.decide(va, la, pa);
                Tier b = lines.decide(vb, lb, pb);
                assertThat(a.ordinal()).as("A (%d, %d, was %s) beats B (%d, %d, was %s)", va, la, pa, vb, lb, pb)
                    .isLessThanOrEqualTo(b.ordinal());
              }
            }
          }
        }
      }
    }
  }

  @Test
  void linesAreCarriedUnlessTodaysQuantileMovedByMoreThanTheBand() {
    TierLines carried = lines.carriedTo(new TierLines(97, 70, 68.5, 3));
    assertThat(carried.vipValue()).as("moved by 2: kept").isEqualTo(95);
    assertThat(carried.keyValue()).as("moved by 5: replaced").isEqualTo(70);
    assertThat(carried.keyLoyalty()).as("moved by 0.5: kept").isEqualTo(68);
  }
}
