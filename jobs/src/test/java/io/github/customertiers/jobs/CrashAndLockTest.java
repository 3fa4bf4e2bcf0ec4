package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes and concurrency with real processes (RELIABILITY.md cases 5 to 10): a child
 * {@code tiers run} is paused at a named point of its write or publish, then killed with SIGKILL or SIGTERM,
 * while this JVM runs other dates and reads the published output.
 */
class CrashAndLockTest {
  static final String DATE = "2026-11-15";
  static final String OTHER_DATE = "2026-11-08";
  @TempDir static Path dir;
  static Path warehouse;
  static Path config;
  static List<String> cleanRun;

  @BeforeAll
  static void publishCleanRun() throws java.io.IOException {
    warehouse = dir.resolve("wh");
    // A small generated history in the sample's shape: what is tested is how a run fails and
    // recovers, which does not depend on the number of customers; each run is a real process.
    Path exports = dir.resolve("exports");
    CliRunner g = CliRunner.run("generate", "--out", exports.toString(), "--customers", "400", "--as-of", DATE,
        "--seed", "7", "--days", "400");
    assertThat(g.exitCode()).as("generate; stderr: %s", g.err()).isZero();
    config = Files.writeString(dir.resolve("tiers.yaml"), "as_of: " + DATE + "\nbusiness_time_zone: Europe/Berlin\n"
        + "inputs:\n  transactions: [" + exports.resolve("transactions") + "]\n  interactions: ["
        + exports.resolve("interactions") + "]\n");
    // The earlier date first: tiers carry the previous published date's lines and model, so every
    // run of DATE below (clean, killed, rerun) has the same history (OTHER_DATE) behind it.
    CliRunner earlier = CliRunner.run("run", "--config", config.toString(), "--warehouse", warehouse.toString(), "--as-of", OTHER_DATE);
    assertThat(earlier.exitCode()).as("earlier date; stderr: %s", earlier.err()).isZero();
    CliRunner r = CliRunner.run("run", "--config", config.toString(), "--warehouse", warehouse.toString());
    assertThat(r.exitCode()).as("clean run; stderr: %s", r.err()).isZero();
    cleanRun = rows(DATE);
  }

