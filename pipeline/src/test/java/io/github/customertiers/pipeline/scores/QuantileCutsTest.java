package io.github.customertiers.pipeline.scores;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.testing.SharedSpark;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class QuantileCutsTest {

  private static Dataset<Row> values(SparkSession spark, List<Integer> v, int partitions) {
    return spark.createDataset(v, Encoders.INT()).toDF("v").repartition(partitions);
  }

  @Test
  void cutPointsAreValuesAtFloorRanks(SparkSession spark) {
    // 1..10: quintile cuts at 1-based ranks 2, 4, 6, 8 -> values 2, 4, 6, 8; 1-2 score 1, ..., 9-10 score 5
    Dataset<Row> ten = values(spark, IntStream.rangeClosed(1, 10).boxed().toList(), 3);
    double[] cuts = QuantileCuts.equalCount(ten, "v", 5);
    assertThat(cuts).as("quintile cut points of 1..10").containsExactly(2, 4, 6, 8);
    assertThat(ten.withColumn("s", QuantileCuts.bucket(col("v"), cuts).plus(1)).orderBy("v").collectAsList())
        .extracting(r -> r.getInt(1)).as("scores of 1..10").containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
  }

  @Test
  void equalValuesGetEqualBucketsAndHeavyTiesTakeTheLowestBucket(SparkSession spark) {
    // 6 of 10 customers bought once: cuts at 1-based ranks 2, 4, 6, 8 of 1,1,1,1,1,1,2,2,3,9 are 1, 1, 1, 2
    Dataset<Row> freq = values(spark, List.of(1, 1, 1, 1, 1, 1, 2, 2, 3, 9), 2);
    double[] cuts = QuantileCuts.equalCount(freq, "v", 5);
    assertThat(cuts).as("cut points with heavy ties").containsExactly(1, 1, 1, 2);
    List<Row> scored = freq.withColumn("s", QuantileCuts.bucket(col("v"), cuts).plus(1)).distinct().orderBy("v").collectAsList();
    assertThat(scored).extracting(r -> r.getInt(0) + "->" + r.getInt(1))
        .as("score of each distinct value").containsExactly("1->1", "2->4", "3->5", "9->5");
  }

  @Test
  void cutPointsDoNotDependOnPartitioningOrOrder(SparkSession spark) {
    List<Integer> data = IntStream.range(0, 1000).map(i -> (i * 7919) % 313).boxed().toList();
    double[] a = QuantileCuts.equalCount(values(spark, data, 1), "v", 101);
    double[] b = QuantileCuts.equalCount(values(spark, data.reversed(), 7), "v", 101);
    assertThat(a).as("percentile cuts, 1 vs 7 partitions, reversed order").containsExactly(b);
  }

  @Test
  void noRowsGiveNoCutPoints(SparkSession spark) {
    assertThat(QuantileCuts.equalCount(values(spark, List.of(), 1), "v", 5)).as("cuts of nothing").isEmpty();
  }

  @Test
  void severalColumnsInOnePassMatchNearestRanksOfEachColumn(SparkSession spark) {
    // a: 1..10 (no nulls); b: 10 values with 2 nulls (counted apart from a); a asked twice.
    List<Row> rows = IntStream.rangeClosed(1, 10)
        .mapToObj(i -> org.apache.spark.sql.RowFactory.create(i, i % 4 == 0 ? null : (i * 37) % 11 - 5.5))
        .toList();
    Dataset<Row> table = spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
        .add("a", "int").add("b", "double")).repartition(3);
    List<double[]> cuts = QuantileCuts.at(table, List.of("a", "b", "a"),
        List.of(new double[] {0.2, 0.5}, new double[] {0, 0.5, 1}, new double[] {0.95}));
    double[] b = rows.stream().filter(r -> !r.isNullAt(1)).mapToDouble(r -> r.getDouble(1)).sorted().toArray();
    assertThat(cuts.get(0)).as("a at ranks 2 and 5").containsExactly(2, 5);
    // Nearest rank over the n non-null values of b: ranks 1, ceil(n / 2), n.
    assertThat(b).as("non-null values of b").hasSize(8);
    assertThat(cuts.get(1)).as("b at ranks 1, 4, 8 of its non-null values").containsExactly(b[0], b[3], b[7]);
    assertThat(cuts.get(2)).as("a again, at rank 10").containsExactly(10);
  }
}
