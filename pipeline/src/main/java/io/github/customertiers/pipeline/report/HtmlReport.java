package io.github.customertiers.pipeline.report;

import static io.github.customertiers.pipeline.report.SvgCharts.esc;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.customertiers.pipeline.backtest.BacktestFile;
import io.github.customertiers.pipeline.backtest.BacktestReport;
import io.github.customertiers.pipeline.backtest.CaptureCurve;
import io.github.customertiers.pipeline.backtest.RankingOrder;
import io.github.customertiers.pipeline.backtest.RankingQuality;
import io.github.customertiers.pipeline.backtest.TierOutcome;
import io.github.customertiers.pipeline.report.ReportFacts.DatedTierCounts;
import io.github.customertiers.pipeline.report.ReportFacts.MigrationCell;
import io.github.customertiers.pipeline.report.ReportFacts.ParetoPoint;
import io.github.customertiers.pipeline.report.ReportFacts.RfmCell;
import io.github.customertiers.pipeline.report.ReportFacts.TierFacts;
import io.github.customertiers.pipeline.report.SvgCharts.Series;
import io.github.customertiers.pipeline.tiers.Tier;
import io.github.customertiers.pipeline.value.HoldoutGroup;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders {@link ReportFacts} as one self-contained HTML page: inline CSS and SVG, no script, and a
 * Content-Security-Policy that forbids every external request, so the page opens the same from a
 * file share, a mail attachment or a browser with no network. Each chart is followed by its
 * numbers as a table.
 */
public final class HtmlReport {
  /** Blocks any request a page could make: the report must need none. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
  static final Map<String, String> TIER_COLORS = Map.of(
      "vip", "#7c3aed", "key", "#2563eb", "ordinary", "#059669", "potential", "#d97706", "lapsed", "#6b7280");
  private static final List<String> TIERS = java.util.Arrays.stream(Tier.values()).map(Tier::label).toList();
  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#111;margin:0;background:#f8fafc}
      main{max-width:1360px;margin:0 auto;padding:16px 24px}
      h1{font-size:22px;margin:8px 0 2px}h2{font-size:17px;margin:0 0 6px}
      .sub{color:#555;margin:0 0 12px}
      .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(640px,1fr));gap:16px}
      section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px}
      .kpis{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0 16px}
      .kpi{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:8px 14px;min-width:150px}
      .kpi b{display:block;font-size:20px}
      svg.chart{max-width:100%;height:auto;font-size:12px;display:block;margin:4px 0}
      .scroll{overflow-x:auto}table{border-collapse:collapse;font-size:12px;margin:6px 0}
      th,td{border-bottom:1px solid #e5e7eb;padding:2px 8px;text-align:right}
      th:first-child,td:first-child{text-align:left}
      details summary{cursor:pointer;color:#2563eb;font-size:12px}
      .note{color:#555;font-size:12px}.warn{color:#b45309}
      """;

  private int charts;
  private Optional<BacktestFile.Saved> backtest = Optional.empty();

  private HtmlReport() {}

  /** The page of one date. */
  public static String render(ReportFacts facts) {
    return render(facts, Optional.empty());
  }

  /** The page of one date, with the backtest kept in the warehouse when there is one. */
  public static String render(ReportFacts facts, Optional<BacktestFile.Saved> backtest) {
    HtmlReport report = new HtmlReport();
    report.backtest = backtest;
    return report.page(facts);
  }

