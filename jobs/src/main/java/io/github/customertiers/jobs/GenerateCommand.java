package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.errors.TiersException;
import io.github.customertiers.pipeline.generate.GeneratorOptions;
import io.github.customertiers.pipeline.run.TiersActions;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tiers generate}: realistic synthetic exports in the canonical layout. */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    header = "Write realistic synthetic exports in the canonical layout, with their ground-truth personas.",
    description = {"Write realistic synthetic exports (transactions, interactions, and the ground-truth personas) "
        + "in the canonical layout, generated in parallel by Spark. Same seed, same files."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "1:internal error", "2:bad command line, or --out is not empty (without --force)"},
    footerHeading = "%nExample:%n",
    footer = {"  tiers generate --out /tmp/exports --customers 10000 --days 365 --as-of 2026-11-15",
        "  tiers run --transactions /tmp/exports/transactions --interactions /tmp/exports/interactions \\",
        "      --warehouse /tmp/warehouse --as-of 2026-11-15"})
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (must not exist or be empty, unless --force).")
  String out;

  @Option(names = "--force", description = "Write into --out even if it holds files (files of the same names are replaced).")
  boolean force;

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
  public Integer call() throws java.io.IOException {
    PrintWriter o = spec.commandLine().getOut();
    if (!force) {
      requireEmpty(out);
    }
    LocalDate day = asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC).minusDays(1);
    GeneratorOptions options;
    try {
      options = new GeneratorOptions(out, customers, days, day, seed, badRows);
    } catch (IllegalArgumentException e) {
      throw TiersException.badConfig(e.getMessage(), e);
    }
    SparkSession spark = SparkFactory.session("customer-tiers generate", master);
    o.printf("generating %,d customers, %d days up to %s, seed %d, into %s%n", customers, days, day, seed, out);
    var g = TiersActions.generate(spark, options);
    o.printf("wrote %,d transaction rows (%,d refunds), %,d interaction rows, %,d bad rows in %.1f s%n",
        g.transactionRows(), g.refundRows(), g.interactionRows(), g.badRows(), g.durationMillis() / 1000.0);
    o.printf("personas: %s%n", g.customersPerPersona());
    o.printf("transactions: %s%ninteractions: %s%npersonas:     %s%n", g.transactionsDir(), g.interactionsDir(), g.personasDir());
    return ExitCode.OK;
  }

  /** Refuses an output directory that holds something, or a file, naming it (exit code 2). */
  static void requireEmpty(String dir) throws java.io.IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
    org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(new org.apache.hadoop.conf.Configuration());
    if (!fs.exists(path)) {
      return;
    }
    if (!fs.getFileStatus(path).isDirectory()) {
      throw TiersException.badConfig("--out " + dir + " is a file; give a directory that does not exist or is empty");
    }
    org.apache.hadoop.fs.FileStatus[] entries = fs.listStatus(path);
    if (entries.length > 0) {
      throw TiersException.badConfig("--out " + dir + " is not empty (" + entries.length + " entries, e.g. "
          + entries[0].getPath().getName() + "); give an empty or new directory, or --force to write into it");
    }
  }
}
