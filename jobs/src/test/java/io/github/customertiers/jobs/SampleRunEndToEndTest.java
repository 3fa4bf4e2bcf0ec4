package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.customertiers.pipeline.run.NightlyRun;
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
  @Order(2)
  void publishedLayoutHoldsSegmentsManifestModelAndFiveExports() throws IOException {
    Path segments = warehouse.resolve("segments/as_of=" + AS_OF);
    assertThat(segments.resolve("_manifest.json")).exists();
    assertThat(segments.resolve("_model.json")).exists();
    try (Stream<Path> files = Files.list(segments)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count()).as("parquet files").isPositive();
    }
    Row any = spark().read().parquet(segments.toString()).first();
    assertThat(List.of(any.schema().fieldNames())).as("segment columns").containsAll(NightlyRun.SEGMENT_COLUMNS);
    for (String tier : List.of("vip", "key", "ordinary", "potential", "lapsed")) {
      Path csv = warehouse.resolve("exports/as_of=" + AS_OF + "/" + tier + ".csv");
      assertThat(csv).as("export of %s", tier).exists();
      assertThat(Files.readString(csv)).startsWith(String.join(",", NightlyRun.EXPORT_COLUMNS) + "\r\n");
    }
    assertThat(warehouse.resolve("_staging")).as("no staging leftovers").satisfiesAnyOf(
        p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
  }

  @Test
  @Order(3)
  void manifestAccountsForEveryInputRow() throws IOException {
    JsonNode m = new ObjectMapper().readTree(warehouse.resolve("segments/as_of=" + AS_OF + "/_manifest.json").toFile());
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
    long segmentRows = spark().read().parquet(warehouse.resolve("segments/as_of=" + AS_OF).toString()).count();
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
      tier.putAll(readColumn(warehouse.resolve("exports/as_of=" + AS_OF + "/" + t + ".csv"), "tier"));
    }
    assertThat(recall(persona, tier, "vip", "vip")).as("vip persona -> vip").isGreaterThanOrEqualTo(0.9);
    assertThat(recall(persona, tier, "key", "key")).as("key persona -> key").isGreaterThanOrEqualTo(0.8);
    assertThat(recall(persona, tier, "ordinary", "ordinary")).as("ordinary persona -> ordinary").isGreaterThanOrEqualTo(0.9);
    assertThat(recall(persona, tier, "prospect", "potential")).as("prospects -> potential").isEqualTo(1.0);
    assertThat(recall(persona, tier, "new", "potential")).as("new customers -> potential").isEqualTo(1.0);
    assertThat(recall(persona, tier, "lapsed", "lapsed")).as("stopped buyers -> lapsed").isEqualTo(1.0);
    assertThat(recall(persona, tier, "dormant", null)).as("dormant -> not published").isEqualTo(1.0);
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

  static List<String> tierRows() {
    return spark().read().parquet(warehouse.resolve("segments/as_of=" + AS_OF).toString())
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
