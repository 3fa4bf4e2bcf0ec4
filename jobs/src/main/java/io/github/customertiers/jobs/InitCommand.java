package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.errors.TiersException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tiers init}: a starter config, learnt from sample exports when given. */
@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    header = "Write a starter config, learning the layout of sample exports when given.",
    description = {"Without samples: a config for exports in the canonical layout, every key commented. "
        + "With --from-sample (CSV transaction exports): sniffs encoding, byte-order mark, delimiter, header and the "
        + "timestamp pattern (day-first or month-first only when a value proves it), maps the columns whose names "
        + "mean ours, derives the amount from quantity and unit price, and leaves what it cannot tell as lines "
        + "marked QUESTION. Then 'tiers validate --config FILE' says what a run would do. Starts no Spark."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "2:bad command line, or FILE exists (without --force)", "1:internal error"},
    footerHeading = "%nExamples:%n",
    footer = {"  tiers init --from-sample exports/orders-2026-11-14.csv --out tiers.yaml",
        "  tiers validate --config tiers.yaml"})
public final class InitCommand implements Callable<Integer> {
  @Option(names = "--out", paramLabel = "FILE", defaultValue = "tiers.yaml", description = "Config file to write (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--force", description = "Overwrite --out if it exists.")
  boolean force;

  @Option(names = "--from-sample", paramLabel = "FILE", arity = "1..*",
      description = "Sample transaction export file(s) in CSV; the first one's layout is learnt, all become inputs.")
  List<Path> samples = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (Files.exists(out) && !force) {
      throw TiersException.badConfig(out + " exists; give another --out, or --force to overwrite it");
    }
    for (Path s : samples) {
      if (!Files.isRegularFile(s)) {
        throw TiersException.badConfig("--from-sample " + s + " is not a file");
      }
    }
    String yaml = samples.isEmpty() ? canonical() : learnt(SampleSniffer.of(samples.get(0)));
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, yaml, StandardCharsets.UTF_8);
    long questions = yaml.lines().filter(l -> l.contains("QUESTION")).count();
    spec.commandLine().getOut().printf("wrote %s%s%nnext: tiers validate --config %s%n", out,
        questions == 0 ? "" : " (" + questions + " line(s) marked QUESTION to answer)", out);
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  private String canonical() {
    return """
        # Starter config written by tiers init. Keys, defaults and units: docs/CONFIG.md.
        # Exports in the canonical layout (README, "Canonical input") need only their paths.
        business_time_zone: UTC          # the zone whose days the as-of dates are
        warehouse: warehouse             # where ingested rows and published tiers go
        inputs:
          transactions: [exports/transactions]   # files or directories (CSV, CSV.gz, Parquet)
          interactions: [exports/interactions]   # remove the line if there are none
        # Exports in another layout: a feeds: section (docs/INPUTS.md), or run
        #   tiers init --from-sample FILE --force
        """;
  }

  private String learnt(SampleSniffer s) {
    Path dir = out.toAbsolutePath().getParent();
    List<String> inputs = samples.stream().map(p -> quote(relative(dir, p))).toList();
    StringBuilder y = new StringBuilder();
    y.append("# Starter config written by tiers init from ").append(s.file().getFileName())
        .append(". Answer the lines marked QUESTION,\n# then: tiers validate --config ").append(out.getFileName())
        .append("   (keys: docs/INPUTS.md, docs/CONFIG.md)\n");
    y.append("business_time_zone: UTC          # QUESTION: the zone of the shop's days (e.g. Europe/London)?\n");
    y.append("warehouse: warehouse\n\ninputs:\n  transactions: [").append(String.join(", ", inputs)).append("]\n\n");
    y.append("feeds:\n  transactions:\n    format: csv\n");
    y.append("    delimiter: ").append(quote(s.delimiter() == '\t' ? "\\t" : String.valueOf(s.delimiter()))).append('\n');
    y.append("    header: ").append(s.header()).append(s.header() ? "\n" : "                  # no header line: columns are _c0, _c1, ...\n");
    y.append("    encoding: ").append(s.encoding()).append(s.byteOrderMark() ? "                # with a byte-order mark (skipped)\n" : "\n");
    if (s.timestampFormat().isPresent()) {
      y.append("    timestamp_format: ").append(quote(s.timestampFormat().get())).append("   # ").append(s.timestampNote()).append('\n');
    } else {
      y.append("    # timestamp_format: ").append(s.timestampNote()).append('\n');
    }
    Map<String, String> m = s.mapped();
    y.append("    columns:\n");
    for (String c : List.of("transaction_id", "line_id", "customer_id", "ts", "quantity", "currency")) {
      if (m.containsKey(c)) {
        y.append("      ").append(c).append(": ").append(quote(m.get(c))).append('\n');
      } else if (List.of("transaction_id", "customer_id", "ts").contains(c)) {
        y.append("      # ").append(c).append(": QUESTION: which column holds the ").append(c.replace('_', ' '))
            .append("? columns: ").append(s.columns()).append('\n');
      }
    }
    if (m.containsKey("amount")) {
      y.append("      amount: ").append(quote(m.get("amount"))).append('\n');
    } else if (m.containsKey("quantity") && m.containsKey("price")) {
      y.append("    expressions:\n      amount: ").append(quote("CAST(" + sql(m.get("quantity")) + " AS DECIMAL(18,4)) * CAST("
          + sql(m.get("price")) + " AS DECIMAL(18,4))")).append("   # quantity x unit price\n");
    } else {
      y.append("      # amount: QUESTION: which column holds the amount (or which expression makes it)? columns: ")
          .append(s.columns()).append('\n');
    }
    y.append("    # return_when: QUESTION: how are returns or cancellations marked (e.g. \"")
        .append(m.containsKey("transaction_id") ? sql(m.get("transaction_id")) + " LIKE 'C%'" : "status = 'refunded'")
        .append("\")? Leave out if refunds have negative amounts.\n");
    y.append("    # filter_out: QUESTION: which lines are not purchases (postage, fees, guest checkouts)? docs/INPUTS.md\n");
    return y.toString();
  }

  private static String relative(Path dir, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return dir == null ? abs.toString() : dir.normalize().relativize(abs).toString();
  }

  /** A source column name in Spark SQL, back-quoted when it is not a plain identifier. */
  private static String sql(String column) {
    return column.matches("[A-Za-z_][A-Za-z0-9_]*") ? column : "`" + column.replace("`", "``") + "`";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
