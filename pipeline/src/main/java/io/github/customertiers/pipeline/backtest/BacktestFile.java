package io.github.customertiers.pipeline.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.customertiers.pipeline.publish.WarehouseJson;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import io.github.customertiers.pipeline.value.HoldoutGroup;
import io.github.customertiers.pipeline.value.HoldoutReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The results of a backtest kept in the warehouse it was run for, so the report of a published
 * date can show them: {@code <warehouse>/_backtest/<calibration end>_<holdout end>.json} (a later
 * backtest of the same two dates replaces it). Holds the {@link BacktestReport} and, when the value
 * model could be fitted on the calibration period, its predicted against actual holdout purchases
 * per number of repeat purchases ({@link HoldoutReport}, as {@code tiers evaluate-value} prints them).
 */
public final class BacktestFile {
  private static final Pattern NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})_(\\d{4}-\\d{2}-\\d{2})\\.json");

  private BacktestFile() {}

  /**
   * A backtest as read back from its file.
   *
   * @param report the tiers against the holdout
   * @param purchases the value model's predicted against actual mean holdout purchases per group of
   *     customers by repeat purchases in the calibration period ("0" .. "6", "7+"); empty when it could not be fitted
   * @param purchasesNote why {@code purchases} is empty, or a summary of the value model's fit
   */
  public record Saved(BacktestReport report, List<HoldoutGroup> purchases, String purchasesNote) {
    public Saved {
      purchases = List.copyOf(purchases);
    }
  }

  public static Path path(String warehouse, LocalDate calibrationEnd, LocalDate holdoutEnd) {
    return new Path(new WarehouseLayout(warehouse).backtests(), calibrationEnd + "_" + holdoutEnd + ".json");
  }

  /**
   * Writes the results; returns the file.
   *
   * @param purchases the value model's groups ({@link HoldoutReport#groups()}), or null when it could not be fitted
   * @param valueModelNote the value model's fit, or why it could not be fitted
   */
  public static Path write(FileSystem fs, String warehouse, BacktestReport report, List<HoldoutGroup> purchases, String valueModelNote)
      throws IOException {
    ObjectNode root = WarehouseJson.mapper().createObjectNode();
    root.put("calibration_end", report.calibrationEnd().toString());
    root.put("holdout_end", report.holdoutEnd().toString());
    root.put("customers", report.customers());
    number(root, "holdout_revenue", report.holdoutRevenue());
    root.put("holdout_purchases", report.holdoutPurchases());
    root.put("top_spenders", report.topSpenders());
    ArrayNode tiers = root.putArray("tiers");
    for (TierOutcome t : report.tiers()) {
      ObjectNode n = tiers.addObject();
      n.put("tier", t.tier());
      n.put("customers", t.customers());
      number(n, "holdout_revenue", t.holdoutRevenue());
      n.put("holdout_purchases", t.holdoutPurchases());
      n.put("bought_nothing", t.boughtNothing());
      number(n, "returners_revenue", t.returnersRevenue());
      n.put("in_top_spenders", t.inTopSpenders());
    }
    ArrayNode percentiles = root.putArray("percentiles");
    CaptureCurve.PERCENTILES.forEach(percentiles::add);
    ArrayNode rankings = root.putArray("rankings");
    for (RankingQuality r : report.rankings()) {
      ObjectNode n = rankings.addObject();
      n.put("order", r.order().name());
      ArrayNode capture = n.putArray("capture");
      r.capture().forEach(c -> capture.add(Double.isFinite(c) ? c : null));
      number(n, "normalised_gini", r.normalisedGini());
    }
    ObjectNode valueModel = root.putObject("value_model_holdout");
    valueModel.put("note", valueModelNote == null ? "" : valueModelNote);
    ArrayNode groups = valueModel.putArray("groups");
    if (purchases != null) {
      for (HoldoutGroup g : purchases) {
        ObjectNode n = groups.addObject();
        n.put("repeat_purchases", g.repeatPurchases());
        n.put("customers", g.customers());
        number(n, "mean_predicted", g.meanPredicted());
        number(n, "mean_actual", g.meanActual());
      }
    }
    Path file = path(warehouse, report.calibrationEnd(), report.holdoutEnd());
    // A local warehouse gets no Hadoop .crc file beside it (the raw local file system writes none).
    FileSystem target = fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : fs;
    try (OutputStream out = target.create(file, true)) {
      WarehouseJson.mapper().writeValue(out, root);
    }
    return file;
  }

  /** The backtest of the two dates, if one was written. */
  public static Optional<Saved> read(FileSystem fs, Path file) throws IOException {
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    JsonNode root;
    try (InputStream in = fs.open(file)) {
      root = WarehouseJson.mapper().readTree(in);
    }
    List<TierOutcome> tiers = new ArrayList<>();
    for (JsonNode n : root.path("tiers")) {
      tiers.add(new TierOutcome(n.path("tier").asText(), n.path("customers").asLong(), number(n, "holdout_revenue"),
          n.path("holdout_purchases").asLong(), n.path("bought_nothing").asLong(), number(n, "returners_revenue"),
          n.path("in_top_spenders").asLong()));
    }
    List<RankingQuality> rankings = new ArrayList<>();
    for (JsonNode n : root.path("rankings")) {
      RankingOrder order;
      try {
        order = RankingOrder.valueOf(n.path("order").asText());
      } catch (IllegalArgumentException e) {
        continue; // an order of a later version: not shown
      }
      List<Double> capture = new ArrayList<>();
      n.path("capture").forEach(c -> capture.add(c.isNumber() ? c.asDouble() : Double.NaN));
      rankings.add(new RankingQuality(order, capture, number(n, "normalised_gini")));
    }
    BacktestReport report = new BacktestReport(LocalDate.parse(root.path("calibration_end").asText()),
        LocalDate.parse(root.path("holdout_end").asText()), root.path("customers").asLong(), number(root, "holdout_revenue"),
        root.path("holdout_purchases").asLong(), tiers, rankings, root.path("top_spenders").asLong());
    List<HoldoutGroup> groups = new ArrayList<>();
    JsonNode purchases = root.path("value_model_holdout");
    for (JsonNode n : purchases.path("groups")) {
      groups.add(new HoldoutGroup(n.path("repeat_purchases").asText(), n.path("customers").asLong(),
          number(n, "mean_predicted"), number(n, "mean_actual")));
    }
    return Optional.of(new Saved(report, groups, purchases.path("note").asText("")));
  }

  /**
   * The backtest a report of {@code asOf} shows: of those whose holdout ended by {@code asOf}, the
   * one with the latest holdout end, then the latest calibration end.
   */
  public static Optional<Saved> latestFor(FileSystem fs, String warehouse, LocalDate asOf) throws IOException {
    Path folder = new WarehouseLayout(warehouse).backtests();
    if (!fs.exists(folder)) {
      return Optional.empty();
    }
    List<LocalDate[]> found = new ArrayList<>();
    for (FileStatus status : fs.listStatus(folder)) {
      Matcher m = NAME.matcher(status.getPath().getName());
      if (status.isFile() && m.matches()) {
        try {
          LocalDate calibration = LocalDate.parse(m.group(1));
          LocalDate holdout = LocalDate.parse(m.group(2));
          if (!holdout.isAfter(asOf)) {
            found.add(new LocalDate[] {calibration, holdout});
          }
        } catch (DateTimeParseException e) {
          // not one of ours
        }
      }
    }
    Optional<LocalDate[]> latest = found.stream()
        .max(Comparator.<LocalDate[], LocalDate>comparing(d -> d[1]).thenComparing(d -> d[0]));
    return latest.isEmpty() ? Optional.empty() : read(fs, path(warehouse, latest.get()[0], latest.get()[1]));
  }

  private static void number(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name);
    }
  }

  private static double number(JsonNode node, String name) {
    JsonNode v = node.path(name);
    return v.isNumber() ? v.asDouble() : Double.NaN;
  }
}
