package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.cluster.SegmentModel;
import io.github.customertiers.pipeline.config.Windows;
import io.github.customertiers.pipeline.ingest.InvalidInputException;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.PublishedDates;
import io.github.customertiers.pipeline.report.CustomerLookup;
import io.github.customertiers.pipeline.report.CustomerLookup.TierSpell;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tiers show CUSTOMER_ID}: why one customer is in their tier, from the warehouse only. */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Explain one customer on a published date: features, each score with the range of customers who got "
        + "the same score (the cut points), the value model's numbers, the cluster and the distance to each centroid, "
        + "the rule that decided the tier, and with --history the tier on every published date. Reads the warehouse only."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "2:bad command line or config", "3:the date is not published (yet)",
        "4:the customer is not published on the date", "1:internal error"})
public final class ShowCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CUSTOMER_ID", description = "The customer id as published (customer_id).")
  String customerId;

  @Mixin WarehouseDateOptions source = new WarehouseDateOptions();

  @Option(names = "--history", description = "Also show the customer's tier on every published date (when they entered and left each tier).")
  boolean history;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master. Default: local[2] (a lookup reads little).")
  String master;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    WarehouseLayout layout = source.layout();
    FileSystem fs = source.fileSystem(layout);
    Optional<PublishedDate> date = source.date(fs, layout);
    if (date.isEmpty()) {
      spec.commandLine().getErr().println("tiers: " + source.notPublished());
      return ExitCode.INPUT_NOT_READY;
    }
    SparkSession spark = SparkFactory.session("customer-tiers show", master == null ? "local[2]" : master, ZoneOffset.UTC,
        Map.of("spark.sql.shuffle.partitions", "2"));
    CustomerLookup lookup = new CustomerLookup(spark, fs);
    PublishedDate d = date.get();
    Optional<Row> found = lookup.row(d, customerId);
    if (found.isEmpty()) {
      throw new InvalidInputException("customer '" + customerId + "' is not published on " + d.asOf()
          + " (unknown, or neither bought nor engaged within the windows); check the id, or try another --as-of");
    }
    Row r = found.get();
    out.printf("customer %s as of %s (version %s)%n", customerId, d.asOf(), d.version());
    out.printf("tier:      %s (since %s; previous date: %s)%n", r.getAs("tier"), r.getAs("tier_since"), text(r, "previous_tier", "new"));
    out.printf("rule:      %s%n", r.<String>getAs("reason"));
    out.println();
    out.println("features");
    line(out, "recency_days", r, "days since the last purchase");
    line(out, "frequency", r, "purchase days in the scoring window");
    line(out, "monetary", r, "net spend in the scoring window");
    line(out, "tenure_days", r, "days since the first purchase");
    // Dates published before interactions_recent have only interactions_90d.
    line(out, List.of(r.schema().fieldNames()).contains("interactions_recent") ? "interactions_recent" : "interactions_90d", r,
        "interactions in the engagement window");
    line(out, "purchases_total", r, "purchase days ever");
    line(out, "months_active", r, "months with a purchase in the scoring window");
    line(out, "first_purchase_date", r, "");
    line(out, "last_purchase_date", r, "");
    line(out, "last_interaction_date", r, "");
    out.println();
    out.println("scores (with the range of the basis among customers who got the same score on this date)");
    for (Map.Entry<String, String> s : CustomerLookup.SCORE_BASIS.entrySet()) {
      score(out, lookup, d, r, s.getKey(), s.getValue(), "1..5 quintile");
    }
    String valueBasis = r.isNullAt(r.fieldIndex("clv")) ? "monetary" : "clv";
    score(out, lookup, d, r, "value_score", valueBasis, "0..100 percentile of " + valueBasis);
    out.printf(Locale.ROOT, "  %-14s %s  (0..100: 30%% repeat buying, 25%% regularity, 15%% tenure, 15%% recency or P(alive), "
        + "15%% engagement; docs/SCORING.md)%n", "loyalty_score", text(r, "loyalty_score", "-"));
    out.println();
    out.println("value model");
    line(out, "p_alive", r, "probability the customer still buys (BG/NBD)");
    line(out, "expected_purchases", r, "expected purchases over the horizon");
    line(out, "expected_value", r, "expected value per purchase (Gamma-Gamma)");
    line(out, "clv", r, "customer lifetime value over the horizon");
    out.println();
    Optional<SegmentModel> model = lookup.model(d);
    Object cluster = r.getAs("cluster");
    if (model.isPresent() && cluster != null) {
      double[] distances = CustomerLookup.distances(model.get(), r, scoringMonths());
      out.printf("cluster %s of %d (k-means on the active buyers; distance in standard deviations)%n", cluster, distances.length);
      for (int c = 0; c < distances.length; c++) {
        out.printf(Locale.ROOT, "  cluster %d (%s): %.2f%s%n", c, model.get().clusterTiers().get(c), distances[c],
            String.valueOf(c).equals(String.valueOf(cluster)) ? "  <- this customer's" : "");
      }
    } else {
      out.println("cluster: - (not an active buyer, or the date was not clustered)");
    }
    if (history) {
      out.println();
      List<PublishedDate> dates = new PublishedDates(fs, layout).all().stream().filter(x -> !x.asOf().isAfter(d.asOf())).toList();
      List<TierSpell> spells = lookup.history(dates, customerId);
      out.printf("history on %d published date(s) up to %s%n", dates.size(), d.asOf());
      out.printf("  %-10s %-12s %-12s %6s  %s%n", "tier", "entered", "last seen", "dates", "reason (last date)");
      for (TierSpell s : spells) {
        out.printf("  %-10s %-12s %-12s %6d  %s%n", s.tier(), s.from(), s.to(), s.dates(), s.reason());
      }
    }
    return ExitCode.OK;
  }

  private void score(PrintWriter out, CustomerLookup lookup, PublishedDate d, Row r, String score, String basis, String what) {
    if (r.isNullAt(r.fieldIndex(score))) {
      out.printf("  %-14s -  (no purchase)%n", score);
      return;
    }
    int value = ((Number) r.getAs(score)).intValue();
    double[] range = lookup.rangeOf(d, score, value, basis);
    out.printf(Locale.ROOT, "  %-14s %d  (%s; %s %s of this customer, %s..%s among the %,d customers with %s %d)%n", score, value, what,
        basis, text(r, basis, "-"), plain(range[0]), plain(range[1]), (long) range[2], score, value);
  }

  private int scoringMonths() {
    if (source.config == null) {
      return Windows.defaults().scoringMonths();
    }
    ConfigLoader loader = new ConfigLoader(Map.copyOf(System.getenv())).load(source.config);
    return loader.resolve(new ConfigLoader.Overrides(null, null, List.of(), List.of(), null, null))
        .windows().scoringMonths();
  }

  private static void line(PrintWriter out, String column, Row r, String meaning) {
    out.printf("  %-22s %-14s %s%n", column, text(r, column, "-"), meaning);
  }

  private static String text(Row r, String column, String missing) {
    Object v = r.get(r.fieldIndex(column));
    if (v == null) {
      return missing;
    }
    if (v instanceof Double x) {
      return plain(x);
    }
    if (v instanceof java.math.BigDecimal b) {
      return b.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
    return v.toString();
  }

  private static String plain(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
  }
}
