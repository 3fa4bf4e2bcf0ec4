package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CDNOW backtest of issue 12 (several minutes: an integration test, not in the fast suite):
 * the full master file, tiers as of 1997-09-30, holdout to 1998-06-30, through the fixed-width
 * mapping of docs/examples/cdnow/master.yaml. The figures are written in docs/TIERS.md, "Backtest".
 */
class BacktestCdnowIT {
  @TempDir Path dir;

  @Test
  void cdnowBacktestOfTheLapseRuleAndTheRanking() throws Exception {
    Path config = ProjectPaths.root().resolve("docs/examples/cdnow/master.yaml");
    Path table = dir.resolve("cdnow-backtest.csv");
    CliRunner r = CliRunner.run("backtest", "--config", config.toString(), "--warehouse", dir.resolve("wh").toString(),
        "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--csv", table.toString());
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();

    Map<String, Double> v = new HashMap<>();
    List<String> lines = Files.readAllLines(table);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      v.put(f[0] + "/" + f[1] + "/" + f[2], f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3]));
    }
    // Customers with a positive purchase by 1997-09-30 (70 of the 23,570 only ever bought for 0.00).
    assertThat(v.get("all/customers/customers")).isEqualTo(23_500.0);
    // docs/TIERS.md, "Backtest", issue 12's targets that are met: the lapsed tier's share of holdout
    // revenue at most 12% (7.5%), vip+key at least 75% precise against the true top 20% (78.2%, with
    // the caps of the CDNOW example), and tiers then value capturing at least what the value score
    // alone captures in the top 20% (68.3% against 68.2%).
    assertThat(v.get("tier/lapsed/holdout_revenue_share")).as("lapsed share of holdout revenue").isLessThanOrEqualTo(0.12);
    assertThat(v.get("vip_key/top_20pct_spenders/precision")).as("vip+key precision").isGreaterThanOrEqualTo(0.75);
    assertThat(v.get("capture/tiers_then_value/top_20pct")).as("capture of the top 20% by tier then value")
        .isGreaterThanOrEqualTo(v.get("capture/value_score/top_20pct"));
    // Not met (at most 10% of lapsed customers buy again: no sizeable group of CDNOW customers comes
    // back that rarely within 9 months, docs/TIERS.md): this bound holds what is reached (14.3%,
    // was 17.3%), so a change that loses it fails here.
    double lapsed = v.get("tier/lapsed/customers");
    assertThat(lapsed).as("lapsed customers").isGreaterThan(0);
    assertThat(v.get("tier/lapsed/came_back") / lapsed).as("lapsed who bought again").isLessThanOrEqualTo(0.15);
    assertThat(v.get("gini/holdout_revenue/normalised_gini")).isEqualTo(1.0);
  }
}
