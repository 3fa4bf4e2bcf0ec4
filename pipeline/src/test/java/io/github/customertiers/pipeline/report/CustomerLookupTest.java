package io.github.customertiers.pipeline.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.customertiers.pipeline.cluster.SegmentModel;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.report.CustomerLookup.TierSpell;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
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
 * The customer lookup reads the published Parquet files without Spark; every expected value here
 * is what Spark itself reads from the same files.
 */
@ExtendWith(SharedSpark.class)
class CustomerLookupTest {
  static final StructType SEGMENTS = new StructType()
      .add("customer_id", DataTypes.StringType).add("as_of", DataTypes.DateType).add("tier", DataTypes.StringType)
      .add("recency_days", DataTypes.IntegerType).add("frequency", DataTypes.LongType)
      .add("monetary", DataTypes.createDecimalType(18, 2)).add("interactions_recent", DataTypes.LongType)
      .add("r_score", DataTypes.IntegerType).add("value_score", DataTypes.IntegerType).add("loyalty_score", DataTypes.DoubleType)
      .add("cluster", DataTypes.IntegerType).add("reason", DataTypes.StringType).add("previous_tier", DataTypes.StringType)
      .add("tier_since", DataTypes.DateType).add("p_alive", DataTypes.DoubleType).add("clv", DataTypes.DoubleType)
      .add("months_active", DataTypes.IntegerType);

  @TempDir Path dir;

  private final FileSystem fs = localFileSystem();

  private static FileSystem localFileSystem() {
    try {
      return FileSystem.getLocal(new Configuration());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Row row(String id, LocalDate asOf, String tier, Integer recency, Long frequency, String monetary, Integer r,
      Integer value, Double clv) {
    return RowFactory.create(id, Date.valueOf(asOf), tier, recency, frequency, monetary == null ? null : new BigDecimal(monetary),
        3L, r, value, 55.5, r == null ? null : 1, "rule of " + tier + " for " + id, null, Date.valueOf(asOf.minusDays(3)),
        r == null ? null : 0.9876, clv, r == null ? null : 4);
  }

  /** Writes the rows as a date's segment table in several Parquet files, as a run does, and returns the date. */
  private PublishedDate publish(SparkSession spark, LocalDate asOf, List<Row> rows, StructType schema) {
    Path segments = dir.resolve("as_of=" + asOf).resolve("segments");
    spark.createDataFrame(rows, schema).repartition(3, col("customer_id")).write().parquet(segments.toString());
    return new PublishedDate(asOf, "v=1", new org.apache.hadoop.fs.Path(segments.toUri()),
        new org.apache.hadoop.fs.Path(dir.resolve("exports").toUri()), new org.apache.hadoop.fs.Path(dir.resolve("migrations").toUri()));
  }

  private static List<Row> customers(LocalDate asOf) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(row(String.format("C%04d", i), asOf, i % 5 == 0 ? "vip" : "ordinary", i * 7 % 60, (long) (i % 9 + 1),
          (i * 37 % 500) + ".25", i % 5 + 1, i * 13 % 101, i % 4 == 0 ? null : i * 11.5));
    }
    rows.add(row("P0001", asOf, "potential", null, null, null, null, null, null));
    return rows;
  }

  @Test
  void aCustomersRowHasTheValuesSparkReads(SparkSession spark) throws IOException {
    LocalDate asOf = LocalDate.of(2026, 11, 15);
    PublishedDate date = publish(spark, asOf, customers(asOf), SEGMENTS);
    CustomerLookup lookup = new CustomerLookup(fs);

    for (String id : List.of("C0007", "C0020", "P0001")) {
      SegmentRecord found = lookup.row(date, id).orElseThrow();
      Row expected = spark.read().parquet(date.segments().toString()).filter(col("customer_id").equalTo(lit(id))).first();
      for (String column : SEGMENTS.fieldNames()) {
        Object want = expected.isNullAt(expected.fieldIndex(column)) ? null : expected.getAs(column);
        Object got = found.value(column);
        if (want instanceof Date d) {
          want = d.toLocalDate();
        }
        assertThat(got).as("%s of %s", column, id).isEqualTo(want);
        assertThat(found.has(column)).as("the row has the column %s", column).isTrue();
      }
    }
    assertThat(lookup.row(date, "C99").isPresent()).as("an unknown customer").isFalse();
  }

  @Test
  void scoreRangesAreThoseOfTheCustomersWithTheSameScore(SparkSession spark) throws IOException {
    LocalDate asOf = LocalDate.of(2026, 11, 15);
    PublishedDate date = publish(spark, asOf, customers(asOf), SEGMENTS);
    CustomerLookup lookup = new CustomerLookup(fs);
    Dataset<Row> table = spark.read().parquet(date.segments().toString());
    // C0012's value score is shared only by customers without a CLV (an empty range); C0013's is not
    for (String id : List.of("C0012", "C0013")) {
      SegmentRecord customer = lookup.row(date, id).orElseThrow();
      Map<String, ScoreRange> ranges = lookup.rangesOf(date, customer, Map.of("r_score", "recency_days", "value_score", "clv"));
      for (Map.Entry<String, String> s : Map.of("r_score", "recency_days", "value_score", "clv").entrySet()) {
        Row want = table.filter(col(s.getKey()).equalTo(lit(((Number) customer.value(s.getKey())).intValue())))
            .agg(min(col(s.getValue()).cast("double")), max(col(s.getValue()).cast("double")), count(lit(1))).first();
        ScoreRange got = ranges.get(s.getKey());
        assertThat(got.customers()).as("customers with the same %s as %s", s.getKey(), id).isEqualTo(want.getLong(2)).isPositive();
        if (want.isNullAt(0)) {
          assertThat(got.min()).as("no %s beside %s", s.getValue(), id).isNaN();
          assertThat(got.max()).as("no %s beside %s", s.getValue(), id).isNaN();
        } else {
          assertThat(got.min()).as("lowest %s beside %s", s.getValue(), id).isEqualTo(want.getDouble(0));
          assertThat(got.max()).as("highest %s beside %s", s.getValue(), id).isEqualTo(want.getDouble(1));
        }
      }
    }
    assertThat(lookup.rangesOf(date, lookup.row(date, "C0012").orElseThrow(), Map.of("value_score", "clv")).get("value_score").min())
        .as("C0012's value score is shared only by customers without a CLV").isNaN();
    assertThat(lookup.rangesOf(date, lookup.row(date, "C0013").orElseThrow(), Map.of("value_score", "clv")).get("value_score").min())
        .as("C0013's CLV").isEqualTo(13 * 11.5);
    SegmentRecord prospect = lookup.row(date, "P0001").orElseThrow();
    assertThat(lookup.rangesOf(date, prospect, Map.of("r_score", "recency_days"))).as("no score, no range").isEmpty();
  }

