package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stability gate and the freshness check through the real CLI on the sample (issue 10, items 5
 * and 6; docs/TIERS.md "Stability"): tier lines moved under customers whose own scores stood still
 * are refused with exit 8 and nothing is published for the date, until the change is accepted; a
 * date past the end of the data is refused with exit 3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TierGateCliTest {
  @TempDir static Path dir;

  static Path warehouse() {
    return dir.resolve("w");
  }

  /** The sample with a ring a third of the sample's (key_cap 0.10 instead of 0.30). */
  static Path narrowRingConfig() throws IOException {
    Path sample = ProjectPaths.root().resolve("sample-data");
    Path config = dir.resolve("narrow.yaml");
    Files.writeString(config, String.join("\n",
        "business_time_zone: Europe/Berlin",
        "inputs:",
        "  transactions: [" + sample.resolve("transactions") + "]",
        "  interactions: [" + sample.resolve("interactions") + "]",
        "tiers:",
        "  vip_cap: 0.05",
        "  key_cap: 0.10",
        ""));
    return config;
  }

  @Test
  @Order(1)
  void linesMovedUnderCustomersWhoStoodStillAreRefusedUntilAccepted() throws IOException {
    String sampleConfig = ProjectPaths.root().resolve("sample-data/tiers.yaml").toString();
    CliRunner first = CliRunner.run("run", "--config", sampleConfig, "--warehouse", warehouse().toString(), "--as-of", "2026-11-14");
    assertThat(first.exitCode()).as("first date; stderr: %s", first.err()).isZero();

    String narrow = narrowRingConfig().toString();
    CliRunner refused = CliRunner.run("run", "--config", narrow, "--warehouse", warehouse().toString(), "--as-of", "2026-11-15",
        "--refit");
    assertThat(refused.exitCode()).as("exit code of a refit that moves the key lines; out: %s", refused.out())
        .isEqualTo(ExitCode.TIER_CHANGES_REFUSED);
    assertThat(refused.err()).as("message").contains("2026-11-15").contains("--accept-tier-changes").containsPattern("[0-9.]+%");
    CliRunner notPublished = CliRunner.run("published", "--warehouse", warehouse().toString(), "--as-of", "2026-11-15");
    assertThat(notPublished.exitCode()).as("2026-11-15 is not published after the refusal").isEqualTo(ExitCode.INPUT_NOT_READY);

    CliRunner accepted = CliRunner.run("run", "--config", narrow, "--warehouse", warehouse().toString(), "--as-of", "2026-11-15",
        "--refit", "--accept-tier-changes");
    assertThat(accepted.exitCode()).as("accepted after review; stderr: %s", accepted.err()).isZero();
    assertThat(accepted.out()).containsPattern("tier changes against 2026-11-14: [0-9.]+% changed, [0-9.]+% unexplained");
  }

  @Test
  @Order(2)
  void aDatePastTheEndOfTheDataIsInputNotReady() {
    String sampleConfig = ProjectPaths.root().resolve("sample-data/tiers.yaml").toString();
    CliRunner stale = CliRunner.run("run", "--config", sampleConfig, "--warehouse", warehouse().toString(), "--as-of", "2027-01-15");
    assertThat(stale.exitCode()).as("exit code; out: %s", stale.out()).isEqualTo(ExitCode.INPUT_NOT_READY);
    assertThat(stale.err()).contains("transactions").contains("2026-11-15").contains("--allow-stale");
  }
}