  private String page(ReportFacts f) {
    StringBuilder body = new StringBuilder();
    body.append(kpis(f));
    body.append("<div class=\"grid\">");
    body.append(tiers(f)).append(pareto(f)).append(history(f)).append(migrations(f)).append(rfm(f))
        .append(distribution(f, "value_score", "Value score by tier", "value score (0..100, percentile of the value basis among buyers: CLV when the value model fitted, else monetary)"))
        .append(distribution(f, "loyalty_score", "Loyalty score by tier", "loyalty score (0..100)"))
        .append(valueModel(f));
    backtest.ifPresent(b -> body.append(backtestTiers(b)).append(backtestCapture(b)).append(backtestPurchases(b)));
    body.append(dataQuality(f)).append(run(f));
    body.append("</div>");
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + CONTENT_SECURITY_POLICY + "\">"
        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        + "<meta name=\"generator\" content=\"customer-tiers " + esc(f.manifest().path("tool_version").asText("")) + "\">"
        + "<title>Customer tiers as of " + f.asOf() + "</title><style>" + CSS + "</style></head>"
        + "<body data-charts=\"" + charts + "\"><main><h1>Customer tiers as of " + f.asOf() + "</h1>"
        + "<p class=\"sub\">Published version " + esc(f.version()) + ". Aggregates only: no customer is listed in this report; "
        + "the per-tier files beside it hold the customers.</p>"
        + body + "</main></body></html>\n";
  }

  private String kpis(ReportFacts f) {
    long customers = f.tiers().stream().mapToLong(TierFacts::customers).sum();
    double revenue = f.tiers().stream().mapToDouble(TierFacts::revenue).sum();
    StringBuilder b = new StringBuilder("<div class=\"kpis\">");
    kpi(b, "customers published", String.format(Locale.ROOT, "%,d", customers));
    kpi(b, "net revenue (scoring window)", money(revenue));
    for (TierFacts t : f.tiers()) {
      if (t.tier().equals("vip") || t.tier().equals("key")) {
        kpi(b, t.tier() + " customers", String.format(Locale.ROOT, "%,d (%s)", t.customers(), percent(share(t.customers(), customers))));
      }
    }
    kpi(b, "top 20% of buyers bring", percent(revenueShareOfTop(f.pareto(), 0.2)) + " of revenue");
    return b.append("</div>").toString();
  }

  private static void kpi(StringBuilder b, String label, String value) {
    b.append("<div class=\"kpi\"><b>").append(esc(value)).append("</b>").append(esc(label)).append("</div>");
  }

  private String tiers(ReportFacts f) {
    long customers = f.tiers().stream().mapToLong(TierFacts::customers).sum();
    double revenue = f.tiers().stream().mapToDouble(t -> Math.max(0, t.revenue())).sum();
    List<String> labels = f.tiers().stream().map(TierFacts::tier).toList();
    double[] customerShare = f.tiers().stream().mapToDouble(t -> share(t.customers(), customers)).toArray();
    double[] revenueShare = f.tiers().stream().mapToDouble(t -> revenue == 0 ? 0 : Math.max(0, t.revenue()) / revenue).toArray();
    String chart = chart(SvgCharts.bars("Share of customers and of revenue by tier", labels,
        List.of(new Series("share of customers", "#93c5fd", customerShare), new Series("share of revenue", "#1d4ed8", revenueShare)),
        HtmlReport::percent));
    Table t = new Table("tier", "customers", "customers %", "revenue", "revenue %", "median value score", "median loyalty", "mean P(alive)",
        "expected value");
    for (int i = 0; i < f.tiers().size(); i++) {
      TierFacts x = f.tiers().get(i);
      t.row(x.tier(), count(x.customers()), percent(customerShare[i]), money(x.revenue()), percent(revenueShare[i]),
          one(x.medianValueScore()), one(x.medianLoyalty()), four(x.meanPAlive()), money(x.expectedValue()));
    }
    return section("Tiers: size and revenue", chart, t.html(),
        "Revenue is the net spend (orders less refunds) in the scoring window; shares of revenue count positive tier totals only.");
  }

  private String pareto(ReportFacts f) {
    List<ParetoPoint> points = f.pareto();
    double[] xs = points.stream().mapToDouble(ParetoPoint::customerShare).toArray();
    double[] ys = points.stream().mapToDouble(ParetoPoint::revenueShare).toArray();
    String chart = chart(SvgCharts.lines("Share of revenue by share of buyers, most valuable first", xs,
        List.of(new Series("cumulative share of revenue", "#1d4ed8", ys)),
        i -> tickAtShare(xs, i), 1.0, HtmlReport::percent, true));
    Table t = new Table("top share of buyers", "share of revenue");
    for (double q : new double[] {0.01, 0.05, 0.10, 0.20, 0.50, 0.80}) {
      t.row(percent(q), percent(revenueShareOfTop(points, q)));
    }
    return section("Pareto: who brings the revenue", chart, t.html(), String.format(Locale.ROOT,
        "Buyers with a positive net value, most valuable first. The top 20%% bring %s of revenue "
            + "(the dashed line is every buyer bringing the same).", percent(revenueShareOfTop(points, 0.2))));
  }