  @Test
  void historyGivesTheSpellsOfEachTierAndAGapEndsOne(SparkSession spark) throws IOException {
    LocalDate d1 = LocalDate.of(2026, 11, 1);
    List<PublishedDate> dates = new ArrayList<>();
    String[] tiers = {"key", "key", "vip", null, "vip"}; // not published on the fourth date
    for (int i = 0; i < tiers.length; i++) {
      LocalDate asOf = d1.plusDays(i);
      List<Row> rows = new ArrayList<>(customers(asOf));
      if (tiers[i] != null) {
        rows.add(row("X1", asOf, tiers[i], 2, 4L, "10.00", 5, 90, 100.0));
      }
      dates.add(publish(spark, asOf, rows, SEGMENTS));
    }

    List<TierSpell> spells = new CustomerLookup(fs).history(dates, "X1");

    assertThat(spells).containsExactly(
        new TierSpell("key", d1, d1.plusDays(1), 2, "rule of key for X1"),
        new TierSpell("vip", d1.plusDays(2), d1.plusDays(2), 1, "rule of vip for X1"),
        new TierSpell("vip", d1.plusDays(4), d1.plusDays(4), 1, "rule of vip for X1"));
    assertThat(new CustomerLookup(fs).history(dates, "nobody")).isEmpty();
  }

  @Test
  void aDatePublishedBeforeInteractionsRecentIsReadWithItsOldColumn(SparkSession spark) throws IOException {
    LocalDate asOf = LocalDate.of(2026, 10, 1);
    StructType old = new StructType();
    for (var f : SEGMENTS.fields()) {
      old = old.add(f.name().equals("interactions_recent") ? "interactions_90d" : f.name(), f.dataType());
    }
    PublishedDate date = publish(spark, asOf, customers(asOf), old);
    CustomerLookup lookup = new CustomerLookup(fs);

    SegmentRecord c = lookup.row(date, "C0003").orElseThrow();

    assertThat(c.has("interactions_recent")).isFalse();
    assertThat(c.value("interactions_90d")).isEqualTo(3L);
    SegmentModel model = new SegmentModel(List.of("f"), new double[] {0, 0, 0, 0, 0}, new double[] {1, 1, 1, 1, 1},
        new double[][] {{0, 0, 0, 0, 0}}, List.of("ordinary"), 1, 0, List.of(), 1, 1L, 1L, false, "test");
    double[] x = {Math.log1p(4), Math.log1p(Math.max(0, c.number("monetary"))), Math.log1p(c.number("recency_days")), 4.0 / 12,
        Math.log1p(3)};
    double expected = Math.sqrt(java.util.Arrays.stream(x).map(v -> v * v).sum());
    assertThat(CustomerLookup.distances(model, c, 12)[0]).as("distance to the origin, the old interactions column counted")
        .isCloseTo(expected, within(1e-12));
  }

  @Test
  void aMissingSegmentTableIsAnErrorNamingIt() {
    PublishedDate date = new PublishedDate(LocalDate.of(2026, 1, 1), "v=1", new org.apache.hadoop.fs.Path(dir.resolve("gone").toUri()),
        new org.apache.hadoop.fs.Path(dir.toUri()), new org.apache.hadoop.fs.Path(dir.toUri()));
    assertThatThrownBy(() -> new CustomerLookup(fs).row(date, "C1")).isInstanceOf(IOException.class).hasMessageContaining("gone");
  }

  @Test
  void aFileThatIsNotParquetIsAnErrorNamingTheFile(SparkSession spark) throws IOException {
    LocalDate asOf = LocalDate.of(2026, 11, 15);
    PublishedDate date = publish(spark, asOf, customers(asOf), SEGMENTS);
    Files.writeString(Path.of(date.segments().toUri()).resolve("part-zzzz.parquet"), "not parquet");
    assertThatThrownBy(() -> new CustomerLookup(fs).row(date, "C0001")).isInstanceOf(IOException.class)
        .hasMessageContaining("part-zzzz.parquet");
  }

  @Test
  void theOnlyRowOfACustomerIsFoundWhateverFileItIsIn(SparkSession spark) throws IOException {
    LocalDate asOf = LocalDate.of(2026, 11, 15);
    PublishedDate date = publish(spark, asOf, customers(asOf), SEGMENTS);
    CustomerLookup lookup = new CustomerLookup(fs);
    List<Optional<SegmentRecord>> found = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      found.add(lookup.row(date, String.format("C%04d", i)));
    }
    assertThat(found).allMatch(Optional::isPresent);
    assertThat(found).extracting(f -> f.orElseThrow().text("customer_id"))
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40).mapToObj(i -> String.format("C%04d", i)).toList());
  }
}
