package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.configfile.ConfigLoader;
import io.github.customertiers.pipeline.errors.TiersException;
import io.github.customertiers.pipeline.run.TiersActions;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tiers run}: ingest, score, tier and publish one as-of date or a range of dates. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    header = "Ingest, score, tier and publish one as-of date or a range of dates.",
    footerHeading = "%nExamples:%n",
    footer = {"  tiers run --config tiers.yaml                          # as of yesterday in the business time zone",
        "  tiers run --config tiers.yaml --as-of 2026-11-15",
        "  tiers run --config tiers.yaml --from 2026-01-31 --to 2026-10-31 --every month",
        "  tiers run --transactions exports/tx --interactions exports/events --warehouse /data/tiers"},
    description = {"Ingest the configured exports, then compute and publish the customer tiers as of the end of a day",
        "(--as-of) or of every day, week or month of a range (--from/--to/--every), in one Spark application.",
        "Outputs: a new version <warehouse>/published/as_of=D/v=.../ holding segments/ (Parquet + _manifest.json),",
        "exports/<tier>.csv and migrations/, made live in one atomic step by the pointer published/as_of=D/_CURRENT",
        "(on local disks also the symlink published/as_of=D/current). 'tiers published' lists what is live."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:published", "1:internal error", "2:bad command line or config", "3:input not ready (retry later; also a feed older than quality.max_staleness_days: --allow-stale)",
        "4:invalid input", "5:another run holds the lock of a date", "6:some dates of a range failed (others published)",
        "7:refused to publish 0 customers",
        "8:refused to publish tier changes not explained by the customers' own scores (--accept-tier-changes after review)",
        "130:interrupted by Ctrl-C (SIGINT); nothing published",
        "143:terminated by SIGTERM (as schedulers stop a job): jobs cancelled, locks released, nothing published"})
public final class RunCommand implements Callable<Integer> {
  @Mixin RunOptions options;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = RunOptions.DateConverter.class,
      description = "First as-of date of a range (with --to).")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = RunOptions.DateConverter.class,
      description = "Last as-of date of a range, inclusive (with --from).")
  LocalDate to;

  @Option(names = "--every", paramLabel = "day|week|month", defaultValue = "day",
      description = "Step of a range: day, week (every 7 days from --from) or month (same day of month, clamped). Default: ${DEFAULT-VALUE}.")
  String every;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<LocalDate> dates = dates();
    TiersConfig config = options.resolve(Clock.systemUTC());
    if (dates.isEmpty()) {
      dates = List.of(options.asOfDate(Clock.systemUTC()));
    }
    out.printf("customer-tiers %s: run as of %s, warehouse %s%n", VersionProvider.version(),
        dates.size() == 1 ? dates.get(0) : dates.get(0) + " .. " + dates.get(dates.size() - 1) + " (" + dates.size() + " dates)",
        config.warehouse());
    ConfigLoader.requireInputsDelivered(config);
    SparkSession spark = SparkFactory.session("customer-tiers run", config);
    Thread cancelOnSignal = new Thread(() -> spark.sparkContext().cancelAllJobs(), "cancel-spark-jobs");
    Runtime.getRuntime().addShutdownHook(cancelOnSignal);
    TiersActions actions = TiersActions.get(spark, config).toolVersion(VersionProvider.version())
        .progress(SparkFactory.progressTo(out));
    var outcomes = actions.run(dates);
    if (dates.size() == 1) {
      SummaryTable.print(out, outcomes.single());
      removeHook(cancelOnSignal);
      return ExitCode.OK;
    }
    removeHook(cancelOnSignal);
    // Per-date tier counts and tier changes against the previous published date.
    out.printf("%n%-12s %-9s %10s %6s %6s %8s %9s %7s %8s %12s %9s  %s%n", "as_of", "status", "customers", "vip", "key",
        "ordinary", "potential", "lapsed", "changed%", "unexplained%", "seconds", "detail");
    for (var o : outcomes.dates()) {
      if (o.published()) {
        long customers = o.result().tiers().stream().mapToLong(t -> t.customers()).sum();
        java.util.function.ToLongFunction<String> n = tier -> o.result().tiers().stream()
            .filter(t -> t.tier().equals(tier)).mapToLong(t -> t.customers()).sum();
        var st = o.result().stability();
        out.printf(Locale.ROOT, "%-12s %-9s %,10d %,6d %,6d %,8d %,9d %,7d %8s %12s %9.1f  %s%n", o.asOf(), "published", customers,
            n.applyAsLong("vip"), n.applyAsLong("key"), n.applyAsLong("ordinary"), n.applyAsLong("potential"),
            n.applyAsLong("lapsed"), st == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * st.changedShare()),
            st == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * st.unexplainedShare()), o.millis() / 1000.0,
            o.result().segmentsPath());
      } else {
        out.printf(Locale.ROOT, "%-12s %-9s %10s %6s %6s %8s %9s %7s %8s %12s %9.1f  %s%n", o.asOf(), "FAILED", "-", "-", "-", "-",
            "-", "-", "-", "-", o.millis() / 1000.0,
            TiersCli.oneLine(o.failure()));
      }
    }
    outcomes.dates().stream().filter(o -> o.published() && o.result().actionLists() != null).reduce((a, b) -> b)
        .ifPresent(o -> out.printf("%s as of %s%n", SummaryTable.actionLists(o.result()), o.asOf()));
    out.flush();
    if (outcomes.failed() > 0) {
      spec.commandLine().getErr().printf("tiers: %,d of %,d dates failed; the others were published%n", outcomes.failed(),
          outcomes.dates().size());
      return ExitCode.SOME_DATES_FAILED;
    }
    return ExitCode.OK;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException ignored) {
      // shutting down already
    }
  }

  List<LocalDate> dates() {
    if (from == null && to == null) {
      return List.of();
    }
    if (from == null || to == null) {
      throw TiersException.badConfig("--from and --to go together");
    }
    if (options.asOf != null) {
      throw TiersException.badConfig("give either --as-of or --from/--to, not both");
    }
    if (to.isBefore(from)) {
      throw TiersException.badConfig("--to " + to + " is before --from " + from);
    }
    List<LocalDate> dates = new ArrayList<>();
    switch (every.toLowerCase(Locale.ROOT)) {
      case "day" -> from.datesUntil(to.plusDays(1)).forEach(dates::add);
      case "week" -> from.datesUntil(to.plusDays(1), java.time.Period.ofWeeks(1)).forEach(dates::add);
      case "month" -> {
        for (int i = 0; !from.plusMonths(i).isAfter(to); i++) {
          dates.add(from.plusMonths(i));
        }
      }
      default -> throw TiersException.badConfig("--every must be day, week or month, got '" + every + "'");
    }
    if (dates.size() > 3660) {
      throw TiersException.badConfig("a range of " + dates.size() + " dates is too long (at most 3660)");
    }
    return dates;
  }
}
