package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tiers backtest} on the bundled sample (a real CLI run): tiers as of 2026-08-15 measured
 * against 2026-08-16 .. 2026-11-15. Asserts the structure and invariants of the figures, and that
 * nothing was published in the user's warehouse. One backtest (with {@code --csv}) serves both tests:
 * what it left in the warehouse is listed before the report's test publishes a date there.
 */
class BacktestCommandTest {
  static final List<String> TIERS = List.of("vip", "key", "ordinary", "potential", "lapsed");
  @TempDir static Path dir;
  static Path warehouse;
  static Path table;
  static String config;
  static CliRunner backtest;
  static boolean publishedAfterBacktest;
  static List<String> backtestFolder;

  @BeforeAll
  static void backtestTheSample() throws Exception {
    warehouse = dir.resolve("wh");
    table = dir.resolve("backtest.csv");
    config = ProjectPaths.root().resolve("sample-data/tiers.yaml").toString();
    backtest = CliRunner.run("backtest", "--config", config, "--warehouse", warehouse.toString(),
        "--calibration-end", "2026-08-15", "--holdout-end", "2026-11-15", "--csv", table.toString());
    publishedAfterBacktest = Files.exists(warehouse.resolve("published"));
    backtestFolder = List.of();
    if (Files.isDirectory(warehouse.resolve("_backtest"))) {
      try (Stream<Path> left = Files.list(warehouse.resolve("_backtest"))) {
        backtestFolder = left.map(f -> f.getFileName().toString()).toList();
      }
    }
  }

  @Test
  void theReportOfADateAfterTheHoldoutShowsTheBacktestInHeadlessChromium() throws Exception {
    assertThat(backtest.exitCode()).as("exit code; stderr: %s", backtest.err()).isZero();
    assertThat(backtest.out()).contains("backtest: results kept for the report in");
    CliRunner run = CliRunner.run("run", "--config", config, "--warehouse", warehouse.toString());
    assertThat(run.exitCode()).as("sample run; stderr: %s", run.err()).isZero();

    Path report = Published.exports(warehouse, "2026-11-15").resolve("report_2026-11-15.html");
    String html = Files.readString(report);
    assertThat(html).contains("Backtest: do the tiers predict?").contains("Backtest: capture curves")
        .contains("Backtest: predicted against actual purchases").contains("tiers then value score")
        .contains("Tiers as of 2026-08-15 from the data up to that day")
        .as("the value model fitted on the calibration period").contains("Mean holdout purchases per customer, predicted by the value model")
        .doesNotContain("no value model prediction");
    java.util.regex.Matcher declared = java.util.regex.Pattern.compile("data-charts=\"(\\d+)\"").matcher(html);
    assertThat(declared.find()).isTrue();
    int charts = Integer.parseInt(declared.group(1));
    assertThat(charts).as("the report's charts and the three of the backtest").isGreaterThanOrEqualTo(12);

    HeadlessChromium.Result dom = HeadlessChromium.ensure().dumpDom(report, dir);
    assertThat(dom.exitCode()).as("chromium --dump-dom; log: %s", dom.log()).isZero();
    assertThat(dom.stdout().split("<svg class=\"chart\"", -1).length - 1).as("SVG charts in the rendered DOM").isEqualTo(charts);
    assertThat(dom.consoleAndNetworkErrors()).as("console messages and network errors").isEmpty();
  }

