package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.ingest.InputNotReadyException;
import io.github.customertiers.pipeline.stability.TierChangesRefusedException;
import org.junit.jupiter.api.Test;

class ExitCodeMappingTest {
  @Test
  void refusedTierChangesExitWith8AndTheirOwnMessage() {
    var refused = new IllegalStateException("wrapped", new TierChangesRefusedException("refusing to publish 2026-11-15: 2.00% ..."));
    assertThat(TiersCli.exitCodeOf(refused)).isEqualTo(ExitCode.TIER_CHANGES_REFUSED).isEqualTo(8);
    assertThat(TiersCli.oneLine(refused)).startsWith("refusing to publish 2026-11-15");
  }

  @Test
  void aStaleFeedIsInputNotReady() {
    assertThat(TiersCli.exitCodeOf(new InputNotReadyException("the transactions feed's newest ingested event is on ...")))
        .isEqualTo(ExitCode.INPUT_NOT_READY);
  }
}
