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
    // docs/TIERS.md, "Backtest": the lapse rule cut the lapsed tier's share of holdout revenue from
    // 22.6% (fixed 180-day window) to 15.3%; the tier lines fill the rings as configured, so vip+key
    // recalls half of the true top 20% (20.6% before). Issue 12's targets (lapsed who buy again
    // <= 10%, lapsed revenue <= 12%, vip+key precision >= 75%) are not met yet: these bounds hold
    // what is reached, so a change that loses it fails here.
    assertThat(v.get("tier/lapsed/holdout_revenue_share")).as("lapsed share of holdout revenue").isLessThanOrEqualTo(0.16);
    assertThat(v.get("vip_key/top_20pct_spenders/recall")).as("vip+key recall").isGreaterThanOrEqualTo(0.45);
    assertThat(v.get("vip_key/top_20pct_spenders/precision")).as("vip+key precision").isGreaterThanOrEqualTo(0.55);
    assertThat(v.get("capture/tiers_then_value/top_20pct")).as("capture of the top 20% by tier then value")
        .isGreaterThanOrEqualTo(v.get("capture/value_score/top_20pct") - 0.01);
    assertThat(v.get("gini/holdout_revenue/normalised_gini")).isEqualTo(1.0);
  }
}
