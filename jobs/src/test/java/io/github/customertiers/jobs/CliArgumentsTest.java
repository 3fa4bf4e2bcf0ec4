package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliArgumentsTest {
  @TempDir Path dir;

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"run", "ingest", "generate", "validate", "evaluate-value", "published", "report", "show"}) {
      CliRunner r = CliRunner.run(command, "--help");
      assertThat(r.exitCode()).as("exit code of %s --help", command).isZero();
      assertThat(r.out()).as("usage of %s", command).contains("Usage: tiers " + command).contains("--help");
    }
    assertThat(CliRunner.run("--help").out()).contains("run").contains("ingest").contains("generate");
  }

  @Test
  void versionNamesToolSparkAndJava() {
    CliRunner r = CliRunner.run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("customer-tiers").contains("Spark 4.2.0");
  }

  @Test
  void unknownOptionIsAUsageErrorWithAHint() {
    CliRunner r = CliRunner.run("run", "--bogus");
    assertThat(r.exitCode()).as("exit code").isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("Unknown option: '--bogus'").contains("tiers run --help");
  }

  @Test
  void badDateIsRejectedNamingTheFormat() {
    CliRunner r = CliRunner.run("run", "--as-of", "15/11/2026", "--transactions", "x");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("'15/11/2026' is not a date YYYY-MM-DD");
  }

  @Test
  void unknownConfigKeyIsNamed() throws Exception {
    Path config = Files.writeString(dir.resolve("c.yaml"), "windows:\n  lapse_dayz: 10\n");
    CliRunner r = CliRunner.run("run", "--config", config.toString(), "--transactions", "x");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("unknown key 'windows.lapse_dayz' (did you mean 'windows.lapse_days'?)").doesNotContain("at io.github");
  }

  @Test
  void unknownFeedKeyAndCommandAndOptionSuggestTheNearestName() throws Exception {
    Path config = Files.writeString(dir.resolve("c.yaml"), "feeds:\n  transactions:\n    delimeter: \";\"\n");
    CliRunner key = CliRunner.run("validate", "--config", config.toString(), "--transactions", "x");
    assertThat(key.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(key.err()).contains("unknown key 'feeds.transactions.delimeter' (did you mean 'delimiter'?)");
    CliRunner command = CliRunner.run("publshed");
    assertThat(command.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(command.err()).contains("publshed").contains("published");
    CliRunner option = CliRunner.run("run", "--warehose", "w");
    assertThat(option.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(option.err()).contains("--warehose").contains("--warehouse");
  }

  @Test
  void invalidConfigValueNamesKeyAndValue() throws Exception {
    Path config = Files.writeString(dir.resolve("c.yaml"), "tiers:\n  vip_cap: 1.5\n");
    CliRunner r = CliRunner.run("run", "--config", config.toString(), "--transactions", "x");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("tiers.vip_cap").contains("1.5");
  }

  @Test
  void noInputsIsAUsageError() {
    CliRunner r = CliRunner.run("run", "--warehouse", dir.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("no inputs");
  }

  @Test
  void missingInputIsNotReadyAndPublishesNothing() {
    CliRunner r = CliRunner.run("run", "--transactions", dir.resolve("not-delivered").toString(),
        "--warehouse", dir.resolve("wh").toString(), "--as-of", "2026-11-15");
    assertThat(r.exitCode()).as("input not ready exit code").isEqualTo(ExitCode.INPUT_NOT_READY);
    assertThat(r.err()).contains("not-delivered").contains("does not exist");
    assertThat(dir.resolve("wh/segments")).doesNotExist();
  }
}
