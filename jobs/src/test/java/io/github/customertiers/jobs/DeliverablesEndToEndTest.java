package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.report.HtmlReport;
import io.github.customertiers.pipeline.report.MarketingReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What marketing opens, on the sample run: the export files (dated rows, rounded numbers, dictionary,
 * manifest, permissions, stable paths), the HTML report written by the run and by
 * {@code tiers report}, rendered in a real headless Chromium (charts drawn, not blank, no request
 * leaving the file, no console error), and {@code tiers show} for a known and an unknown customer.
 */
class DeliverablesEndToEndTest {
  static final String AS_OF = "2026-11-15";
  static final Pattern CHART = Pattern.compile("<svg class=\"chart\"");
  @TempDir static Path warehouse;
  @TempDir static Path scratch;
  static CliRunner run;

  @BeforeAll
  static void runOnSampleData() {
    run = CliRunner.run("run", "--config", ProjectPaths.root().resolve("sample-data/tiers.yaml").toString(),
        "--warehouse", warehouse.toString());
    assertThat(run.exitCode()).as("sample run; stderr: %s", run.err()).isZero();
  }

  static Path runReport() {
    return Published.exports(warehouse, AS_OF).resolve(MarketingReport.fileName(LocalDate.parse(AS_OF)));
  }

  @Test
  void theRunWritesTheReportBesideTheExportsAndTheCommandWritesTheSameFile() throws IOException {
    assertThat(runReport()).as("report written by the run").exists();
    Path onDemand = scratch.resolve("on-demand.html");
    CliRunner report = CliRunner.run("report", "--warehouse", warehouse.toString(), "--out", onDemand.toString());
    assertThat(report.exitCode()).as("tiers report; stderr: %s", report.err()).isZero();
    assertThat(report.out()).contains("Report of " + AS_OF).contains(onDemand.toString());
    assertThat(Files.readString(onDemand)).as("the report reads the warehouse only, so both are the same")
        .isEqualTo(Files.readString(runReport()));
    String html = Files.readString(onDemand);
    assertThat(html).contains(HtmlReport.CONTENT_SECURITY_POLICY).doesNotContain("<script").doesNotContainPattern("(src|href)=\"(https?:)?//");
    assertThat(Files.size(onDemand)).as("aggregates only: small").isLessThan(2_000_000);
    CliRunner missing = CliRunner.run("report", "--warehouse", warehouse.toString(), "--as-of", "2026-11-14",
        "--out", scratch.resolve("none.html").toString());
    assertThat(missing.exitCode()).as("a date not published").isEqualTo(ExitCode.INPUT_NOT_READY);
    assertThat(missing.err()).contains("2026-11-14 is not published");
  }

