package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tiers init --from-sample}: a config learnt from a real-looking export, then validated by {@code tiers validate}. */
class InitCommandTest {
  @TempDir Path dir;

  @Test
  void learnsDelimiterBomDayFirstDatesAndColumnsThenValidateLoadsEveryRow() throws Exception {
    Path sample = dir.resolve("exports/orders.csv");
    Files.createDirectories(sample.getParent());
    String csv = "Order Number;Customer;Order Date;SKU;Qty;Unit Price\r\n"
        + "A-1;c1;13/01/2026 09:15;p1;2;2.50\r\n"
        + "A-2;c2;02/02/2026 10:00;p2;1;10.00\r\n"
        + "A-3;c1;03/02/2026 18:45;p1;3;2.50\r\n";
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Files.write(sample, concat(bom, csv.getBytes(StandardCharsets.UTF_8)));
    Path config = dir.resolve("tiers.yaml");

    CliRunner init = CliRunner.run("init", "--from-sample", sample.toString(), "--out", config.toString());
    assertThat(init.exitCode()).as("exit code; stderr: %s", init.err()).isZero();
    String yaml = Files.readString(config);
    assertThat(yaml).as("learnt config")
        .contains("delimiter: \";\"").contains("header: true").contains("encoding: UTF-8")
        .contains("timestamp_format: \"d/M/yyyy H:mm\"").contains("day-first")
        .contains("transaction_id: \"Order Number\"").contains("customer_id: \"Customer\"").contains("ts: \"Order Date\"")
        .contains("line_id: \"SKU\"").contains("quantity: \"Qty\"")
        .contains("amount: \"CAST(Qty AS DECIMAL(18,4)) * CAST(`Unit Price` AS DECIMAL(18,4))\"")
        .contains("transactions: [\"exports/orders.csv\"]");
    assertThat(init.out()).contains("next: tiers validate --config " + config);

    CliRunner validate = CliRunner.run("validate", "--config", config.toString(), "--warehouse", dir.resolve("wh").toString());
    assertThat(validate.exitCode()).as("validate of the learnt config; output: %s %s", validate.out(), validate.err()).isZero();
    assertThat(validate.out()).containsPattern("new\\s+3\\s+3\\s+0\\s+0\\s+0\\s+\\S*orders\\.csv");

    CliRunner again = CliRunner.run("init", "--from-sample", sample.toString(), "--out", config.toString());
    assertThat(again.exitCode()).as("an existing config is not overwritten").isEqualTo(ExitCode.USAGE);
    assertThat(again.err()).contains("exists").contains("--force");
  }

  @Test
  void leavesAnUndecidableDateOrderAndUnknownColumnsAsQuestions() throws Exception {
    Path sample = Files.writeString(dir.resolve("export.csv"), "ref,who,when,total\nx1,c1,01/02/2026,5.00\nx2,c2,03/04/2026,7.00\n");
    Path config = dir.resolve("c.yaml");
    CliRunner init = CliRunner.run("init", "--from-sample", sample.toString(), "--out", config.toString());
    assertThat(init.exitCode()).as("stderr: %s", init.err()).isZero();
    String yaml = Files.readString(config);
    assertThat(yaml).contains("QUESTION: month-first or day-first?")
        .contains("# transaction_id: QUESTION").contains("# customer_id: QUESTION").contains("ts: \"when\"")
        .contains("amount: \"total\"");
    assertThat(init.out()).contains("line(s) marked QUESTION");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
