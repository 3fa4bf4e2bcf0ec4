package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tiers evaluate-value} on the real CDNOW sample (../shared/datasets/cdnow), calibration to
 * 1997-09-30, holdout to 1998-06-30: Fader, Hardie and Lee (2005) report 0.23 predicted and 0.24
 * actual holdout purchases for customers without a calibration repeat purchase.
 */
class EvaluateValueCommandTest {
  @TempDir Path dir;

  @Test
  void holdoutOfTheCdnowSampleMatchesThePublishedFigures() throws Exception {
    Path cdnow = ProjectPaths.root().resolve("../shared/datasets/cdnow/CDNOW_sample.txt").normalize();
    // The fixed-width legacy file, rewritten as canonical CSV: one transaction per line.
    List<String> lines = Files.readAllLines(cdnow, StandardCharsets.US_ASCII);
    StringBuilder csv = new StringBuilder("transaction_id,customer_id,ts,amount\n");
    int n = 0;
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 5) continue;
      String date = f[2].substring(0, 4) + "-" + f[2].substring(4, 6) + "-" + f[2].substring(6, 8);
      csv.append("L").append(++n).append(',').append(f[1]).append(',').append(date).append(',').append(f[4]).append('\n');
    }
    assertThat(n).as("rows of CDNOW_sample.txt").isEqualTo(6919);
    Path input = Files.writeString(dir.resolve("cdnow.csv"), csv);
    Path table = dir.resolve("holdout.csv");

    CliRunner r = CliRunner.run("evaluate-value", "--transactions", input.toString(), "--warehouse", dir.resolve("wh").toString(),
        "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--count-zero-value-purchases",
        "--csv", table.toString());

    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
    assertThat(r.out()).contains("repeat purchases").contains("correlation");
    List<String> rows = Files.readAllLines(table);
    assertThat(rows.get(0)).isEqualTo("repeat_purchases,customers,mean_predicted,mean_actual");
    String[] zero = rows.get(1).split(",");
    assertThat(zero[0]).isEqualTo("0");
    assertThat(Long.parseLong(zero[1])).as("customers without a repeat purchase").isEqualTo(1411);
    assertThat(Double.parseDouble(zero[2])).as("mean predicted holdout purchases").isCloseTo(0.23, offset(0.01));
    assertThat(Double.parseDouble(zero[3])).as("mean actual holdout purchases").isCloseTo(0.24, offset(0.01));
    assertThat(rows.get(rows.size() - 1)).startsWith("all,2357,");
  }
}
