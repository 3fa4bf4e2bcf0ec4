package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --quiet, --log-file and {@code tiers completion}, through the real command line. */
class LoggingAndCompletionTest {
  @TempDir Path dir;

  @Test
  void quietDropsProgressKeepsResultsAndTheLogFileKeepsProgressWithTimestamps() throws Exception {
    Path tx = Files.writeString(dir.resolve("orders.csv"),
        "transaction_id,customer_id,ts,amount\nt1,c1,2026-11-01,10.00\nt2,c2,2026-11-02,2500.50\n");
    Path log = dir.resolve("logs/tiers.log");
    Files.createDirectories(log.getParent());
    CliRunner quiet = CliRunner.run("ingest", "--quiet", "--log-file", log.toString(), "--transactions", tx.toString(),
        "--warehouse", dir.resolve("wh").toString(), "--as-of", "2026-11-15");
    assertThat(quiet.exitCode()).as("exit code; stderr: %s", quiet.err()).isZero();
    assertThat(quiet.out()).as("stdout with --quiet").contains("Ingested into").doesNotContain("ingest transactions")
        .doesNotContain("rows read");
    String logged = Files.readString(log);
    assertThat(logged).as("log file").containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}.* ingest transactions")
        .contains("2 rows read");

    Path tx2 = Files.writeString(dir.resolve("orders2.csv"), "transaction_id,customer_id,ts,amount\nt3,c3,2026-11-03,5.00\n");
    CliRunner normal = CliRunner.run("ingest", "--transactions", tx2.toString(), "--warehouse", dir.resolve("wh").toString(),
        "--as-of", "2026-11-15");
    assertThat(normal.exitCode()).as("exit code; stderr: %s", normal.err()).isZero();
    assertThat(normal.out()).as("the next command without --quiet shows progress again").contains("ingest transactions")
        .contains("1 row read");
    assertThat(Files.readString(log)).as("the log file of the first command is closed after it").doesNotContain("1 row read");

    CliRunner both = CliRunner.run("published", "--quiet", "--verbose", "--warehouse", dir.resolve("wh").toString());
    assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(both.err()).contains("--quiet and --verbose");
  }

  @Test
  void jsonLogFormatWritesOneJsonObjectALine() throws Exception {
    Path tx = Files.writeString(dir.resolve("orders.csv"), "transaction_id,customer_id,ts,amount\nt1,c1,2026-11-01,10.00\n");
    Path log = dir.resolve("tiers.jsonl");
    CliRunner r = CliRunner.run("ingest", "--log-format", "json", "--log-file", log.toString(), "--transactions", tx.toString(),
        "--warehouse", dir.resolve("wh").toString(), "--as-of", "2026-11-15");
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
    assertThat(r.out()).as("progress on stdout stays text").contains("ingest transactions");
    java.util.List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as("log file lines").isNotEmpty();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.List<String> messages = new java.util.ArrayList<>();
    for (String line : lines) {
      messages.add(json.readTree(line).path("message").asText());
    }
    assertThat(messages).as("messages of the JSON log").anyMatch(m -> m.contains("1 row read"));
    CliRunner bad = CliRunner.run("published", "--log-format", "xml", "--warehouse", dir.toString());
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err()).contains("--log-format must be text or json");
  }

  @Test
  void verboseShowsOurDetailedLogOnStderrWhichIsHiddenByDefault() throws Exception {
    Path tx = Files.writeString(dir.resolve("orders.csv"), "transaction_id,customer_id,ts,amount\nt1,c1,2026-11-01,10.00\n");
    java.util.Map<Boolean, String> stderr = new java.util.HashMap<>();
    for (boolean verbose : new boolean[] {false, true}) {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("ingest", "--transactions", tx.toString(),
          "--warehouse", dir.resolve("wh-" + verbose).toString(), "--as-of", "2026-11-15"));
      if (verbose) {
        args.add("--verbose");
      }
      try (ChildRun child = ChildRun.start(dir.resolve("logs"), null,
          java.util.List.of("-Dlog4j2.configurationFile=classpath:log4j2.properties"), args.toArray(String[]::new))) {
        assertThat(child.process.waitFor(4, TimeUnit.MINUTES)).as("the child ends").isTrue();
        String err = Files.readString(child.stderr);
        assertThat(child.process.exitValue()).as("exit code; stderr: %s", err).isZero();
        stderr.put(verbose, err);
      }
    }
    assertThat(stderr.get(false)).as("stderr by default").doesNotContain(" INFO ");
    assertThat(stderr.get(true)).as("stderr with --verbose").containsPattern("INFO +FeedIngest: transactions: .*orders\\.csv read 1");
  }

  @Test
  void completionScriptIsValidBashAndKnowsCommandsAndOptions() throws Exception {
    for (String shell : new String[] {"bash", "zsh"}) {
      CliRunner r = CliRunner.run("completion", shell);
      assertThat(r.exitCode()).as("exit code of completion %s; stderr: %s", shell, r.err()).isZero();
      assertThat(r.out()).contains("complete -F").contains("published").contains("evaluate-value").contains("--warehouse")
          .contains("--log-file");
      Path script = Files.writeString(dir.resolve("tiers-" + shell + ".sh"), r.out());
      Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
      assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(bash.exitValue()).as("bash -n of the %s script: %s", shell, new String(bash.getInputStream().readAllBytes()))
          .isZero();
    }
    CliRunner fish = CliRunner.run("completion", "fish");
    assertThat(fish.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(fish.err()).contains("bash and zsh");
  }
}
