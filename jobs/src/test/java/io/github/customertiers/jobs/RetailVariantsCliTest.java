package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retail example in both column-name variants of the UCI data (classic "Online Retail" and
 * "Online Retail II"), and a mapping copied for the wrong variant: every missing column named at
 * once, in our words, with the near name the file has.
 */
class RetailVariantsCliTest {
  @TempDir Path dir;

  static Path retail() {
    return ProjectPaths.root().resolve("docs/examples/retail");
  }

  @Test
  void classicVariantValidatesAsTheOnlineRetailIIVariantDoes() {
    for (String variant : new String[] {"tiers.yaml", "tiers-classic.yaml"}) {
      CliRunner r = CliRunner.run("validate", "--config", retail().resolve(variant).toString(), "--warehouse",
          dir.resolve("wh-" + variant).toString());
      assertThat(r.exitCode()).as("exit code of %s; stderr: %s", variant, r.err()).isZero();
      assertThat(r.out()).as("validate of %s", variant).containsPattern("new\\s+20\\s+9\\s+6\\s+2\\s+3\\s+\\S*online-retail")
          .contains("quarantined: BAD_AMOUNT 1, BAD_TIMESTAMP 1, MALFORMED_ROW 1, MISSING_CUSTOMER_ID 2, REPEATED_HEADER 1");
    }
  }

  @Test
  void aMappingForTheOtherVariantNamesEveryMissingColumnAtOnce() throws IOException {
    Path config = dir.resolve("ii-mapping-on-classic-file.yaml");
    Files.writeString(config, Files.readString(retail().resolve("tiers.yaml"))
        .replace("[online-retail.csv]", "[" + retail().resolve("online-retail-classic.csv") + "]"));
    CliRunner r = CliRunner.run("validate", "--config", config.toString(), "--warehouse", dir.resolve("wh").toString());
    String said = r.out() + r.err();
    assertThat(r.exitCode()).as("exit code; output: %s", said).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(said).as("message")
        .contains("3 column(s) the file does not have")
        .contains("'Invoice' (feeds.transactions.columns.transaction_id, feeds.transactions.return_when) (did you mean 'invoiceno'?)")
        .contains("'Customer ID' (feeds.transactions.columns.customer_id) (did you mean 'customerid'?)")
        .contains("'Price' (feeds.transactions.expressions.amount, feeds.transactions.filter_out) (did you mean 'unitprice'?)")
        .contains("online-retail-classic.csv")
        .doesNotContain("UNRESOLVED_COLUMN");
  }

  @Test
  void guestCheckoutsFilteredAsDocsInputsRecommendsAreCountedApartFromFeeLines() throws IOException {
    // issue 14, defect 11: the recommended mapping of docs/INPUTS.md, copied as a user would
    String shipped = Files.readString(retail().resolve("tiers.yaml"));
    String docs = Files.readString(ProjectPaths.root().resolve("docs/INPUTS.md"));
    String guests = docs.substring(docs.indexOf("**Guest checkouts.**"));
    String block = guests.substring(guests.indexOf("```yaml\n") + "```yaml\n".length(), guests.indexOf("```\n", guests.indexOf("```yaml") + 7));
    assertThat(block).as("the documented mapping").contains("guest_checkout:").contains("not_a_purchase:");
    String filterLine = shipped.lines().filter(l -> l.startsWith("    filter_out: ")).findFirst().orElseThrow();
    Path config = dir.resolve("guests.yaml");
    Files.writeString(config, shipped.replace(filterLine + "\n", block)
        .replace("[online-retail.csv]", "[" + retail().resolve("online-retail.csv") + "]"));
    CliRunner r = CliRunner.run("validate", "--config", config.toString(), "--warehouse", dir.resolve("wh").toString());
    assertThat(r.exitCode()).as("exit code; output: %s %s", r.out(), r.err()).isZero();
    assertThat(r.out()).as("the two walk-in sales filtered, not quarantined")
        .containsPattern("new\\s+20\\s+9\\s+4\\s+2\\s+5\\s+\\S*online-retail\\.csv").doesNotContain("MISSING_CUSTOMER_ID");
    assertThat(r.out()).as("filtered per rule, as docs/INPUTS.md says").contains("filtered: guest_checkout 2, not_a_purchase 3")
        .as("docs").satisfies(out -> assertThat(guests).contains("`filtered: guest_checkout 2, not_a_purchase 3`"));

    CliRunner ingest = CliRunner.run("ingest", "--config", config.toString(), "--warehouse", dir.resolve("wh").toString());
    assertThat(ingest.exitCode()).as("exit code; stderr: %s", ingest.err()).isZero();
    assertThat(ingest.out()).as("the progress line, as docs/INPUTS.md says").contains("5 filtered (guest_checkout 2, not_a_purchase 3)");
    assertThat(guests).contains("`5 filtered\n(guest_checkout 2, not_a_purchase 3)`");
  }
}