  private String history(ReportFacts f) {
    List<DatedTierCounts> dates = f.history();
    double[] xs = new double[dates.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = dates.get(0).asOf().until(dates.get(i).asOf(), ChronoUnit.DAYS);
    }
    List<Series> series = new ArrayList<>();
    double max = 0;
    for (String tier : TIERS) {
      double[] v = dates.stream().mapToDouble(d -> d.customers().getOrDefault(tier, 0L)).toArray();
      for (double x : v) {
        max = Math.max(max, x);
      }
      series.add(new Series(tier, TIER_COLORS.get(tier), v));
    }
    int every = Math.max(1, (int) Math.ceil(dates.size() / 6.0));
    String chart = chart(SvgCharts.lines("Customers per tier on each published date", xs, series,
        i -> i % every == 0 || i == dates.size() - 1 ? dates.get(i).asOf().toString().substring(5) : null,
        niceMax(max), v -> String.format(Locale.ROOT, "%,.0f", v), false));
    List<String> header = new ArrayList<>(List.of("as_of"));
    header.addAll(TIERS);
    Table t = new Table(header.toArray(String[]::new));
    for (int i = dates.size() - 1; i >= 0; i--) {
      DatedTierCounts d = dates.get(i);
      List<String> cells = new ArrayList<>(List.of(d.asOf().toString()));
      TIERS.forEach(x -> cells.add(count(d.customers().getOrDefault(x, 0L))));
      t.row(cells.toArray(String[]::new));
    }
    return section("Tiers over the published dates", chart, details("customers per tier and date", t.html()), dates.size()
        + " published date(s) up to this one (at most " + ReportFactsReader.HISTORY_DATES + ").");
  }

  private String migrations(ReportFacts f) {
    String previous = f.manifest().path("previous_as_of").asText(null);
    if (f.migrations().isEmpty()) {
      return section("Movement since the previous date", "", "", "No migration matrix: no earlier published date.");
    }
    List<String> from = new ArrayList<>(TIERS);
    from.add("new");
    double[][] values = new double[from.size()][TIERS.size()];
    String[][] text = new String[from.size()][TIERS.size()];
    for (String[] row : text) {
      java.util.Arrays.fill(row, "");
    }
    long up = 0;
    long down = 0;
    long stayed = 0;
    long entered = 0;
    for (MigrationCell m : f.migrations()) {
      int r = from.indexOf(m.from());
      int c = TIERS.indexOf(m.to());
      if (r < 0 || c < 0) {
        continue;
      }
      values[r][c] += m.customers();
      text[r][c] = count((long) values[r][c]);
      if (m.from().equals("new")) {
        entered += m.customers();
      } else if (r == c) {
        stayed += m.customers();
      } else if (c < r) {
        up += m.customers();
      } else {
        down += m.customers();
      }
    }
    boolean isPrevious = previous != null && !previous.equals("null");
    String chart = chart(SvgCharts.heatmap("Customers by tier on the previous date and now", "from (" + (isPrevious ? previous : "previous") + ")",
        "to (" + f.asOf() + ")", from, TIERS, values, text, "#1d4ed8"));
    Table t = new Table("movement", "customers");
    t.row("moved up (to a higher tier)", count(up));
    t.row("moved down (to a lower tier)", count(down));
    t.row("stayed", count(stayed));
    t.row("new to the segments", count(entered));
    t.row("vip or key who became lapsed", count(f.manifest().path("vip_or_key_became_lapsed").asLong()));
    Table cells = new Table("from", "to", "customers", "revenue");
    f.migrations().forEach(m -> cells.row(m.from(), m.to(), count(m.customers()), money(m.revenue())));
    return section("Movement since the previous date", chart, t.html() + details("migration matrix", cells.html()),
        "Tier order vip > key > ordinary > potential > lapsed; rows are the tier on " + (isPrevious ? previous : "the previous date")
            + ", columns the tier now. The customers who moved are in the per-tier files (previous_tier, tier_since).");
  }

