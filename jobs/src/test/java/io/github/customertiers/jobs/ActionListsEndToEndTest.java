package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.customertiers.pipeline.actions.ActionExports;
import io.github.customertiers.pipeline.publish.SegmentColumns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The action lists, the changes file and the playbook columns on a real run of the sample over two
 * weekly dates (2026-11-08, 2026-11-15), with the sample's playbook and stricter at-risk thresholds
 * (the sample's vip and key customers are all active, so the defaults list none). Every expectation is
 * derived from the per-tier files of the two dates, not from the lists themselves.
 */
class ActionListsEndToEndTest {
  static final String BEFORE = "2026-11-08";
  static final String AS_OF = "2026-11-15";
  static final double P_ALIVE = 0.97;
  static final double GAP_MULTIPLE = 0.5;
  @TempDir static Path warehouse;
  @TempDir static Path scratch;
  static CliRunner run;

  @BeforeAll
  static void runTwoDatesOfTheSample() throws IOException {
    Path sample = ProjectPaths.root().resolve("sample-data");
    String yaml = Files.readString(sample.resolve("tiers.yaml"))
        .replace("transactions: [transactions]", "transactions: [" + sample.resolve("transactions") + "]")
        .replace("interactions: [interactions]", "interactions: [" + sample.resolve("interactions") + "]")
        .replace("at_risk_below_p_alive: 0.5", "at_risk_below_p_alive: " + P_ALIVE)
        .replace("at_risk_gap_multiple: 1.5", "at_risk_gap_multiple: " + GAP_MULTIPLE);
    assertThat(yaml).contains("at_risk_below_p_alive: " + P_ALIVE).contains("at_risk_gap_multiple: " + GAP_MULTIPLE);
    Path config = scratch.resolve("tiers.yaml");
    Files.writeString(config, yaml);
    run = CliRunner.run("run", "--config", config.toString(), "--warehouse", warehouse.toString(),
        "--from", BEFORE, "--to", AS_OF, "--every", "week");
    assertThat(run.exitCode()).as("sample run; stderr: %s", run.err()).isZero();
  }

  /** Rows of an RFC 4180 file (no line breaks inside fields), by header name. */
  static List<Map<String, String>> rows(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String> header = cells(lines.get(0));
    List<Map<String, String>> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> c = cells(line);
      assertThat(c).as("cells of a row of %s", csv.getFileName()).hasSize(header.size());
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), c.get(i));
      }
      out.add(row);
    }
    return out;
  }

  static List<String> cells(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        b.append('"');
        i++;
      } else if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        out.add(b.toString());
        b.setLength(0);
      } else {
        b.append(ch);
      }
    }
    out.add(b.toString());
    return out;
  }

  /** Every customer of a date from its five tier files. */
  static Map<String, Map<String, String>> customers(String date) throws IOException {
    Map<String, Map<String, String>> all = new HashMap<>();
    for (String tier : List.of("vip", "key", "ordinary", "potential", "lapsed")) {
      for (Map<String, String> r : rows(Published.exports(warehouse, date).resolve(tier + ".csv"))) {
        all.put(r.get("customer_id"), r);
      }
    }
    return all;
  }

  static Set<String> ids(List<Map<String, String>> rows) {
    return rows.stream().map(r -> r.get("customer_id")).collect(Collectors.toSet());
  }

  static Path file(String name) {
    return Published.exports(warehouse, AS_OF).resolve(name + ".csv");
  }

  @Test
  void everyListIsPublishedWithItsColumnsCountedInTheFolderManifestTheRunManifestAndTheSummary() throws IOException {
    JsonNode exportsManifest = new ObjectMapper().readTree(Published.exports(warehouse, AS_OF).resolve("exports_manifest.json").toFile());
    JsonNode runManifest = new ObjectMapper().readTree(Published.segments(warehouse, AS_OF).resolve("_manifest.json").toFile());
    StringBuilder summary = new StringBuilder("Action lists:");
    for (Map.Entry<String, List<String>> e : ActionExports.FILES.entrySet()) {
      Path csv = file(e.getKey());
      assertThat(Files.readAllLines(csv).get(0)).as("header of %s", csv.getFileName()).isEqualTo(String.join(",", e.getValue()));
      long rows = rows(csv).size();
      rows(csv).forEach(r -> assertThat(r.get("as_of")).isEqualTo(AS_OF));
      JsonNode entry = null;
      for (JsonNode f : exportsManifest.path("files")) {
        if (f.path("file").asText().equals(e.getKey() + ".csv")) {
          entry = f;
        }
      }
      assertThat(entry).as("exports manifest entry of %s", csv.getFileName()).isNotNull();
      assertThat(entry.path("rows").asLong()).as("rows of %s in the exports manifest", csv.getFileName()).isEqualTo(rows);
      assertThat(runManifest.path("action_lists").path(e.getKey()).asLong()).as("%s in _manifest.json", e.getKey()).isEqualTo(rows);
      summary.append(String.format(java.util.Locale.ROOT, " %s %,d,", e.getKey(), rows));
    }
    assertThat(run.out()).as("run summary").contains(summary.substring(0, summary.length() - 1) + " as of " + AS_OF + "\n");
    List<String> dictionary = Files.readAllLines(Published.exports(warehouse, AS_OF).resolve(ActionExports.DICTIONARY));
    Set<String> described = dictionary.stream().skip(1).map(l -> l.split(",")[0]).collect(Collectors.toSet());
    ActionExports.FILES.values().forEach(cols -> assertThat(described).as("action_columns.csv").containsAll(cols));
  }

  @Test
  void atRiskHoldsTheVipAndKeyCustomersBelowThePAliveThresholdOrPastTheirGap() throws IOException {
    List<Map<String, String>> atRisk = rows(file("at_risk"));
    Map<String, Map<String, String>> now = customers(AS_OF);
    Set<String> lowPAlive = now.values().stream()
        .filter(r -> Set.of("vip", "key").contains(r.get("tier")) && !r.get("p_alive").isEmpty()
            && Double.parseDouble(r.get("p_alive")) < P_ALIVE)
        .map(r -> r.get("customer_id")).collect(Collectors.toSet());
    assertThat(lowPAlive).as("the thresholds of this test list someone on the sample").isNotEmpty();
    assertThat(ids(atRisk)).as("every vip or key customer below P(alive) %s", P_ALIVE).containsAll(lowPAlive);
    for (Map<String, String> r : atRisk) {
      String id = r.get("customer_id");
      assertThat(r.get("tier")).isIn("vip", "key").isEqualTo(now.get(id).get("tier"));
      if (lowPAlive.contains(id)) {
        assertThat(r.get("risk")).startsWith("P(alive) " + now.get(id).get("p_alive") + " below " + P_ALIVE);
      } else {
        assertThat(r.get("risk")).startsWith(r.get("recency_days") + " days since the last purchase, more than " + GAP_MULTIPLE);
        assertThat(Double.parseDouble(r.get("recency_days"))).isGreaterThan(GAP_MULTIPLE * Double.parseDouble(r.get("usual_gap_days")));
      }
      assertThat(r.get("monetary")).as("what they used to spend").isEqualTo(now.get(id).get("monetary"));
    }
    List<Double> spend = atRisk.stream().map(r -> Double.parseDouble(r.get("monetary"))).toList();
    assertThat(spend).as("highest spend first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void movedAndChangesAgreeWithTheTierFilesOfBothDates() throws IOException {
    Map<String, Map<String, String>> before = customers(BEFORE);
    Map<String, Map<String, String>> now = customers(AS_OF);
    Set<String> movedExpected = now.values().stream()
        .filter(r -> before.containsKey(r.get("customer_id")) && !before.get(r.get("customer_id")).get("tier").equals(r.get("tier")))
        .map(r -> r.get("customer_id")).collect(Collectors.toSet());
    assertThat(movedExpected).as("someone moved in a week of the sample").isNotEmpty();
    List<Map<String, String>> moved = rows(file("moved"));
    assertThat(ids(moved)).isEqualTo(movedExpected);
    for (Map<String, String> r : moved) {
      assertThat(r.get("from_tier")).isEqualTo(before.get(r.get("customer_id")).get("tier"));
      assertThat(r.get("to_tier")).isEqualTo(now.get(r.get("customer_id")).get("tier"));
    }

    Map<String, Set<String>> changes = new HashMap<>();
    rows(file("changes")).forEach(r -> changes.computeIfAbsent(r.get("change"), k -> new HashSet<>()).add(r.get("customer_id")));
    Set<String> added = new HashSet<>(now.keySet());
    added.removeAll(before.keySet());
    Set<String> removed = new HashSet<>(before.keySet());
    removed.removeAll(now.keySet());
    Set<String> scored = now.keySet().stream().filter(id -> before.containsKey(id) && !movedExpected.contains(id)
        && (!before.get(id).get("value_score").equals(now.get(id).get("value_score"))
            || !before.get(id).get("loyalty_score").equals(now.get(id).get("loyalty_score")))).collect(Collectors.toSet());
    assertThat(changes.getOrDefault("added", Set.of())).as("added").isEqualTo(added);
    assertThat(changes.getOrDefault("removed", Set.of())).as("removed").isEqualTo(removed);
    assertThat(changes.getOrDefault("tier", Set.of())).as("tier changed").isEqualTo(movedExpected);
    assertThat(changes.getOrDefault("score", Set.of())).as("score changed").isEqualTo(scored);
  }

  @Test
  void winBackAndAnniversariesFollowTheirRules() throws IOException {
    Map<String, Map<String, String>> now = customers(AS_OF);
    Set<String> justLapsed = now.values().stream().filter(r -> r.get("tier").equals("lapsed")
        && Set.of("vip", "key").contains(r.get("previous_tier"))).map(r -> r.get("customer_id")).collect(Collectors.toSet());
    // the first date has no list to carry, so the second date's list is exactly who lapsed from vip or key in between
    assertThat(ids(rows(file("win_back")))).isEqualTo(justLapsed);

    LocalDate asOf = LocalDate.parse(AS_OF);
    Set<String> coming = new HashSet<>();
    for (Map<String, String> r : now.values()) {
      if (!Set.of("vip", "key").contains(r.get("tier"))) {
        continue;
      }
      LocalDate first = asOf.minusDays(Long.parseLong(r.get("tenure_days")));
      for (int d = 1; d <= 7; d++) {
        LocalDate day = asOf.plusDays(d);
        if (day.getYear() > first.getYear() && first.plusYears(day.getYear() - first.getYear()).equals(day)) {
          coming.add(r.get("customer_id"));
        }
      }
    }
    List<Map<String, String>> anniversaries = rows(file("anniversaries"));
    assertThat(ids(anniversaries)).isEqualTo(coming);
    for (Map<String, String> r : anniversaries) {
      LocalDate day = LocalDate.parse(r.get("anniversary"));
      assertThat(day).isAfter(asOf).isBeforeOrEqualTo(asOf.plusDays(7));
      assertThat(LocalDate.parse(r.get("first_purchase_date")).plusYears(Long.parseLong(r.get("years")))).isEqualTo(day);
    }
  }

  @Test
  void theSamplePlaybookFillsTheActionColumnsOfTheTierFilesAndTheLists() throws IOException {
    List<String> header = cells(Files.readAllLines(file("vip")).get(0));
    assertThat(header).isEqualTo(SegmentColumns.TIER_FILE);
    for (Map<String, String> r : customers(AS_OF).values()) {
      String movement = r.get("movement");
      if (r.get("previous_tier").isEmpty()) {
        assertThat(movement).isEqualTo("new");
      } else if (r.get("previous_tier").equals(r.get("tier"))) {
        assertThat(movement).isEmpty();
      } else {
        assertThat(movement).isNotEmpty();
      }
      assertThat(r.get("recommended_action")).as("every customer has a play in the sample playbook").isNotEmpty();
      assertThat(r.get("contact_cadence")).isNotEmpty();
      if (movement.isEmpty() && r.get("tier").equals("vip")) {
        assertThat(r.get("recommended_action")).isEqualTo("personal account manager; early access and invitations");
      }
      if (movement.equals("entered_key")) {
        assertThat(r.get("recommended_action")).isEqualTo("welcome to the loyalty programme");
      }
    }
    for (Map<String, String> r : rows(file("moved"))) {
      assertThat(r.get("recommended_action")).isNotEmpty();
    }
  }
}
