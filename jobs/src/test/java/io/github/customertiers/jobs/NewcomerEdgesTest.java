package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets first (issue 14): exit codes and one-line messages for wrong paths, quiet JVMs, helpful help. */
class NewcomerEdgesTest {
  static final List<String> COMMANDS = List.of("run", "ingest", "validate", "published", "generate", "evaluate-value");
  @TempDir Path dir;

  @Test
  void aWarehouseThatIsAFileIsAUsageErrorOfOneLine() throws IOException {
    Path file = Files.writeString(dir.resolve("warehouse.txt"), "not a directory");
    String transactions = ProjectPaths.root().resolve("sample-data/transactions").toString();
    for (String warehouse : List.of(file.toString(), file.resolve("below").toString())) {
      CliRunner r = CliRunner.run("run", "--transactions", transactions, "--warehouse", warehouse, "--as-of", "2026-11-15");
      assertThat(r.exitCode()).as("exit code of a run whose warehouse %s is (below) a file; stderr: %s", warehouse, r.err())
          .isEqualTo(ExitCode.USAGE);
      assertThat(r.err().lines().toList()).as("stderr").hasSize(1).first().asString().startsWith("tiers: ").contains(warehouse)
          .contains("is a file");
    }
  }

  @Test
  void publishedOfAMissingWarehouseOrAFileSaysThereIsNoWarehouse() throws IOException {
    Path file = Files.writeString(dir.resolve("warehouse.txt"), "not a directory");
    for (Path warehouse : List.of(dir.resolve("no-such-warehouse"), file)) {
      for (List<String> extra : List.of(List.<String>of(), List.of("--as-of", "2026-11-15"))) {
        List<String> args = new java.util.ArrayList<>(List.of("published", "--warehouse", warehouse.toString()));
        args.addAll(extra);
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as("exit code of %s", args).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).as("stderr of %s", args).contains("no warehouse at " + warehouse);
        assertThat(r.out()).as("stdout of %s", args).doesNotContain("published date(s)");
      }
    }
    Files.createDirectories(dir.resolve("empty-warehouse"));
    CliRunner empty = CliRunner.run("published", "--warehouse", dir.resolve("empty-warehouse").toString());
    assertThat(empty.exitCode()).as("an existing warehouse with nothing published yet; stderr: %s", empty.err()).isZero();
    assertThat(empty.out()).contains("0 published date(s)");
  }

  @Test
  void generateRefusesANonEmptyDirectoryUnlessForced() throws IOException {
    Path out = Files.createDirectories(dir.resolve("exports"));
    Path mine = Files.writeString(out.resolve("notes.txt"), "mine");
    CliRunner r = CliRunner.run("generate", "--out", out.toString(), "--customers", "10", "--days", "30");
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(out.toString()).contains("not empty").contains("--force");
    assertThat(mine).as("the user's file").hasContent("mine");
    try (var entries = Files.list(out)) {
      assertThat(entries.toList()).as("the directory after a refused generate").containsExactly(mine);
    }
    assertThat(CliRunner.run("generate", "--help").out()).contains("--force");
  }

  @Test
  void aMissingInputIsReportedBeforeSparkStarts() throws Exception {
    // A master URL Spark cannot parse: were Spark started first, the run would fail on it instead.
    Path missing = dir.resolve("not-delivered");
    try (ChildRun child = ChildRun.start(dir.resolve("logs"), null, "run", "--transactions", missing.toString(),
        "--warehouse", dir.resolve("wh").toString(), "--as-of", "2026-11-15", "--master", "no-such-master://x")) {
      assertThat(child.process.waitFor(3, TimeUnit.MINUTES)).as("the child ends").isTrue();
      String err = Files.readString(child.stderr);
      assertThat(child.process.exitValue()).as("exit code; stderr: %s", err).isEqualTo(ExitCode.INPUT_NOT_READY);
      assertThat(err).contains(missing.toString()).contains("does not exist").doesNotContain("no-such-master");
    }
    assertThat(dir.resolve("wh")).as("nothing written").doesNotExist();
  }

  @Test
  void helpPrintsNoJvmWarnings() throws Exception {
    try (ChildRun child = ChildRun.start(dir.resolve("logs"), null, "--help")) {
      assertThat(child.process.waitFor(2, TimeUnit.MINUTES)).as("the child ends").isTrue();
      assertThat(child.process.exitValue()).isZero();
      assertThat(Files.readString(child.stderr)).as("stderr of tiers --help with scripts/jvm-options").isEmpty();
      assertThat(Files.readString(child.stdout)).contains("Usage: tiers");
    }
  }

  @Test
  void everyLoggerTheLogConfigurationNamesAsAClassExists() throws IOException {
    Properties config = new Properties();
    try (InputStream in = TiersCli.class.getResourceAsStream("/log4j2.properties")) {
      config.load(in);
    }
    List<String> classNames = config.stringPropertyNames().stream().filter(k -> k.matches("logger\\.[^.]+\\.name"))
        .map(config::getProperty).filter(n -> Character.isUpperCase(n.charAt(n.lastIndexOf('.') + 1))).toList();
    assertThat(classNames).as("loggers named after a class").isNotEmpty();
    for (String name : classNames) {
      assertThat(exists(name)).as("class %s named by a logger of log4j2.properties", name).isTrue();
    }
  }

  @Test
  void commandListShowsWholeSentencesAndEveryCommandHelpHasExitCodesAndAnExample() {
    String top = CliRunner.run("--help").out();
    String commands = top.substring(top.indexOf("Commands:"));
    for (String command : COMMANDS) {
      Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(command) + " +(.+(?:\\R {4,}.+)*)").matcher(commands);
      assertThat(m.find()).as("%s in the command list", command).isTrue();
      String summary = m.group(1).replaceAll("\\s+", " ").trim();
      assertThat(summary).as("summary of %s in tiers --help", command).endsWith(".");
      CliRunner help = CliRunner.run(command, "--help");
      assertThat(help.out()).as("%s --help", command).contains("Exit codes:").containsPattern("Examples?:")
          .contains("tiers " + command + " ");
    }
    for (String command : List.of("ingest", "validate")) {
      String asOf = CliRunner.run(command, "--help").out().lines().dropWhile(l -> !l.contains("--as-of")).findFirst().orElseThrow();
      assertThat(asOf).as("--as-of of %s", command).doesNotContain("Score");
    }
  }

  private static boolean exists(String className) {
    try {
      Class.forName(className, false, NewcomerEdgesTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
