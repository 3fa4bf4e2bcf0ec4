package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.customertiers.pipeline.publish.SegmentColumns;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command on the bundled sample data, through the CLI: the published layout,
 * the manifest's row accounting, persona recovery against the generator's ground truth, and
 * idempotent reruns (RELIABILITY.md case 1).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleRunEndToEndTest {
  static final String AS_OF = "2026-11-15";
  @TempDir static Path warehouse;
  static CliRunner firstRun;
  static Path config;

  @BeforeAll
  static void runOnSampleData() {
    config = ProjectPaths.root().resolve("sample-data/tiers.yaml");
    firstRun = CliRunner.run("run", "--config", config.toString(), "--warehouse", warehouse.toString());
  }

  @Test
  @Order(1)
  void runSucceedsWithProgressAndSummary() {
    assertThat(firstRun.exitCode()).as("exit code; stderr: %s", firstRun.err()).isZero();
    assertThat(firstRun.out()).contains("ingest transactions").contains("features and scores").contains("publish")
        .contains("Tiers as of " + AS_OF).contains("median value").contains("Segments: ");
    for (String tier : List.of("vip", "key", "ordinary", "potential", "lapsed")) {
      assertThat(firstRun.out()).as("summary line of %s", tier).containsPattern("(?m)^" + tier + "\\s+[0-9,]+\\s+[0-9.]+%");
    }
  }

  @Test
  @Order(1)
  void readmeShowsTheSummaryThisRunPrints() throws IOException {
    String readme = Files.readString(ProjectPaths.root().resolve("README.md"));
    int start = readme.indexOf("```\n", readme.indexOf("ends with a per-tier summary")) + 4;
    List<String> shown = readme.substring(start, readme.indexOf("```", start)).lines().toList();
    List<String> printed = firstRun.out().lines().dropWhile(l -> !l.startsWith("Tiers as of")).toList();
    assertThat(shown).as("README example block").hasSize(printed.size());
    for (int i = 0; i < shown.size(); i++) {
      String line = shown.get(i);
      if (line.startsWith("Segments: ") || line.startsWith("Exports:  ") || line.startsWith("Report:   ")) {
        String tail = line.substring(line.indexOf("/published/")).replaceAll("v=[^/]+", "v=");
        assertThat(printed.get(i).replaceAll("v=[^/]+", "v=")).as("README line %d", i + 1).startsWith(line.substring(0, 10))
            .endsWith(tail);
      } else {
        assertThat(printed.get(i)).as("README line %d", i + 1).isEqualTo(line);
      }
    }
  }

  @Test
  @Order(1)
  void countsInProgressLinesHaveThousandsSeparators() {
    long read = firstRun.out().lines().filter(l -> l.startsWith("  transactions: ")).findFirst()
        .map(l -> Long.parseLong(l.replaceAll("^  transactions: ([0-9,]+) rows read.*$", "$1").replace(",", ""))).orElseThrow();
    assertThat(read).as("transaction rows of the sample").isGreaterThan(999);
    assertThat(firstRun.out()).containsPattern(String.format(java.util.Locale.ROOT, "  transactions: %,d rows read, [0-9]{1,3}(,[0-9]{3})+ loaded", read));
  }

  @Test
  @Order(2)
  void publishedLayoutHoldsSegmentsManifestModelAndFiveExports() throws IOException {
    Path segments = Published.segments(warehouse, AS_OF);
    assertThat(segments.resolve("_manifest.json")).exists();
    assertThat(segments.resolve("_model.json")).exists();
    try (Stream<Path> files = Files.list(segments)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count()).as("parquet files").isPositive();
    }
    Row any = spark().read().parquet(segments.toString()).first();
    assertThat(List.of(any.schema().fieldNames())).as("segment columns").containsAll(SegmentColumns.SEGMENT);
    for (String tier : List.of("vip", "key", "ordinary", "potential", "lapsed")) {
      Path csv = Published.exports(warehouse, AS_OF).resolve(tier + ".csv");
      assertThat(csv).as("export of %s", tier).exists();
      assertThat(Files.readString(csv)).startsWith(String.join(",", SegmentColumns.TIER_FILE) + "\r\n");
    }
    assertThat(warehouse.resolve("_staging")).as("no staging leftovers").satisfiesAnyOf(
        p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
  }

  @Test
  @Order(3)
  void manifestAccountsForEveryInputRow() throws IOException {
    JsonNode m = new ObjectMapper().readTree(Published.segments(warehouse, AS_OF).resolve("_manifest.json").toFile());
    assertThat(m.get("as_of").asText()).isEqualTo(AS_OF);
    assertThat(m.get("feeds_used")).extracting(JsonNode::asText).containsExactly("transactions", "interactions");
    long sampleDataRows = 0;
    try (Stream<Path> files = Files.walk(ProjectPaths.root().resolve("sample-data/transactions"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        sampleDataRows += countCsvRecords(f);
      }
    }
    JsonNode tx = m.get("inputs").get(0);
    assertThat(tx.get("read").asLong()).as("every record of the transaction files was read").isEqualTo(sampleDataRows);
    assertThat(tx.get("read").asLong()).as("read = loaded + quarantined + duplicates")
        .isEqualTo(tx.get("loaded").asLong() + tx.get("quarantined").asLong() + tx.get("duplicates").asLong());
    assertThat(tx.get("quarantined_by_reason").fieldNames()).toIterable().as("bad rows of the sample")
        .contains("MISSING_CUSTOMER_ID", "BAD_AMOUNT", "BAD_TIMESTAMP", "MALFORMED_ROW", "FUTURE_TIMESTAMP");
    long published = 0;
    for (JsonNode t : m.get("tiers")) {
      published += t.get("customers").asLong();
    }
    long segmentRows = spark().read().parquet(Published.segments(warehouse, AS_OF).toString()).count();
    assertThat(published).as("tier counts add up to the segment rows").isEqualTo(segmentRows);
    assertThat(m.get("clustering").get("k").asInt()).isBetween(3, 7);
    assertThat(m.get("clustering").get("silhouette").asDouble()).isBetween(-1.0, 1.0);
    assertThat(m.get("stage_millis").fieldNames()).toIterable().contains("ingest", "score", "tier", "write");
  }

  @Test
  @Order(4)
  void tiersRecoverTheGeneratorsPersonas() throws IOException {
    Map<String, String> persona = readColumn(ProjectPaths.root().resolve("sample-data/truth/personas"), "persona");
    Map<String, String> tier = new HashMap<>();
    for (String t : List.of("vip", "key", "ordinary", "potential", "lapsed")) {
      tier.putAll(readColumn(Published.exports(warehouse, AS_OF).resolve(t + ".csv"), "tier"));
    }
    assertThat(recall(persona, tier, "vip", "vip")).as("vip persona -> vip").isGreaterThanOrEqualTo(0.9);
    assertThat(recall(persona, tier, "key", "key")).as("key persona -> key").isGreaterThanOrEqualTo(0.8);
    assertThat(recall(persona, tier, "ordinary", "ordinary")).as("ordinary persona -> ordinary").isGreaterThanOrEqualTo(0.9);
    assertThat(recall(persona, tier, "prospect", "potential")).as("prospects -> potential").isEqualTo(1.0);
    assertThat(recall(persona, tier, "new", "potential")).as("new customers -> potential").isEqualTo(1.0);
    // Issue 12: buyers with 3+ purchases are judged by their own rhythm up to 2 lapse windows; the
    // generator's stopped buyers with a slow rhythm (mean gap over 3 months) silent for 251-360 days
    // are not lapsed yet (30 of 428 when counted from the sample files).
    assertThat(recall(persona, tier, "lapsed", "lapsed")).as("stopped buyers -> lapsed").isGreaterThanOrEqualTo(0.9);
    assertThat(recall(persona, tier, "dormant", null)).as("dormant -> not published").isEqualTo(1.0);
    assertThat(recall(persona, tier, "loyal", "key")).as("loyal regulars of modest spend -> key (by loyalty)")
        .isGreaterThanOrEqualTo(0.9);
    assertThat(recall(persona, tier, "big_one_off", "ordinary")).as("big one-off spenders -> ordinary (one purchase)")
        .isGreaterThanOrEqualTo(0.9);
    assertThat(recall(persona, tier, "drifting", "lapsed")).as("regulars who drifted away -> lapsed").isGreaterThanOrEqualTo(0.9);
  }

  @Test
  @Order(5)
  void rerunOfTheSameDateGivesIdenticalRowsAndSkipsIngestedFiles() {
    List<String> before = tierRows();
    CliRunner again = CliRunner.run("run", "--config", config.toString(), "--warehouse", warehouse.toString());
    assertThat(again.exitCode()).as("rerun exit code; stderr: %s", again.err()).isZero();
    assertThat(again.out()).contains("already ingested");
    assertThat(tierRows()).as("rows and tiers after a rerun").isEqualTo(before);
  }

  @Test
  @Order(6)
  void publishedListsTheLiveVersionAndPrintsItsPathsForScripts() throws IOException {
    CliRunner list = CliRunner.run("published", "--warehouse", warehouse.toString());
    assertThat(list.exitCode()).as("stderr: %s", list.err()).isZero();
    String live = Published.date(warehouse, AS_OF).version();
    assertThat(list.out()).contains("1 published date(s)").containsPattern("(?m)^" + AS_OF + "\\s+" + live + "\\s");
    CliRunner exports = CliRunner.run("published", "--warehouse", warehouse.toString(), "--as-of", AS_OF, "--print", "exports");
    assertThat(exports.exitCode()).isZero();
    assertThat(Path.of(exports.out().strip())).as("the bookmarkable path through the date's current link")
        .isEqualTo(warehouse.resolve("published/as_of=" + AS_OF + "/current/exports"));
    assertThat(Path.of(exports.out().strip()).toRealPath()).as("which is the live version's")
        .isEqualTo(Published.exports(warehouse, AS_OF).toRealPath());
    assertThat(warehouse.resolve("published/as_of=" + AS_OF + "/current/exports/vip.csv"))
        .as("the current symlink names the live version").hasSameBinaryContentAs(Published.exports(warehouse, AS_OF).resolve("vip.csv"));
    try (var versions = Files.list(warehouse.resolve("published/as_of=" + AS_OF))) {
      assertThat(versions.map(v -> v.getFileName().toString()).filter(n -> n.startsWith("v=")).toList())
          .as("after a rerun: the live version and the one it replaced").hasSize(2).contains(live);
    }
    CliRunner missing = CliRunner.run("published", "--warehouse", warehouse.toString(), "--as-of", "2026-01-01");
    assertThat(missing.exitCode()).as("a date that is not published").isEqualTo(ExitCode.INPUT_NOT_READY);
    assertThat(missing.err()).contains("2026-01-01 is not published");
  }

  @Test
  @Order(7)
  void aDatePublishedInThe010LayoutIsReadAndMovedToTheNewLayoutByItsNextRun() throws IOException {
    List<String> before = tierRows();
    Path dateDir = warehouse.resolve("published/as_of=" + AS_OF);
    Path live = dateDir.resolve(Published.date(warehouse, AS_OF).version());
    for (String kind : List.of("segments", "exports", "migrations")) {
      Files.createDirectories(warehouse.resolve(kind));
      Files.move(live.resolve(kind), warehouse.resolve(kind + "/as_of=" + AS_OF));
    }
    org.apache.commons.io.FileUtils.deleteDirectory(dateDir.toFile());
    assertThat(Published.date(warehouse, AS_OF).legacy()).as("a 0.1.0 date is still found").isTrue();
    assertThat(tierRows()).as("rows read from the 0.1.0 layout").isEqualTo(before);
    CliRunner rerun = CliRunner.run("run", "--config", config.toString(), "--warehouse", warehouse.toString());
    assertThat(rerun.exitCode()).as("stderr: %s", rerun.err()).isZero();
    assertThat(Published.date(warehouse, AS_OF).legacy()).as("republished in the new layout").isFalse();
    assertThat(tierRows()).isEqualTo(before);
    for (String kind : List.of("segments", "exports", "migrations")) {
      assertThat(warehouse.resolve(kind + "/as_of=" + AS_OF)).as("0.1.0 directory removed").doesNotExist();
    }
  }

  static List<String> tierRows() {
    return spark().read().parquet(Published.segments(warehouse, AS_OF).toString())
        .selectExpr("concat_ws('|', customer_id, tier, r_score, f_score, m_score, value_score, loyalty_score, reason)")
        .orderBy("customer_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  static SparkSession spark() {
    return SparkSession.active();
  }

  private static double recall(Map<String, String> persona, Map<String, String> tier, String p, String expectedTier) {
    List<String> ids = persona.entrySet().stream().filter(e -> e.getValue().equals(p)).map(Map.Entry::getKey).toList();
    assertThat(ids).as("customers of persona %s", p).isNotEmpty();
    long hits = ids.stream().filter(id -> java.util.Objects.equals(tier.get(id), expectedTier)).count();
    return (double) hits / ids.size();
  }

  /** customer_id -> column, from a CSV file or a directory of CSV files, with a real RFC 4180 parser (Spark's). */
  static Map<String, String> readColumn(Path path, String column) {
    Map<String, String> out = new HashMap<>();
    for (Row r : spark().read().option("header", "true").option("multiLine", "true").option("escape", "\"")
        .csv(path.toString()).select("customer_id", column).collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  private static long countCsvRecords(Path file) throws IOException {
    // Records, not lines: a quoted field may hold a line break. Header excluded.
    long records = 0;
    boolean quoted = false;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int c;
      boolean any = false;
      while ((c = in.read()) != -1) {
        any = true;
        if (c == '"') quoted = !quoted;
        else if (c == '\n' && !quoted) records++;
      }
      if (!any) return 0;
    }
    return records - 1;
  }
}