  @Test
  void killDuringPublishLeavesCompleteVersionsAndLocksOutAConcurrentRunOfTheSameDate() throws Exception {
    String liveBefore = Published.date(warehouse, DATE).version();
    // case 5: kill -9 of the driver while it writes the date's staged version
    try (ChildRun writer = ChildRun.start(dir.resolve("logs"), "during-write",
        "run", "--config", config.toString(), "--warehouse", warehouse.toString())) {
      writer.awaitPause("during-write", Duration.ofMinutes(4));
      assertThat(listing(warehouse.resolve("_staging"))).as("the staged version being written").anyMatch(n -> n.endsWith(DATE));
      writer.killHard();
    }
    assertThat(Published.date(warehouse, DATE).version()).as("live version after a kill while writing").isEqualTo(liveBefore);
    assertThat(rows(DATE)).as("segments after a kill while writing").isEqualTo(cleanRun);
    assertExportsMatchSegments(DATE);

    try (ChildRun child = ChildRun.start(dir.resolve("logs"), "during-publish",
        "run", "--config", config.toString(), "--warehouse", warehouse.toString())) {
      child.awaitPause("during-publish", Duration.ofMinutes(4));

      // case 10: the same date is locked, naming the holder; another date runs side by side
      CliRunner same = CliRunner.run("run", "--config", config.toString(), "--warehouse", warehouse.toString());
      assertThat(same.exitCode()).as("exit code of a second run of the same date").isEqualTo(ExitCode.LOCK_HELD);
      assertThat(same.err()).contains("as_of=" + DATE).contains("pid " + child.pid());
      CliRunner other = CliRunner.run("run", "--config", config.toString(), "--warehouse", warehouse.toString(),
          "--as-of", OTHER_DATE);
      assertThat(other.exitCode()).as("a run of another date while the first is publishing; stderr: %s", other.err()).isZero();
      assertThat(other.out()).as("a date published before a later published one says how to refresh its history")
          .contains("note: 1 later published date(s) (" + DATE + ")").contains("rerun --as-of " + DATE);

      // case 6: the new version is in place but not live: readers see the complete previous version
      assertThat(listing(warehouse.resolve("published/as_of=" + DATE))).filteredOn(n -> n.startsWith("v="))
          .as("versions while the publish is paused before its pointer switch").hasSizeGreaterThanOrEqualTo(2);
      assertThat(Published.date(warehouse, DATE).version()).as("live version while paused").isEqualTo(liveBefore);
      assertThat(rows(DATE)).as("segments while a publish is paused").isEqualTo(cleanRun);
      assertExportsMatchSegments(DATE);

      // case 6: kill -9 during publish, between the version's move and the pointer switch
      child.killHard();
    }
    assertThat(rows(DATE)).as("segments after the kill").isEqualTo(cleanRun);
    assertThat(Published.date(warehouse, DATE).version()).as("live version after the kill").isEqualTo(liveBefore);
    assertExportsMatchSegments(DATE);
    CliRunner rerun = CliRunner.run("run", "--config", config.toString(), "--warehouse", warehouse.toString());
    assertThat(rerun.exitCode()).as("rerun after the kill takes over the stale lock; stderr: %s", rerun.err()).isZero();
    assertThat(rows(DATE)).as("rerun equals the clean run").isEqualTo(cleanRun);
    assertExportsMatchSegments(DATE);
    assertThat(listing(warehouse.resolve("_staging"))).as("leftovers of the killed run cleaned").noneMatch(n -> n.endsWith(DATE));
    assertThat(listing(warehouse.resolve("published/as_of=" + DATE))).filteredOn(n -> n.startsWith("v="))
        .as("the killed run's version removed: the live one and the one it replaced remain")
        .containsExactlyInAnyOrder(Published.date(warehouse, DATE).version(), liveBefore);
    assertThat(warehouse.resolve("_locks/as_of=" + DATE + ".lock")).doesNotExist();
  }

