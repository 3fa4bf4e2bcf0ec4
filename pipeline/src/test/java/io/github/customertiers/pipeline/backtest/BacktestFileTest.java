package io.github.customertiers.pipeline.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.value.HoldoutGroup;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backtest results kept in the warehouse: read back as written, and the one a report of a date shows. */
class BacktestFileTest {
  @TempDir Path dir;

  static BacktestReport report(LocalDate calibrationEnd, LocalDate holdoutEnd) {
    List<TierOutcome> tiers = List.of(new TierOutcome("vip", 10, 500.5, 30, 1, 500.5, 8),
        new TierOutcome("potential", 0, 0, 0, 0, 0, 0), new TierOutcome("lapsed", 90, 99.5, 12, 80, 99.5, 2));
    List<RankingQuality> rankings = new ArrayList<>();
    for (RankingOrder order : RankingOrder.values()) {
      List<Double> capture = CaptureCurve.PERCENTILES.stream().map(p -> Math.min(1.0, p / 50.0 + order.ordinal() / 100.0)).toList();
      rankings.add(new RankingQuality(order, capture, order == RankingOrder.HOLDOUT_REVENUE ? 1.0 : 0.5 + order.ordinal() / 100.0));
    }
    return new BacktestReport(calibrationEnd, holdoutEnd, 100, 600.0, 42, tiers, rankings, 10);
  }

  @Test
  void readsBackWhatItWroteAndShowsTheLatestBacktestThatEndedByTheDate() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    String warehouse = dir.toString();
    LocalDate d1 = LocalDate.of(2026, 5, 31);
    LocalDate d2 = LocalDate.of(2026, 8, 31);
    BacktestReport early = report(d1, d2);
    BacktestFile.write(fs, warehouse, early, null, "no value model prediction: too few repeat buyers");
    BacktestFile.write(fs, warehouse, report(d2, LocalDate.of(2026, 11, 30)), null, "later");

    BacktestFile.Saved saved = BacktestFile.read(fs, BacktestFile.path(warehouse, d1, d2)).orElseThrow();
    assertThat(saved.report()).as("the report as written").isEqualTo(early);
    assertThat(saved.purchases()).isEmpty();
    assertThat(saved.purchasesNote()).isEqualTo("no value model prediction: too few repeat buyers");

    assertThat(BacktestFile.latestFor(fs, warehouse, LocalDate.of(2026, 8, 30))).as("no holdout ended by then").isEmpty();
    assertThat(BacktestFile.latestFor(fs, warehouse, LocalDate.of(2026, 10, 1)).orElseThrow().report().holdoutEnd())
        .as("the holdout ending after the date used data the date did not have").isEqualTo(d2);
    assertThat(BacktestFile.latestFor(fs, warehouse, LocalDate.of(2026, 12, 1)).orElseThrow().purchasesNote()).isEqualTo("later");
    assertThat(BacktestFile.latestFor(fs, dir.resolve("none").toString(), d2)).as("no backtest run").isEmpty();
  }

  @Test
  void keepsTheValueModelsPredictedAgainstActualPurchases() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    LocalDate d1 = LocalDate.of(2026, 5, 31);
    LocalDate d2 = LocalDate.of(2026, 8, 31);
    List<HoldoutGroup> groups = List.of(new HoldoutGroup("0", 50, 0.2, 0.25), new HoldoutGroup("7+", 3, 4.5, Double.NaN));
    BacktestFile.write(fs, dir.toString(), report(d1, d2), groups, "fitted");
    assertThat(BacktestFile.read(fs, BacktestFile.path(dir.toString(), d1, d2)).orElseThrow().purchases())
        .as("groups, NaN kept as NaN")
        .containsExactly(new HoldoutGroup("0", 50, 0.2, 0.25), new HoldoutGroup("7+", 3, 4.5, Double.NaN));
  }
}
