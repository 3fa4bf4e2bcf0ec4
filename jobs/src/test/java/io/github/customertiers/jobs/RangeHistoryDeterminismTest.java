package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TimeZone;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Date ranges, segment history and determinism on a small generated data set
 * (RELIABILITY.md cases 2, 11 and 12; case 2 with an invalid delivery in the middle of a backfill).
 */
class RangeHistoryDeterminismTest {
  @TempDir static Path dir;
  static Path exports;
  static Path cleanWarehouse;
  static List<String> clean;

  @BeforeAll
  static void generate() {
    exports = dir.resolve("exports");
    cleanWarehouse = dir.resolve("clean-wh");
    CliRunner g = CliRunner.run("generate", "--out", exports.toString(), "--customers", "600", "--as-of", "2026-06-30",
        "--seed", "11", "--days", "400");
    assertThat(g.exitCode()).as("generate; stderr: %s", g.err()).isZero();
  }

  @Test
  void rangeRunPublishesEveryValidDateReportsTheFailingOneAndKeepsHistory() throws Exception {
    Path wh = dir.resolve("range-wh");
    // 2025-05-01 is before the first generated day (2025-05-27): zero customers, refused (case 11).
    // Five monthly dates: the refused one, then four that each have the one before as history.
    CliRunner r = CliRunner.run("run", "--transactions", exports.resolve("transactions").toString(),
        "--interactions", exports.resolve("interactions").toString(), "--warehouse", wh.toString(),
        "--from", "2025-05-01", "--to", "2025-09-01", "--every", "month");
    assertThat(r.exitCode()).as("some dates failed; stdout: %s stderr: %s", r.out(), r.err()).isEqualTo(ExitCode.SOME_DATES_FAILED);
    assertThat(r.out()).containsPattern("2025-05-01\\s+FAILED.*0 customers for 2025-05-01");
    assertThat(r.out()).containsPattern("2025-09-01\\s+published");
    assertThat(r.err()).contains("1 of 5 dates failed");
    assertThat(Published.find(wh, "2025-05-01")).as("nothing published for the failed date").isEmpty();
    for (String d : List.of("2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01")) {
      assertThat(Published.segments(wh, d.toString()).resolve("_manifest.json")).as("published %s", d).exists();
    }

    // History: previous_tier and tier_since against the previous published date, migrations matrix, manifest flag.
    SparkSession spark = SparkSession.active();
    List<Row> last = spark.read().parquet(Published.segments(wh, "2025-09-01").toString())
        .select("customer_id", "tier", "previous_tier", "tier_since").collectAsList();
    List<Row> before = spark.read().parquet(Published.segments(wh, "2025-08-01").toString())
        .select("customer_id", "tier", "tier_since").collectAsList();
    java.util.Map<String, Row> beforeById = new java.util.HashMap<>();
    before.forEach(x -> beforeById.put(x.getString(0), x));
    assertThat(last).as("customers as of 2025-09-01").hasSizeGreaterThan(before.size());
    assertThat(last).as("customers carried over from 2025-08-01").anyMatch(x -> beforeById.containsKey(x.getString(0)));
    for (Row x : last) {
      Row earlier = beforeById.get(x.getString(0));
      if (earlier == null) {
        assertThat(x.isNullAt(2)).as("previous_tier of a customer new to the segments").isTrue();
        assertThat(x.getDate(3).toString()).isEqualTo("2025-09-01");
      } else {
        assertThat(x.getString(2)).as("previous_tier of %s", x.getString(0)).isEqualTo(earlier.getString(1));
        assertThat(x.getDate(3)).as("tier_since of %s", x.getString(0))
            .isEqualTo(earlier.getString(1).equals(x.getString(1)) ? earlier.getDate(2) : java.sql.Date.valueOf("2025-09-01"));
      }
    }
    long migrated = spark.read().parquet(Published.migrations(wh, "2025-09-01").toString())
        .selectExpr("sum(customers)").first().getLong(0);
    assertThat(migrated).as("the migration matrix covers every published customer").isEqualTo(last.size());
    JsonNode m = new ObjectMapper().readTree(Published.segments(wh, "2025-09-01").resolve("_manifest.json").toFile());
    assertThat(m.get("previous_as_of").asText()).isEqualTo("2025-08-01");
    assertThat(m.get("vip_or_key_became_lapsed").isNumber()).isTrue();
  }

