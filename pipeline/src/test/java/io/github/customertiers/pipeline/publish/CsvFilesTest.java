package io.github.customertiers.pipeline.publish;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.publish.CsvFiles.Listing;
import io.github.customertiers.pipeline.publish.CsvFiles.SortKey;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several files in one query are the bytes Spark's own CSV writer gives each file alone (one sorted
 * query per file, coalesced to one part, with {@link CsvFiles#OPTIONS}, behind the header), with
 * their row counts.
 */
@ExtendWith(SharedSpark.class)
class CsvFilesTest {
  static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType).add("as_of", DataTypes.DateType).add("tier", DataTypes.StringType)
      .add("reason", DataTypes.StringType).add("value_score", DataTypes.IntegerType)
      .add("loyalty_score", DataTypes.DoubleType).add("monetary", DataTypes.DoubleType).add("p_alive", DataTypes.DoubleType);
  static final List<String> COLUMNS = List.of("customer_id", "as_of", "tier", "reason", "value_score", "loyalty_score",
      "monetary", "p_alive");

  static Row row(String id, String tier, String reason, Integer value, Double loyalty, Double monetary, Double pAlive) {
    return RowFactory.create(id, Date.valueOf("2026-02-20"), tier, reason, value, loyalty, monetary, pAlive);
  }

  @Test
  void writesEachFileAsItsOwnQueryWouldAndCountsItsRows(SparkSession spark, @TempDir Path dir) throws Exception {
    Dataset<Row> rows = spark.createDataFrame(List.of(
        row("c1", "vip", "plain words", 99, 91.25, 1234.567, 0.98765),
        row("c2", "vip", "a, comma and \"quotes\"", 99, 80.0, 1234.567, null),
        row("=c3", "key", "line\r\nbreak", 80, null, -5.0, 0.5),
        row("c4", "key", "", null, 12.35, null, 0.00004),
        row("c5", "ordinary", null, 40, 0.0, 0.004, 1.0),
        row("+c6", "ordinary", "-starts like a formula", 40, 33.3, 10.0, 0.25)), SCHEMA).repartition(3);
    List<Listing> listings = List.of(
        new Listing("by_value", rows, COLUMNS, List.of(SortKey.descending(col("value_score")),
            SortKey.ascending(col("customer_id")))),
        new Listing("key_by_spend", rows.filter(col("tier").equalTo("key").or(col("tier").equalTo("vip"))),
            List.of("customer_id", "monetary", "reason"), List.of(SortKey.ascending(col("monetary")),
            SortKey.descending(col("customer_id")))),
        new Listing("none", rows.filter(col("tier").equalTo("lapsed")), List.of("customer_id", "tier"),
            List.of(SortKey.ascending(col("customer_id")))));
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path together = Files.createDirectories(dir.resolve("together"));
    Path apart = dir.resolve("apart");

    Map<String, Long> counts = CsvFiles.write(listings, fs, new org.apache.hadoop.fs.Path(together.toUri()));

    for (Listing listing : listings) {
      Column[] order = listing.order().stream()
          .map(k -> k.descending() ? k.value().desc() : k.value().asc()).toArray(Column[]::new);
      Column[] written = listing.columns().stream().map(c -> ExportColumns.of(c).written()).toArray(Column[]::new);
      Path alone = apart.resolve(listing.name());
      listing.rows().orderBy(order).select(written).coalesce(1)
          .write().options(CsvFiles.OPTIONS).option("header", "false").csv(alone.toString());
      StringBuilder expected = new StringBuilder(String.join(",", listing.columns()) + "\r\n");
      try (var parts = Files.list(alone)) {
        for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
          expected.append(Files.readString(part));
        }
      }
      assertThat(Files.readString(together.resolve(listing.name() + ".csv"))).as(listing.name()).isEqualTo(expected.toString());
      assertThat(counts.get(listing.name())).as("rows of " + listing.name()).isEqualTo(listing.rows().count());
    }
    assertThat(counts.keySet()).containsExactly("by_value", "key_by_spend", "none");
    assertThat(counts.get("none")).isZero();
    assertThat(Files.readString(together.resolve("none.csv"))).isEqualTo("customer_id,tier\r\n");
    assertThat(together.resolve("_parts_listings")).doesNotExist();
  }
}