  private String rfm(ReportFacts f) {
    List<String> rows = List.of("R 5", "R 4", "R 3", "R 2", "R 1");
    List<String> cols = List.of("F 1", "F 2", "F 3", "F 4", "F 5");
    double[][] values = new double[5][5];
    String[][] text = new String[5][5];
    for (double[] row : values) {
      java.util.Arrays.fill(row, Double.NaN);
    }
    for (String[] row : text) {
      java.util.Arrays.fill(row, "");
    }
    Table t = new Table("r_score", "f_score", "buyers", "mean monetary");
    for (RfmCell c : f.rfm()) {
      if (c.r() < 1 || c.r() > 5 || c.f() < 1 || c.f() > 5) {
        continue;
      }
      values[5 - c.r()][c.f() - 1] = c.customers();
      text[5 - c.r()][c.f() - 1] = count(c.customers()) + " · " + compactMoney(c.meanMonetary());
      t.row(String.valueOf(c.r()), String.valueOf(c.f()), count(c.customers()), money(c.meanMonetary()));
    }
    String chart = chart(SvgCharts.heatmap("Buyers by recency and frequency score", "recency score", "frequency score",
        rows, cols, values, text, "#059669"));
    return section("RFM grid", chart, details("cells", t.html()),
        "Each cell: buyers (shade) · their mean net spend. R 5 bought most recently, F 5 most often (quintiles among buyers; ties share a bucket).");
  }

  private String distribution(ReportFacts f, String score, String title, String axis) {
    Map<String, long[]> bins = f.histograms().get(score);
    List<long[]> rows = TIERS.stream().map(bins::get).toList();
    String chart = chart(SvgCharts.histograms(title + " (customers per tenth of the range)", TIERS,
        TIERS.stream().map(TIER_COLORS::get).toList(), rows, b -> String.valueOf(b * 10)));
    Table t = new Table("tier", "min", "median", "max");
    for (TierFacts x : f.tiers()) {
      if (score.equals("value_score")) {
        t.row(x.tier(), x.valueScoreMin() == null ? "-" : String.valueOf(x.valueScoreMin()), one(x.medianValueScore()),
            x.valueScoreMax() == null ? "-" : String.valueOf(x.valueScoreMax()));
      } else {
        t.row(x.tier(), one(x.loyaltyMin()), one(x.medianLoyalty()), one(x.loyaltyMax()));
      }
    }
    Table counts = binTable(rows, b -> (b * 10) + "-" + (b == 9 ? 100 : b * 10 + 9));
    return section(title, chart, t.html() + details("customers per bin", counts.html()),
        "x axis: " + axis + ". The min and max per tier are the cut points the tiering produced on this date"
            + (score.equals("value_score") ? " (prospects without a purchase have no value score)." : "."));
  }