  @Test
  @DisplayName("RELIABILITY case 2: a backfill whose middle delivery is invalid publishes the date before it, fails the others "
      + "naming feed and file with the earlier output untouched and exit code 6; after the fix the rerun publishes all")
  void backfillWithAnInvalidDeliveryPublishesTheDatesBeforeItAndTheRerunAfterTheFixPublishesAll() throws Exception {
    Path wh = dir.resolve("backfill-wh");
    String history = exports.resolve("transactions").toString();
    String interactions = exports.resolve("interactions").toString();
    CliRunner earlier = CliRunner.run("run", "--transactions", history, "--interactions", interactions,
        "--warehouse", wh.toString(), "--as-of", "2026-06-29");
    assertThat(earlier.exitCode()).as("the middle date, published before its delivery; stderr: %s", earlier.err()).isZero();
    Map<String, String> published = publishedFiles(wh, "2026-06-29");

    // The delivery of 2026-06-29 arrives ';'-separated, in a dated directory.
    Path deliveries = dir.resolve("deliveries");
    Path orders = deliveries.resolve("2026-06-29/orders.csv");
    Files.createDirectories(orders.getParent());
    Files.writeString(orders, "transaction_id;customer_id;ts;amount\nNEW-1;C-NEW;2026-06-29T12:00:00;25.00\n");
    String[] range = {"run", "--transactions", history, deliveries.toString(), "--interactions", interactions,
        "--warehouse", wh.toString(), "--from", "2026-06-28", "--to", "2026-06-30"};
    CliRunner r = CliRunner.run(range);
    assertThat(r.exitCode()).as("some dates failed; stdout: %s stderr: %s", r.out(), r.err()).isEqualTo(ExitCode.SOME_DATES_FAILED);
    assertThat(r.out()).as("per-date summary").containsPattern("(?m)^2026-06-28\\s+published")
        .containsPattern("(?m)^2026-06-29\\s+FAILED .*the transactions delivery of 2026-06-29 was rejected: "
            + ".*deliveries/2026-06-29/orders\\.csv: the header is not comma-separated \\(found ';'\\)")
        .containsPattern("(?m)^2026-06-30\\s+FAILED .*needs the transactions delivery of 2026-06-29 that was rejected: "
            + ".*deliveries/2026-06-29/orders\\.csv: the header is not comma-separated");
    assertThat(r.err()).contains("2 of 3 dates failed");
    assertThat(Published.segments(wh, "2026-06-28").resolve("_manifest.json")).as("the date before the delivery").exists();
    assertThat(Published.find(wh, "2026-06-30")).as("nothing published after it").isEmpty();
    assertThat(publishedFiles(wh, "2026-06-29")).as("the earlier output of the failed date, byte for byte").isEqualTo(published);

    // The same date alone: invalid input (exit 4), naming feed and file.
    CliRunner single = CliRunner.run("run", "--transactions", history, deliveries.toString(), "--interactions", interactions,
        "--warehouse", wh.toString(), "--as-of", "2026-06-29");
    assertThat(single.exitCode()).as("single date; stderr: %s", single.err()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(single.err()).contains("the transactions delivery of 2026-06-29 was rejected").contains("2026-06-29/orders.csv");
    assertThat(publishedFiles(wh, "2026-06-29")).isEqualTo(published);

    // Corrected under the same path: the rerun ingests it and publishes every date.
    Files.writeString(orders, "transaction_id,customer_id,ts,amount\nNEW-1,C-NEW,2026-06-29T12:00:00,25.00\n");
    CliRunner fixed = CliRunner.run(range);
    assertThat(fixed.exitCode()).as("rerun after the fix; stdout: %s stderr: %s", fixed.out(), fixed.err()).isZero();
    for (String d : List.of("2026-06-28", "2026-06-29", "2026-06-30")) {
      assertThat(fixed.out()).containsPattern("(?m)^" + d + "\\s+published");
    }
    SparkSession spark = SparkSession.active();
    for (String d : List.of("2026-06-29", "2026-06-30")) {
      assertThat(spark.read().parquet(Published.segments(wh, d).toString()).filter("customer_id = 'C-NEW'").count())
          .as("the customer of the corrected delivery as of %s", d).isEqualTo(1);
    }
  }

  /** Every file published for a date (segments, exports, migrations): relative path to SHA-256. */
  private static Map<String, String> publishedFiles(Path wh, String asOf) throws Exception {
    Map<String, String> files = new TreeMap<>();
    io.github.customertiers.pipeline.publish.PublishedDate date = Published.date(wh, asOf);
    files.put("version", date.version());
    for (org.apache.hadoop.fs.Path live : List.of(date.segments(), date.exports(), date.migrations())) {
      Path root = Path.of(live.toUri().getPath());
      try (var walk = Files.walk(root)) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          files.put(wh.relativize(f).toString(), HexFormat.of().formatHex(
              MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
        }
      }
    }
    assertThat(files).as("published files of %s", asOf).isNotEmpty();
    return files;
  }

  @Test
  void zeroCustomersAreNotPublishedForASingleDate() {
    CliRunner r = CliRunner.run("run", "--transactions", exports.resolve("transactions").toString(),
        "--warehouse", dir.resolve("empty-wh").toString(), "--as-of", "2020-01-01");
    assertThat(r.exitCode()).isEqualTo(ExitCode.EMPTY_RESULT);
    assertThat(r.err()).contains("0 customers for 2020-01-01").contains("publish.allow_empty");
    assertThat(dir.resolve("empty-wh/segments")).doesNotExist();
  }

  /**
   * The reference run as of 2026-06-30 (4 shuffle partitions, this JVM's time zone), made once: the
   * determinism, retry and always-failing tests compare with it; a failing run leaves its warehouse as it was.
   */
  private static synchronized List<String> cleanRun() throws Exception {
    if (clean == null) {
      clean = runAndRead(exports, cleanWarehouse, "4");
    }
    return clean;
  }

  @Test
  void sameInputsGiveIdenticalTiersWhateverFileOrderPartitionsOrJvmTimeZone() throws Exception {
    List<String> reference = cleanRun();
    // The same files under other names (so listed and read in another order), more shuffle
    // partitions, and another JVM default time zone.
    Path shuffled = dir.resolve("shuffled");
    for (String feed : List.of("transactions", "interactions")) {
      Files.createDirectories(shuffled.resolve(feed));
      try (var files = Files.list(exports.resolve(feed))) {
        for (Path f : files.toList()) {
          String name = f.getFileName().toString();
          Files.copy(f, shuffled.resolve(feed).resolve("z-" + new StringBuilder(name).reverse() + ".csv"),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    TimeZone original = TimeZone.getDefault();
    List<String> other;
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
      other = runAndRead(shuffled, dir.resolve("det-b"), "11");
    } finally {
      TimeZone.setDefault(original);
      SparkSession.active().conf().set("spark.sql.shuffle.partitions", "4");
    }
    assertThat(other).as("customer, tier and every score").isEqualTo(reference);
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheOutputEqualsACleanRun() throws Exception {
    // case 4
    List<String> clean = cleanRun();
    List<String> retried;
    System.setProperty("customertiers.failTask", "assign:once");
    try {
      retried = runAndRead(exports, dir.resolve("retry-wh"), "4");
    } finally {
      System.clearProperty("customertiers.failTask");
    }
    assertThat(retried).as("rows after a retried task failure").isEqualTo(clean);
  }

  @Test
  void aTaskThatFailsOnEveryAttemptFailsTheRunNamingTheDateAndPublishesNothing() throws Exception {
    // case 3
    List<String> before = cleanRun();
    Path wh = cleanWarehouse;
    CliRunner r;
    System.setProperty("customertiers.failTask", "assign:always");
    try {
      r = CliRunner.run("run", "--transactions", exports.resolve("transactions").toString(),
          "--interactions", exports.resolve("interactions").toString(), "--warehouse", wh.toString(), "--as-of", "2026-06-30");
    } finally {
      System.clearProperty("customertiers.failTask");
    }
    assertThat(r.exitCode()).as("exit code of a run whose task always fails").isEqualTo(ExitCode.INTERNAL_ERROR);
    assertThat(r.err()).contains("the run for 2026-06-30 failed in Spark (nothing was published)");
    assertThat(read(wh)).as("published output untouched").isEqualTo(before);
    assertThat(wh.resolve("_locks/as_of=2026-06-30.lock")).as("lock released").doesNotExist();
  }

  private static List<String> runAndRead(Path inputs, Path wh, String partitions) throws Exception {
    Path cfg = Files.writeString(wh.getParent().resolve(wh.getFileName() + ".yaml"),
        "business_time_zone: America/New_York\nspark:\n  conf:\n    spark.sql.shuffle.partitions: " + partitions + "\n");
    CliRunner r = CliRunner.run("run", "--config", cfg.toString(), "--transactions", inputs.resolve("transactions").toString(),
        "--interactions", inputs.resolve("interactions").toString(), "--warehouse", wh.toString(), "--as-of", "2026-06-30");
    assertThat(r.exitCode()).as("run; stderr: %s", r.err()).isZero();
    return read(wh);
  }

  private static List<String> read(Path wh) {
    return SparkSession.active().read().parquet(Published.segments(wh, "2026-06-30").toString())
        .selectExpr("concat_ws('|', customer_id, tier, cluster, recency_days, frequency, monetary, r_score, f_score, m_score,"
            + " value_score, loyalty_score, round(clv, 6), reason)")
        .orderBy("customer_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }
}
