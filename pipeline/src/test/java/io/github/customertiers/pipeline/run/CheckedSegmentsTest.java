package io.github.customertiers.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.publish.SegmentChecks;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One rollup gives the checks and the tier summary that their own queries give. */
@ExtendWith(SharedSpark.class)
class CheckedSegmentsTest {
  static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType).add("tier", DataTypes.StringType).add("reason", DataTypes.StringType)
      .add("r_score", DataTypes.IntegerType).add("f_score", DataTypes.IntegerType).add("m_score", DataTypes.IntegerType)
      .add("value_score", DataTypes.IntegerType).add("loyalty_score", DataTypes.DoubleType)
      .add("monetary", DataTypes.createDecimalType(20, 2));

  static Row row(String id, String tier, String reason, Integer r, Integer value, double loyalty, String monetary) {
    return RowFactory.create(id, tier, reason, r, r == null ? null : 3, r == null ? null : 4, value, loyalty,
        monetary == null ? null : new java.math.BigDecimal(monetary));
  }

  @Test
  void theRollupGivesTheChecksAndTheSummaryOfTheirOwnQueries(SparkSession spark) {
    Dataset<Row> valid = spark.createDataFrame(List.of(
        row("a", "vip", "r", 5, 99, 91.5, "1200.50"),
        row("b", "vip", "r", 4, 97, 80.0, "900.00"),
        row("c", "key", "r", 3, 80, 70.2, "300.10"),
        row("d", "ordinary", "r", 2, 40, 30.0, "-20.00"),
        row("e", "potential", "r", null, null, 5.0, null),
        row("f", "lapsed", "r", 1, 10, 20.0, "50.00")), SCHEMA);
    Dataset<Row> broken = valid.union(spark.createDataFrame(List.of(
        row("a", "vip", null, 5, 99, 91.5, "10.00"),
        row("g", "gold", "r", 9, 50, 150.0, "5.00"),
        row("h", null, "r", 2, 20, 10.0, "1.00")), SCHEMA)).repartition(3);

    // An empty table too: its rollup has no grand-total row (a run then refuses to publish it).
    for (Dataset<Row> table : List.of(valid, broken, valid.limit(0))) {
      CheckedSegments checked = CheckedSegments.of(table);
      SegmentChecks alone = SegmentChecks.of(table);
      assertThat(checked.checks()).isEqualTo(alone);
      assertThat(checked.tiers()).isEqualTo(TierSummaryRow.of(table));
    }
    SegmentChecks brokenChecks = CheckedSegments.of(broken).checks();
    assertThat(brokenChecks.rows()).isEqualTo(9);
    assertThat(brokenChecks.customers()).as("a twice").isEqualTo(8);
    assertThat(brokenChecks.invalidTiers()).as("gold and no tier").isEqualTo(2);
    assertThat(brokenChecks.scoresOutOfRange()).as("r 9 and loyalty 150").isEqualTo(1);
    assertThat(brokenChecks.missingReasons()).isEqualTo(1);
    assertThat(CheckedSegments.of(valid).checks().problems()).isEmpty();
    assertThat(CheckedSegments.of(valid).tiers()).extracting(TierSummaryRow::customers).containsExactly(2L, 1L, 1L, 1L, 1L);
  }
}