  @Test
  void theReportRendersInHeadlessChromiumWithEveryChartAndNoRequestOrConsoleError() throws Exception {
    HeadlessChromium browser = HeadlessChromium.ensure();
    Path html = runReport();
    int declared = declaredCharts(Files.readString(html));
    assertThat(declared).as("charts the report declares").isGreaterThanOrEqualTo(9);

    HeadlessChromium.Result dom = browser.dumpDom(html, scratch);
    assertThat(dom.exitCode()).as("chromium --dump-dom; log: %s", dom.log()).isZero();
    assertThat(count(CHART, dom.stdout())).as("SVG charts in the rendered DOM").isEqualTo(declared);
    assertThat(dom.consoleAndNetworkErrors()).as("console messages and network errors").isEmpty();

    Path png = scratch.resolve("report.png");
    HeadlessChromium.Result shot = browser.screenshot(html, png, scratch);
    assertThat(shot.exitCode()).as("chromium --screenshot; log: %s", shot.log()).isZero();
    assertThat(shot.consoleAndNetworkErrors()).isEmpty();
    BufferedImage image = ImageIO.read(png.toFile());
    int background = image.getRGB(0, 0);
    long differing = 0;
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        int rgb = image.getRGB(x, y);
        colours.add(rgb);
        if (rgb != background) {
          differing++;
        }
      }
    }
    long sampled = (long) ((image.getWidth() + 3) / 4) * ((image.getHeight() + 3) / 4);
    assertThat((double) differing / sampled).as("share of the screenshot that is not background").isGreaterThan(0.2);
    assertThat(colours.size()).as("distinct colours in the screenshot (charts are coloured)").isGreaterThan(50);
  }

  @Test
  void theConsoleScanCatchesABlockedRequest() throws Exception {
    // the check above must be able to fail: the same report with an external image is caught
    HeadlessChromium browser = HeadlessChromium.ensure();
    Path leaking = scratch.resolve("leaking.html");
    Files.writeString(leaking, Files.readString(runReport()).replace("<main>", "<main><img src=\"http://example.invalid/x.png\">"));
    HeadlessChromium.Result dom = browser.dumpDom(leaking, scratch);
    assertThat(dom.consoleAndNetworkErrors()).as("a blocked external image is reported").isNotEmpty();
  }

  @Test
  void showExplainsAKnownCustomerAndExitsFourForAnUnknownOne() throws IOException {
    List<String> vipRows = Files.readAllLines(Published.exports(warehouse, AS_OF).resolve("vip.csv"));
    String customer = vipRows.get(1).split(",")[0];
    CliRunner show = CliRunner.run("show", customer, "--warehouse", warehouse.toString(), "--history");
    assertThat(show.exitCode()).as("tiers show; stderr: %s", show.err()).isZero();
    assertThat(show.out()).contains("customer " + customer + " as of " + AS_OF).containsPattern("(?m)^tier: +vip ")
        .contains("rule:").contains("recency_days").contains("r_score").contains("value_score").contains("p_alive")
        .contains("<- this customer's").contains("history on 1 published date(s)").containsPattern("(?m)^  vip +" + AS_OF + " +" + AS_OF + " +1 ");

    // In its own process too: what a person sees on stdout (the in-process runner captures unbuffered).
    try (ChildRun child = ChildRun.start(Files.createTempDirectory("show-logs"), null, "show", customer, "--warehouse",
        warehouse.toString())) {
      assertThat(child.process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as("tiers show ended").isTrue();
      assertThat(child.process.exitValue()).as("tiers show in its own process").isZero();
      assertThat(Files.readString(child.stdout)).as("stdout of tiers show in its own process")
          .contains("customer " + customer + " as of " + AS_OF).contains("<- this customer's");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }

    CliRunner unknown = CliRunner.run("show", "no-such-customer", "--warehouse", warehouse.toString());
    assertThat(unknown.exitCode()).as("unknown customer").isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(unknown.err()).contains("customer 'no-such-customer' is not published on " + AS_OF);
  }

  @Test
  void exportsCarryTheDateRoundedNumbersADictionaryAndAManifestAndNoSideFiles() throws Exception {
    Path exports = Published.exports(warehouse, AS_OF);
    List<String> columns = io.github.customertiers.pipeline.publish.SegmentColumns.TIER_FILE;
    try (java.util.stream.Stream<Path> files = Files.list(exports)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList()).as("files in the exports folder")
          .noneMatch(n -> n.endsWith(".crc") || n.equals("_SUCCESS") || n.startsWith("_") || n.startsWith("."))
          .contains("columns.csv", "exports_manifest.json", MarketingReport.fileName(LocalDate.parse(AS_OF)));
    }
    List<String> dictionary = Files.readAllLines(exports.resolve("columns.csv"));
    assertThat(dictionary.get(0)).isEqualTo("name,type,unit,meaning");
    assertThat(dictionary.subList(1, dictionary.size()).stream().map(l -> l.split(",")[0]).toList())
        .as("every exported column is in the dictionary").containsExactlyElementsOf(columns);

    int pAlive = columns.indexOf("p_alive");
    int monetary = columns.indexOf("monetary");
    int asOf = columns.indexOf("as_of");
    com.fasterxml.jackson.databind.JsonNode manifest = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(exports.resolve("exports_manifest.json").toFile());
    for (String tier : List.of("vip", "key", "ordinary", "potential", "lapsed")) {
      Path csv = exports.resolve(tier + ".csv");
      List<String> lines = Files.readAllLines(csv);
      assertThat(lines.get(0)).isEqualTo(String.join(",", columns));
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
        assertThat(cells[asOf]).as("as_of of a row of %s", tier).isEqualTo(AS_OF);
        assertThat(cells[pAlive]).as("p_alive of a row of %s", tier).matches("|[01]\\.\\d{4}");
        assertThat(cells[monetary]).as("monetary of a row of %s", tier).matches("-?\\d+\\.\\d{2}");
        for (int i = 0; i < cells.length; i++) {
          if (!io.github.customertiers.pipeline.publish.TierExports.TEXT_COLUMNS.contains(columns.get(i))) {
            assertThat(cells[i]).as("%s of a row of %s: plain notation", columns.get(i), tier).doesNotContainPattern("[eE]");
          }
        }
      }
      com.fasterxml.jackson.databind.JsonNode entry = null;
      for (com.fasterxml.jackson.databind.JsonNode f : manifest.path("files")) {
        if (f.path("file").asText().equals(tier + ".csv")) {
          entry = f;
        }
      }
      assertThat(entry).as("manifest entry of %s.csv", tier).isNotNull();
      assertThat(entry.path("rows").asLong()).as("rows of %s.csv", tier).isEqualTo(lines.size() - 1);
      assertThat(entry.path("sha256").asText()).as("sha256 of %s.csv", tier).isEqualTo(
          java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(csv))));
    }
    assertThat(Files.getPosixFilePermissions(exports.resolve("vip.csv")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    assertThat(Files.getPosixFilePermissions(exports))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
  }

  @Test
  void printedPathsGoThroughTheLivePointer() {
    assertThat(run.out()).contains("Exports:  " + warehouse + "/published/as_of=" + AS_OF + "/current/exports")
        .contains("Report:   " + warehouse + "/published/as_of=" + AS_OF + "/current/exports/report_" + AS_OF + ".html");
    CliRunner print = CliRunner.run("published", "--warehouse", warehouse.toString(), "--as-of", AS_OF, "--print", "exports");
    assertThat(print.exitCode()).isZero();
    assertThat(print.out().trim()).isEqualTo(warehouse + "/published/as_of=" + AS_OF + "/current/exports");
  }

  private static int declaredCharts(String html) {
    Matcher m = Pattern.compile("data-charts=\"(\\d+)\"").matcher(html);
    assertThat(m.find()).as("data-charts attribute").isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static int count(Pattern p, String text) {
    Matcher m = p.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
