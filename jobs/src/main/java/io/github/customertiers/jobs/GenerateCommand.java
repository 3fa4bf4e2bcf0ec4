package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.generate.GeneratedExports;
import io.github.customertiers.pipeline.generate.GeneratorOptions;
import io.github.customertiers.pipeline.generate.SyntheticExports;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tiers generate}: realistic synthetic exports in the canonical layout. */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Write realistic synthetic exports (transactions, interactions, and the ground-truth personas) "
        + "in the canonical layout, generated in parallel by Spark. Same seed, same files."})
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (must not exist or be empty).")
  String out;

  @Option(names = "--customers", paramLabel = "N", defaultValue = "3000", description = "Number of customers (default ${DEFAULT-VALUE}).")
  long customers;

  @Option(names = "--days", paramLabel = "D", defaultValue = "730", description = "Days of history ending on the as-of day (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", converter = RunOptions.DateConverter.class,
      description = "Last day of the generated history (default: yesterday, UTC).")
  LocalDate asOf;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--bad-rows", paramLabel = "N", defaultValue = "0", description = "Also write N deliberately bad rows to transactions/bad-rows.csv (default ${DEFAULT-VALUE}).")
  int badRows;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*]).")
  String master;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    LocalDate day = asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC).minusDays(1);
    GeneratorOptions options;
    try {
      options = new GeneratorOptions(out, customers, days, day, seed, badRows);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    SparkSession spark = SparkFactory.session("customer-tiers generate", master, ZoneOffset.UTC, Map.of());
    o.printf("generating %,d customers, %d days up to %s, seed %d, into %s%n", customers, days, day, seed, out);
    GeneratedExports g = SyntheticExports.generate(spark, options);
    o.printf("wrote %,d transaction rows (%,d refunds), %,d interaction rows, %,d bad rows in %.1f s%n",
        g.transactionRows(), g.refundRows(), g.interactionRows(), g.badRows(), g.durationMillis() / 1000.0);
    o.printf("personas: %s%n", g.customersPerPersona());
    o.printf("transactions: %s%ninteractions: %s%npersonas:     %s%n", g.transactionsDir(), g.interactionsDir(), g.personasDir());
    return ExitCode.OK;
  }
}