  @Test
  void backtestOfTheSampleHasConsistentFiguresAndPublishesNothing() throws Exception {
    CliRunner r = backtest;
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
    assertThat(r.out()).contains("Backtest: tiers as of 2026-08-15, holdout 2026-08-16 .. 2026-11-15")
        .contains("tiers then value score").contains("vip+key against the true top 20%");
    assertThat(publishedAfterBacktest).as("nothing published in the user's warehouse").isFalse();
    assertThat(backtestFolder).as("scratch warehouse deleted, the results kept for the report")
        .containsExactly("2026-08-15_2026-11-15.json"); // no .crc beside it

    Map<String, String> v = new HashMap<>();
    List<String> lines = Files.readAllLines(table);
    assertThat(lines.get(0)).isEqualTo("section,subject,metric,value");
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertThat(f).as("four fields in %s", line).hasSize(4);
      v.put(f[0] + "/" + f[1] + "/" + f[2], f[3]);
    }
    long customers = Long.parseLong(v.get("all/customers/customers"));
    double revenue = Double.parseDouble(v.get("all/customers/holdout_revenue"));
    assertThat(customers).as("tiered customers").isGreaterThan(1000);
    assertThat(revenue).as("holdout revenue").isPositive();
    assertThat(TIERS.stream().mapToLong(t -> Long.parseLong(v.get("tier/" + t + "/customers"))).sum()).isEqualTo(customers);
    assertThat(TIERS.stream().mapToDouble(t -> Double.parseDouble(v.get("tier/" + t + "/customers_share"))).sum())
        .isCloseTo(1.0, offset(1e-5));
    assertThat(TIERS.stream().mapToDouble(t -> Double.parseDouble(v.get("tier/" + t + "/holdout_revenue_share"))).sum())
        .isCloseTo(1.0, offset(1e-5));
    assertThat(TIERS.stream().mapToDouble(t -> Double.parseDouble(v.get("tier/" + t + "/holdout_purchases_share"))).sum())
        .isCloseTo(1.0, offset(1e-5));
    for (String t : TIERS) {
      long n = Long.parseLong(v.get("tier/" + t + "/customers"));
      if (n > 0) {
        assertThat(Double.parseDouble(v.get("tier/" + t + "/mean_holdout_revenue")))
            .as("mean holdout revenue of %s", t)
            .isCloseTo(Double.parseDouble(v.get("tier/" + t + "/holdout_revenue")) / n, offset(1e-4));
        assertThat(Long.parseLong(v.get("tier/" + t + "/came_back"))).isBetween(0L, n);
      }
    }
    long top = Long.parseLong(v.get("vip_key/top_20pct_spenders/size"));
    assertThat(top).as("true top 20%").isBetween(1L, (long) Math.ceil(customers * 0.2));
    assertThat(TIERS.stream().mapToLong(t -> Long.parseLong(v.get("tier/" + t + "/in_top_spenders"))).sum()).isEqualTo(top);
    assertThat(Double.parseDouble(v.get("vip_key/top_20pct_spenders/precision"))).isBetween(0.0, 1.0);

    assertThat(Double.parseDouble(v.get("gini/holdout_revenue/normalised_gini"))).as("Gini of the perfect order").isCloseTo(1.0, offset(1e-9));
    double previous = 0;
    for (int p : List.of(1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100)) {
      double perfect = Double.parseDouble(v.get("capture/holdout_revenue/top_" + p + "pct"));
      // The perfect order puts the customers whose holdout refunds exceed their purchases (negative
      // holdout revenue) last, so its capture rises to at least 1 and can only come back down to 1
      // over that tail.
      if (p < 100 && perfect < 1.0) {
        assertThat(perfect).as("perfect capture at %d%% never falls before it reaches the whole revenue", p)
            .isGreaterThanOrEqualTo(previous - 1e-9);
      }
      previous = perfect;
      for (String order : List.of("tiers_then_value", "tiers", "value_score", "clv", "rfm", "calibration_spend")) {
        assertThat(Double.parseDouble(v.get("capture/" + order + "/top_" + p + "pct")))
            .as("capture of %s at %d%% is at most the perfect order's", order, p).isLessThanOrEqualTo(perfect + 1e-9);
      }
    }
    for (String order : List.of("tiers_then_value", "value_score", "calibration_spend")) {
      assertThat(Double.parseDouble(v.get("capture/" + order + "/top_100pct"))).isCloseTo(1.0, offset(1e-9));
      assertThat(Double.parseDouble(v.get("gini/" + order + "/normalised_gini"))).as("Gini of %s", order).isBetween(0.0, 1.0);
    }
  }
}