  private String valueModel(ReportFacts f) {
    JsonNode v = f.manifest().path("value_model");
    boolean fitted = v.path("fitted").asBoolean(false);
    Table t = new Table("", "");
    t.row("fitted", fitted ? "yes" : "no (value score falls back to monetary)");
    t.row("reason", v.path("reason").asText("-"));
    t.row("value basis", v.path("value_basis").asText("-"));
    t.row("time unit", key(v, "time_unit", "timeUnit").asText("-"));
    t.row("customers / repeat buyers", count(v.path("customers").asLong()) + " / " + count(key(v, "repeat_buyers", "repeatBuyers").asLong()));
    JsonNode bg = key(v, "bg_nbd", "bgNbd");
    if (fitted) {
      t.row("BG/NBD r, alpha, a, b", String.format(Locale.ROOT, "%.4f, %.4f, %.4f, %.4f", bg.path("r").asDouble(),
          bg.path("alpha").asDouble(), bg.path("a").asDouble(), bg.path("b").asDouble()));
      JsonNode gg = key(v, "gamma_gamma", "gammaGamma");
      t.row("Gamma-Gamma p, q, gamma", String.format(Locale.ROOT, "%.4f, %.4f, %.4f", gg.path("p").asDouble(),
          gg.path("q").asDouble(), gg.path("gamma").asDouble()));
    }
    t.row("fit time", count(key(v, "fit_duration_ms", "fitDurationMs").asLong()) + " ms");
    String chart = "";
    String bins = "";
    if (fitted) {
      List<long[]> rows = TIERS.stream().map(f.histograms().get("p_alive")::get).toList();
      chart = chart(SvgCharts.histograms("P(alive) by tier (customers per tenth)", TIERS, TIERS.stream().map(TIER_COLORS::get).toList(),
          rows, b -> String.format(Locale.ROOT, "%.1f", b / 10.0)));
      bins = details("customers per P(alive) bin", binTable(rows, b -> String.format(Locale.ROOT, "%.1f-%.1f", b / 10.0, (b + 1) / 10.0)).html());
    }
    return section("Value model (BG/NBD and Gamma-Gamma)", chart, t.html() + bins,
        backtest.isPresent() ? "Predicted against actual purchases on a holdout period: see the backtest below."
            : "No holdout evaluation is published with a date; `tiers backtest` (shown in the report once run for this warehouse)"
                + " and `tiers evaluate-value` compare predicted with actual purchases on a holdout period.");
  }

  /** A key of the manifest's value_model entry: snake_case, or the camelCase of older manifests. */
  private static JsonNode key(JsonNode valueModel, String snakeCase, String camelCase) {
    return valueModel.has(snakeCase) ? valueModel.path(snakeCase) : valueModel.path(camelCase);
  }

  private String dataQuality(ReportFacts f) {
    JsonNode inputs = f.manifest().path("inputs");
    List<String> feeds = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    String[] measures = {"read", "loaded", "quarantined", "duplicates", "filtered"};
    Table feedTable = new Table("feed", "read", "loaded", "quarantined", "duplicates", "filtered", "quarantined by reason");
    Table fileTable = new Table("feed", "file", "status", "read", "loaded", "quarantined", "duplicates", "filtered");
    for (JsonNode feed : inputs) {
      feeds.add(feed.path("feed").asText());
      double[] v = new double[measures.length];
      for (int i = 0; i < measures.length; i++) {
        v[i] = feed.path(measures[i]).asDouble();
      }
      values.add(v);
      feedTable.row(feed.path("feed").asText(), count(feed.path("read").asLong()), count(feed.path("loaded").asLong()),
          count(feed.path("quarantined").asLong()), count(feed.path("duplicates").asLong()), count(feed.path("filtered").asLong()),
          reasons(feed.path("quarantined_by_reason")));
      for (JsonNode file : feed.path("files")) {
        fileTable.row(feed.path("feed").asText(), file.path("file").asText(), file.path("status").asText(),
            count(file.path("read").asLong()), count(file.path("loaded").asLong()), count(file.path("quarantined").asLong()),
            count(file.path("duplicates").asLong()), count(file.path("filtered").asLong()));
      }
    }
    List<Series> series = new ArrayList<>();
    String[] colors = {"#9ca3af", "#059669", "#dc2626", "#d97706", "#2563eb"};
    for (int i = 0; i < measures.length; i++) {
      int m = i;
      series.add(new Series(measures[i], colors[i], values.stream().mapToDouble(v -> v[m]).toArray()));
    }
    String chart = feeds.isEmpty() ? "" : chart(SvgCharts.bars("Rows of this run's ingest per feed", feeds, series,
        v -> String.format(Locale.ROOT, "%,.0f", v)));
    Table fresh = new Table("feed", "newest event of a published customer", "days before the as-of date");
    fresh.row("transactions", f.newestPurchase() == null ? "-" : f.newestPurchase().toString(),
        f.newestPurchase() == null ? "-" : String.valueOf(f.newestPurchase().until(f.asOf(), ChronoUnit.DAYS)));
    fresh.row("interactions", f.newestInteraction() == null ? "-" : f.newestInteraction().toString(),
        f.newestInteraction() == null ? "-" : String.valueOf(f.newestInteraction().until(f.asOf(), ChronoUnit.DAYS)));
    return section("Data quality and freshness", chart, feedTable.html() + fresh.html() + details("per file", fileTable.html()),
        "Rows of the ingest that ran with this date: read = loaded + quarantined + duplicates + filtered. "
            + "Files ingested by earlier runs are counted there. Freshness: the newest purchase and interaction among published customers.");
  }

