package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.errors.ConfigException;
import io.github.customertiers.pipeline.errors.TiersException;
import io.github.customertiers.pipeline.ingest.InputNotReadyException;
import io.github.customertiers.pipeline.ingest.InvalidInputException;
import io.github.customertiers.pipeline.publish.LockHeldException;
import io.github.customertiers.pipeline.run.EmptyResultException;
import io.github.customertiers.pipeline.stability.TierChangesRefusedException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExitCodeMappingTest {
  @Test
  void refusedTierChangesExitWith8AndTheirOwnMessage() {
    var refused = new IllegalStateException("wrapped", new TierChangesRefusedException("refusing to publish 2026-11-15: 2.00% ..."));
    assertThat(TiersCli.exitCodeOf(refused)).isEqualTo(ExitCode.TIER_CHANGES_REFUSED).isEqualTo(8);
    assertThat(TiersCli.oneLine(refused)).startsWith("refusing to publish 2026-11-15");
  }

  @Test
  void everyKindOfLibraryFailureHasItsDocumentedExitCodeWhereverItIsInTheCauses() {
    Map<RuntimeException, Integer> expected = Map.of(
        new ConfigException("bad key"), 2,
        new InputNotReadyException("not delivered"), 3,
        new InvalidInputException("bad file"), 4,
        new LockHeldException("held"), 5,
        new EmptyResultException("no customers"), 7,
        new TierChangesRefusedException("refused"), 8);
    assertThat(expected.keySet()).extracting(e -> ((TiersException) e).kind())
        .as("one exception of each kind").containsExactlyInAnyOrder(TiersException.Kind.values());
    expected.forEach((failure, code) -> {
      assertThat(TiersCli.exitCodeOf(new RuntimeException("wrapped", failure))).as("%s", failure).isEqualTo(code);
      assertThat(TiersCli.oneLine(new RuntimeException("wrapped", failure))).isEqualTo(failure.getMessage());
    });
    assertThat(TiersCli.exitCodeOf(new IllegalArgumentException("a library bug"))).as("not a TiersException")
        .isEqualTo(ExitCode.INTERNAL_ERROR);
  }

  @Test
  void aCommandLineErrorIsABadConfigurationThatExitsWith2() {
    TiersException badOption = TiersException.badConfig("--to 2026-01-01 is before --from 2026-02-01");
    assertThat(badOption).as("the library's configuration error").isInstanceOf(ConfigException.class);
    assertThat(badOption.kind()).isEqualTo(TiersException.Kind.BAD_CONFIG);
    assertThat(TiersCli.exitCodeOf(badOption)).isEqualTo(ExitCode.USAGE);
    assertThat(TiersCli.oneLine(badOption)).isEqualTo("--to 2026-01-01 is before --from 2026-02-01");
  }

  @Test
  void aStaleFeedIsInputNotReady() {
    assertThat(TiersCli.exitCodeOf(new InputNotReadyException("the transactions feed's newest ingested event is on ...")))
        .isEqualTo(ExitCode.INPUT_NOT_READY);
  }
}
