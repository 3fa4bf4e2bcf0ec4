package io.github.customertiers.pipeline.stability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customertiers.pipeline.config.QualityOptions;
import io.github.customertiers.pipeline.ingest.InputNotReadyException;
import io.github.customertiers.pipeline.testing.SharedSpark;
import io.github.customertiers.pipeline.tiers.TierLines;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class TierStabilityTest {
  private static final StructType SEGMENTS = new StructType()
      .add("customer_id", DataTypes.StringType).add("tier", DataTypes.StringType)
      .add("value_score", DataTypes.IntegerType).add("loyalty_score", DataTypes.DoubleType);
  private static final TierLines LINES = new TierLines(95, 75, 68, 3);

  static Dataset<Row> segments(SparkSession spark, Object[]... rows) {
    return spark.createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(), SEGMENTS);
  }

  @Test
  void changesAreExplainedByGroupChangesOwnScoreMovesOrCrossingBeyondTheBand(SparkSession spark) {
    Dataset<Row> before = segments(spark,
        new Object[] {"same", "key", 80, 50.0},
        new Object[] {"lapsing", "key", 80, 50.0},
        new Object[] {"grew", "key", 90, 50.0},         // value +6: own move
        new Object[] {"crept", "key", 97, 50.0},        // kept key at 97 by the band, now 98: beyond the band
        new Object[] {"linemoved", "ordinary", 76, 20.0}, // stood still, became key: unexplained
        new Object[] {"gone", "ordinary", 40, 10.0});
    Dataset<Row> now = segments(spark,
        new Object[] {"same", "key", 81, 50.0},
        new Object[] {"lapsing", "lapsed", 0, 20.0},
        new Object[] {"grew", "vip", 96, 50.0},
        new Object[] {"crept", "vip", 98, 50.0},
        new Object[] {"linemoved", "key", 77, 20.0},
        new Object[] {"newcomer", "ordinary", 30, 5.0});
    TierStability s = TierStability.compare(before, now, 3, LINES, LINES, "2026-01-01");
    assertThat(s.customers()).as("customers published now").isEqualTo(6);
    assertThat(s.changed()).as("lapsing, grew, crept, linemoved").isEqualTo(4);
    assertThat(s.unexplained()).as("only the customer who stood still while the tier changed").isEqualTo(1);
    assertThat(s.unexplainedShare()).isEqualTo(1.0 / 6);
    assertThat(s.sizesBefore().get("key")).isEqualTo(4);
    assertThat(s.sizesNow().get("key")).isEqualTo(2);
    assertThat(s.sizeChanges().get("key")).isEqualTo(2.0 / 4 - 1);

    TierStability withoutLines = TierStability.compare(before, now, 3, null, null, "2026-01-01");
    assertThat(withoutLines.unexplained()).as("without lines, crept (moved 1 point) is unexplained too").isEqualTo(2);
  }

  @Test
  void theGateRefusesADateOverTheThresholdUnlessAccepted() {
    TierStability s = new TierStability("2026-01-01", 1000, 40, 20, java.util.Map.of(), java.util.Map.of());
    QualityOptions quality = QualityOptions.defaults();
    assertThatThrownBy(() -> StabilityGate.check(LocalDate.of(2026, 1, 2), s, quality))
        .isInstanceOf(TierChangesRefusedException.class)
        .hasMessageContaining("refusing to publish 2026-01-02")
        .hasMessageContaining("2.00% of customers (20 of 1000)")
        .hasMessageContaining("--accept-tier-changes");
    StabilityGate.check(LocalDate.of(2026, 1, 2), s, quality.withOverrides(true, false));
    StabilityGate.check(LocalDate.of(2026, 1, 2),
        new TierStability("2026-01-01", 1000, 40, 10, java.util.Map.of(), java.util.Map.of()), quality);
    StabilityGate.check(LocalDate.of(2026, 1, 2), null, quality);
  }

  @Test
  void aRunPastTheNewestEventOfAFeedIsRefusedUnlessAllowed() {
    QualityOptions quality = new QualityOptions(new BigDecimal("1000"), 0.01, 0.01, 3, false, false);
    LocalDate newest = LocalDate.of(2026, 11, 15);
    FreshnessCheck.check("transactions", newest, LocalDate.of(2026, 11, 18), quality);
    assertThatThrownBy(() -> FreshnessCheck.check("transactions", newest, LocalDate.of(2026, 11, 19), quality))
        .isInstanceOf(InputNotReadyException.class)
        .hasMessageContaining("transactions feed's newest ingested event is on 2026-11-15")
        .hasMessageContaining("--allow-stale");
    FreshnessCheck.check("transactions", newest, LocalDate.of(2027, 1, 15), quality.withOverrides(false, true));
  }

  @Test
  void newestEventIsTheLatestEventDate(SparkSession spark) {
    Dataset<Row> stored = spark.createDataFrame(List.of(
            RowFactory.create(java.sql.Date.valueOf("2026-11-13")), RowFactory.create(java.sql.Date.valueOf("2026-11-15"))),
        new StructType().add("event_date", DataTypes.DateType));
    assertThat(FreshnessCheck.newestEvent(stored)).isEqualTo(LocalDate.of(2026, 11, 15));
  }

  @Test
  void monotonicityCountsBuyersBelowOneTheyBeatOnBothScores(SparkSession spark) {
    Dataset<Row> tiers = segments(spark,
        new Object[] {"v", "vip", 90, 40.0},
        new Object[] {"beats-vip", "key", 99, 60.0},     // beats v by 9 and 20: violation
        new Object[] {"close", "key", 93, 45.0},         // beats v by 3 and 5 only: no violation at margin 6
        new Object[] {"k", "key", 50, 30.0},
        new Object[] {"beats-key", "ordinary", 60, 40.0}, // beats k by 10 and 10: violation
        new Object[] {"o", "ordinary", 10, 5.0},
        new Object[] {"p", "potential", 99, 99.0});     // not a value tier
    MonotonicityCheck.Result r = MonotonicityCheck.of(tiers, 6);
    assertThat(r.buyers()).isEqualTo(6);
    assertThat(r.violations()).isEqualTo(2);
  }
}