  private String run(ReportFacts f) {
    JsonNode m = f.manifest();
    List<String> stages = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = m.path("stage_millis").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      stages.add(e.getKey());
      seconds.add(e.getValue().asDouble() / 1000.0);
    }
    String chart = stages.isEmpty() ? "" : chart(SvgCharts.bars("Duration per stage (seconds)", stages,
        List.of(new Series("", "#6b7280", seconds.stream().mapToDouble(Double::doubleValue).toArray())),
        v -> String.format(Locale.ROOT, "%.1f s", v)));
    Table t = new Table("", "");
    t.row("tool version", m.path("tool_version").asText("-"));
    t.row("run id", m.path("run_id").asText("-"));
    t.row("version", f.version());
    t.row("config digest", m.path("config_digest").asText("-"));
    t.row("previous published date", m.path("previous_as_of").isNull() ? "-" : m.path("previous_as_of").asText("-"));
    JsonNode c = m.path("clustering");
    t.row("clusters (k), silhouette", c.path("k").isNull() || c.path("k").isMissingNode() ? "not clustered"
        : c.path("k").asText() + ", " + String.format(Locale.ROOT, "%.3f", c.path("silhouette").asDouble()));
    for (int i = 0; i < stages.size(); i++) {
      t.row("stage " + stages.get(i), String.format(Locale.ROOT, "%.1f s", seconds.get(i)));
    }
    return section("The run", chart, t.html(), "");
  }

  private String backtestTiers(BacktestFile.Saved saved) {
    BacktestReport b = saved.report();
    List<String> labels = b.tiers().stream().map(TierOutcome::tier).toList();
    double[] customers = b.tiers().stream().mapToDouble(t -> ratio(t.customers(), b.customers())).toArray();
    double[] revenue = b.tiers().stream().mapToDouble(t -> b.holdoutRevenue() == 0 ? 0 : Math.max(0, t.holdoutRevenue()) / b.holdoutRevenue())
        .toArray();
    String chart = chart(SvgCharts.bars("Share of customers and of holdout revenue by tier as of " + b.calibrationEnd(), labels,
        List.of(new Series("share of customers", "#93c5fd", customers), new Series("share of holdout revenue", "#1d4ed8", revenue)),
        HtmlReport::percent));
    Table t = new Table("tier", "customers", "customers %", "holdout revenue %", "holdout purchases %", "mean holdout revenue",
        "bought nothing", "came back", "their spend", "in true top " + BacktestReport.TOP_SPENDERS_PERCENT + "%");
    for (TierOutcome x : b.tiers()) {
      t.row(x.tier(), count(x.customers()), percent(ratio(x.customers(), b.customers())),
          percent(b.holdoutRevenue() == 0 ? 0 : x.holdoutRevenue() / b.holdoutRevenue()),
          percent(ratio(x.holdoutPurchases(), b.holdoutPurchases())),
          Double.isNaN(x.meanHoldoutRevenue()) ? "-" : money(x.meanHoldoutRevenue()),
          Double.isNaN(x.boughtNothingShare()) ? "-" : percent(x.boughtNothingShare()), count(x.boughtAgain()),
          money(x.returnersRevenue()), count(x.inTopSpenders()));
    }
    return section("Backtest: do the tiers predict?", chart, t.html(), String.format(Locale.ROOT,
        "Tiers as of %s from the data up to that day (tiers backtest), against what each customer bought from %s to %s: "
            + "%s customers, holdout revenue %s. vip+key against the true top %d%% of holdout spenders (%s customers): "
            + "precision %s, recall %s. For lapsed, \"came back\" counts the customers the tier wrote off who bought again.",
        b.calibrationEnd(), b.calibrationEnd().plusDays(1), b.holdoutEnd(), count(b.customers()), money(b.holdoutRevenue()),
        BacktestReport.TOP_SPENDERS_PERCENT, count(b.topSpenders()), percentOrDash(b.vipKeyPrecision()),
        percentOrDash(b.vipKeyRecall())));
  }

  private String backtestCapture(BacktestFile.Saved saved) {
    BacktestReport b = saved.report();
    List<Integer> at = CaptureCurve.PERCENTILES;
    double[] xs = new double[at.size() + 1];
    for (int i = 0; i < at.size(); i++) {
      xs[i + 1] = at.get(i) / 100.0;
    }
    List<String> colors = List.of("#1d4ed8", "#93c5fd", "#059669", "#a855f7", "#f59e0b", "#64748b", "#111827");
    List<Series> series = new java.util.ArrayList<>();
    Table t = new Table(java.util.stream.Stream.concat(java.util.stream.Stream.of("order"),
        java.util.stream.Stream.concat(at.stream().map(p -> "top " + p + "%"), java.util.stream.Stream.of("normalised Gini")))
        .toArray(String[]::new));
    int i = 0;
    for (RankingQuality r : b.rankings()) {
      double[] ys = new double[at.size() + 1];
      for (int k = 0; k < at.size() && k < r.capture().size(); k++) {
        ys[k + 1] = Double.isNaN(r.capture().get(k)) ? 0 : r.capture().get(k);
      }
      if (r.order() != RankingOrder.CLV) { // CLV is the value score's basis: the same curve, in the table only
        series.add(new Series(r.order().label(), colors.get(i % colors.size()), ys));
        i++;
      }
      List<String> cells = new java.util.ArrayList<>();
      cells.add(r.order().label());
      r.capture().forEach(c -> cells.add(percentOrDash(c)));
      cells.add(Double.isNaN(r.normalisedGini()) ? "-" : String.format(Locale.ROOT, "%.3f", r.normalisedGini()));
      t.row(cells.toArray(String[]::new));
    }
    String chart = chart(SvgCharts.lines("Share of holdout revenue bought by the top x% of customers, by order", xs, series,
        k -> k == 0 || at.get(k - 1) % 20 == 0 || at.get(k - 1) == 10 ? percent(xs[k]) : null, 1.0, HtmlReport::percent, true));
    return section("Backtest: capture curves", chart, t.html(),
        "Each order ranks the customers tiered as of " + b.calibrationEnd() + " best first; the curve is the share of the "
            + "holdout revenue its top x% bought (the dashed line: a random order). Normalised Gini: 1 is the order by holdout "
            + "revenue itself, 0 a random order. \"Tiers then value score\" should rank at least as well as the value score alone.");
  }

  private String backtestPurchases(BacktestFile.Saved saved) {
    List<HoldoutGroup> groups = saved.purchases();
    if (groups.isEmpty()) {
      return section("Backtest: predicted against actual purchases", "", "", saved.purchasesNote());
    }
    List<String> labels = groups.stream().map(g -> g.repeatPurchases() + " repeat purchases").toList();
    double[] predicted = groups.stream().mapToDouble(g -> Double.isNaN(g.meanPredicted()) ? 0 : g.meanPredicted()).toArray();
    double[] actual = groups.stream().mapToDouble(g -> Double.isNaN(g.meanActual()) ? 0 : g.meanActual()).toArray();
    String chart = chart(SvgCharts.bars("Mean holdout purchases per customer, predicted by the value model and actual", labels,
        List.of(new Series("predicted (BG/NBD)", "#93c5fd", predicted), new Series("actual", "#1d4ed8", actual)),
        v -> String.format(Locale.ROOT, "%.2f", v)));
    Table t = new Table("repeat purchases up to " + saved.report().calibrationEnd(), "customers", "mean predicted", "mean actual");
    for (HoldoutGroup g : groups) {
      t.row(g.repeatPurchases(), count(g.customers()), four(g.meanPredicted()), four(g.meanActual()));
    }
    return section("Backtest: predicted against actual purchases", chart, t.html(), saved.purchasesNote()
        + ". Customers grouped by their repeat purchases in the calibration period, as tiers evaluate-value prints them.");
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  private static String percentOrDash(double share) {
    return Double.isNaN(share) ? "-" : percent(share);
  }

  private String chart(String svg) {
    charts++;
    return svg;
  }

  private static Table binTable(List<long[]> rows, java.util.function.IntFunction<String> binName) {
    List<String> header = new ArrayList<>(List.of("bin"));
    header.addAll(TIERS);
    Table t = new Table(header.toArray(String[]::new));
    for (int b = 0; b < 10; b++) {
      List<String> cells = new ArrayList<>(List.of(binName.apply(b)));
      for (long[] r : rows) {
        cells.add(count(r[b]));
      }
      t.row(cells.toArray(String[]::new));
    }
    return t;
  }

  private static String reasons(JsonNode byReason) {
    List<String> parts = new ArrayList<>();
    byReason.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + count(e.getValue().asLong())));
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  private static String section(String title, String chart, String tables, String note) {
    return "<section><h2>" + esc(title) + "</h2>" + chart + tables
        + (note.isEmpty() ? "" : "<p class=\"note\">" + esc(note) + "</p>") + "</section>";
  }

  private static String details(String summary, String html) {
    return "<details><summary>" + esc(summary) + "</summary>" + html + "</details>";
  }

  /** Share of revenue of the top {@code q} of buyers, interpolated linearly on the curve. */
  static double revenueShareOfTop(List<ParetoPoint> points, double q) {
    for (int i = 1; i < points.size(); i++) {
      ParetoPoint a = points.get(i - 1);
      ParetoPoint b = points.get(i);
      if (b.customerShare() >= q) {
        double span = b.customerShare() - a.customerShare();
        return span <= 0 ? b.revenueShare() : a.revenueShare() + (q - a.customerShare()) / span * (b.revenueShare() - a.revenueShare());
      }
    }
    return points.isEmpty() ? 0 : points.get(points.size() - 1).revenueShare();
  }

  private static String tickAtShare(double[] xs, int i) {
    // a tick at each point closest to 0, 20 %, ..., 100 % of buyers
    for (int k = 0; k <= 5; k++) {
      double q = k / 5.0;
      int best = 0;
      for (int j = 1; j < xs.length; j++) {
        if (Math.abs(xs[j] - q) < Math.abs(xs[best] - q)) {
          best = j;
        }
      }
      if (best == i) {
        return percent(q);
      }
    }
    return null;
  }

  private static double niceMax(double max) {
    if (max <= 0) {
      return 1;
    }
    double step = Math.pow(10, Math.floor(Math.log10(max)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * step >= max) {
        return m * step;
      }
    }
    return 10 * step;
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String money(double v) {
    return String.format(Locale.ROOT, "%,.2f", v);
  }

  private static String compactMoney(double v) {
    return Math.abs(v) >= 10_000 ? String.format(Locale.ROOT, "%,.0fk", v / 1000) : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String one(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String four(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String four(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** A plain HTML table of text cells (escaped). */
  private static final class Table {
    private final StringBuilder html = new StringBuilder("<table><thead><tr>");

    Table(String... header) {
      for (String h : header) {
        html.append("<th>").append(esc(h)).append("</th>");
      }
      html.append("</tr></thead><tbody>");
    }

    void row(String... cells) {
      html.append("<tr>");
      for (String c : cells) {
        html.append("<td>").append(esc(c)).append("</td>");
      }
      html.append("</tr>");
    }

    String html() {
      return "<div class=\"scroll\">" + html + "</tbody></table></div>";
    }
  }
}
