package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.configfile.ConfigLoader;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.run.PublishedWarehouse;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
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
        + "the rule that decided the tier, and with --history the tier on every published date. Reads the warehouse only "
        + "(its Parquet files directly, without starting Spark)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "2:bad command line or config", "3:the date is not published (yet)",
        "4:the customer is not published on the date", "1:internal error"})
public final class ShowCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CUSTOMER_ID", description = "The customer id as published (customer_id).")
  String customerId;

  @Mixin WarehouseDateOptions source = new WarehouseDateOptions();

  @Option(names = "--history", description = "Also show the customer's tier on every published date (when they entered and left each tier).")
  boolean history;

  @Option(names = "--master", paramLabel = "URL", hidden = true,
      description = "Ignored since show reads the warehouse without Spark; accepted so that existing scripts keep working.")
  String master;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PublishedWarehouse published = source.published();
    Optional<PublishedDate> date = source.date(published);
    if (date.isEmpty()) {
      spec.commandLine().getErr().println("tiers: " + source.notPublished());
      return ExitCode.INPUT_NOT_READY;
    }
    out.print(published.explain(date.get(), customerId, history, scoringMonths()));
    out.flush();
    return ExitCode.OK;
  }

  /** The scoring window of --config, else the default window. */
  private int scoringMonths() {
    ConfigLoader loader = new ConfigLoader(Map.copyOf(System.getenv()));
    if (source.config != null) {
      loader.load(source.config);
    }
    return loader.windows().scoringMonths();
  }
}