  @Test
  void sigtermCancelsReleasesTheLockExitsDistinctlyAndPublishesNothing() throws Exception {
    try (ChildRun child = ChildRun.start(dir.resolve("logs"), "before-publish",
        "run", "--config", config.toString(), "--warehouse", warehouse.toString())) {
      child.awaitPause("before-publish", Duration.ofMinutes(4));
      assertThat(warehouse.resolve("_locks/as_of=" + DATE + ".lock")).as("lock held while running").exists();
      child.process.destroy(); // SIGTERM, as a scheduler sends it
      assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).as("the child stops after SIGTERM").isTrue();
      assertThat(child.process.exitValue()).as("exit code after SIGTERM (128 + 15)").isEqualTo(143);
    }
    assertThat(warehouse.resolve("_locks/as_of=" + DATE + ".lock")).as("lock released by the shutdown hook").doesNotExist();
    assertThat(rows(DATE)).as("nothing new published").isEqualTo(cleanRun);
  }

  @Test
  void diskFullWhileWritingFailsNamingThePathAndLeavesThePublishedVersion() throws Exception {
    // case 9: a real run in a child process whose filesystem is full for the staged exports
    int exit;
    String err;
    try (ChildRun child = ChildRun.start(dir.resolve("logs"), null,
        List.of("-Dspark.hadoop.fs.file.impl=" + NoSpaceFileSystem.class.getName(),
            "-Dspark.hadoop.fs.file.impl.disable.cache=true"),
        "run", "--config", config.toString(), "--warehouse", warehouse.toString())) {
      assertThat(child.process.waitFor(5, TimeUnit.MINUTES)).as("the child ends").isTrue();
      exit = child.process.exitValue();
      err = Files.readString(child.stderr);
    }
    assertThat(exit).as("exit code of a run that ran out of space").isNotZero();
    assertThat(err).contains("tiers: ").contains("No space left on device").contains("_staging").contains(DATE);
    assertThat(rows(DATE)).as("published output untouched").isEqualTo(cleanRun);
    assertThat(warehouse.resolve("_locks/as_of=" + DATE + ".lock")).as("lock released").doesNotExist();
    CliRunner next = CliRunner.run("run", "--config", config.toString(), "--warehouse", warehouse.toString());
    assertThat(next.exitCode()).as("the next run; stderr: %s", next.err()).isZero();
    assertThat(listing(warehouse.resolve("_staging"))).as("leftovers cleaned by the next run").noneMatch(n -> n.endsWith(DATE));
    assertThat(rows(DATE)).isEqualTo(cleanRun);
  }

  @Test
  void aRenameThatReportsFailureFailsTheRunNamingThePathAndKeepsThePreviousVersion() throws Exception {
    // case 8: real runs in child processes whose filesystem refuses one of the two publishing steps
    for (String refused : List.of("version", "pointer")) {
      String liveBefore = Published.date(warehouse, DATE).version();
      String vipBefore = Files.readString(Published.exports(warehouse, DATE).resolve("vip.csv"));
      int exit;
      String err;
      try (ChildRun child = ChildRun.start(dir.resolve("logs"), null,
          List.of("-Dspark.hadoop.fs.file.impl=" + RefusingRenameFileSystem.class.getName(),
              "-Dspark.hadoop.fs.file.impl.disable.cache=true", "-Dcustomertiers.test.refuseRename=" + refused),
          "run", "--config", config.toString(), "--warehouse", warehouse.toString())) {
        assertThat(child.process.waitFor(5, TimeUnit.MINUTES)).as("the child ends").isTrue();
        exit = child.process.exitValue();
        err = Files.readString(child.stderr);
      }
      assertThat(exit).as("a run whose %s rename failed never reports success", refused).isNotZero();
      assertThat(err).as("error when the %s rename fails", refused).contains("could not publish")
          .contains("published/as_of=" + DATE).contains("reported failure")
          .contains("the previous version " + liveBefore + " stays live");
      assertThat(Published.date(warehouse, DATE).version()).as("live version after a refused %s rename", refused)
          .isEqualTo(liveBefore);
      assertThat(rows(DATE)).as("the previous version is still published").isEqualTo(cleanRun);
      assertThat(Files.readString(Published.exports(warehouse, DATE).resolve("vip.csv")))
          .as("exports of the live version").isEqualTo(vipBefore);
      assertThat(warehouse.resolve("_locks/as_of=" + DATE + ".lock")).as("lock released").doesNotExist();
      assertThat(listing(warehouse.resolve("published/as_of=" + DATE))).as("the refused version was removed")
          .filteredOn(n -> n.startsWith("v=")).hasSizeLessThanOrEqualTo(2).contains(liveBefore);
    }
  }

  /** Every customer of the date's vip.csv is vip in the segment table of the same resolved version. */
  static void assertExportsMatchSegments(String date) throws java.io.IOException {
    long vipRows = Files.readAllLines(Published.exports(warehouse, date).resolve("vip.csv")).size() - 1;
    long vipSegments = SparkSession.active().read().parquet(Published.segments(warehouse, date).toString())
        .filter("tier = 'vip'").count();
    assertThat(vipRows).as("vip.csv rows vs vip rows of the segment table of the same version").isEqualTo(vipSegments);
  }

  static List<String> rows(String date) {
    return SparkSession.active().read().parquet(Published.segments(warehouse, date).toString())
        .selectExpr("concat_ws('|', customer_id, tier, value_score, loyalty_score, reason)")
        .orderBy("customer_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  static List<String> listing(Path d) throws java.io.IOException {
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (var s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
