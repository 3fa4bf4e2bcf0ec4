package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.tiers.PreviousTiers;
import io.github.customertiers.pipeline.tiers.TierAssignment;
import io.github.customertiers.pipeline.tiers.TieredCustomers;
import java.time.LocalDate;

/** The tier stage of one as-of date: clusters the active buyers and gives every customer one tier with its reason. */
final class TierStage {
  private final RunContext ctx;

  TierStage(RunContext ctx) {
    this.ctx = ctx;
  }

  /** @param previous the previous published date's tiers and model (hysteresis band, warm start), or none */
  TieredCustomers assign(ScoredCustomers scored, LocalDate asOf, PreviousTiers previous) {
    ctx.progress().accept("tiers: cluster active buyers and assign tiers");
    var config = ctx.config();
    // Without a fitted value model there is no P(alive) to lapse on.
    double lapseBelowPAlive = scored.values().fit().fitted() ? config.valueModel().lapseBelowPAlive() : 0;
    return new TierAssignment(config.windows(), config.tierPolicy(), config.clustering(), lapseBelowPAlive)
        .assign(scored.scored(), scored.basis().column(), asOf, previous);
  }
}
