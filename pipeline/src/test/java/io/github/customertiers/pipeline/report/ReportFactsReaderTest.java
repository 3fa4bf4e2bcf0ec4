package io.github.customertiers.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.report.ReportFacts.TierFacts;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class ReportFactsReaderTest {
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 15);
  static final StructType SEGMENTS = new StructType()
      .add("customer_id", DataTypes.StringType).add("tier", DataTypes.StringType)
      .add("monetary", DataTypes.createDecimalType(18, 2)).add("value_score", DataTypes.IntegerType)
      .add("loyalty_score", DataTypes.DoubleType).add("p_alive", DataTypes.DoubleType)
      .add("expected_value", DataTypes.DoubleType).add("r_score", DataTypes.IntegerType).add("f_score", DataTypes.IntegerType)
      .add("last_purchase_date", DataTypes.DateType).add("last_interaction_date", DataTypes.DateType);

  @TempDir Path dir;

  private static Row row(String id, String tier, String monetary, Integer value, double loyalty, Double pAlive, Integer r,
      Integer f, String lastPurchase) {
    return RowFactory.create(id, tier, monetary == null ? null : new BigDecimal(monetary), value, loyalty, pAlive, 10.0, r, f,
        lastPurchase == null ? null : Date.valueOf(lastPurchase), Date.valueOf("2026-11-14"));
  }

  @Test
  void aggregatesTiersParetoRfmAndHistogramsOfATinyDate(SparkSession spark) throws Exception {
    List<Row> rows = List.of(
        row("a", "vip", "100.00", 100, 95.0, 0.99, 5, 5, "2026-11-12"),
        row("b", "key", "50.00", 80, 70.0, 0.95, 5, 4, "2026-11-10"),
        row("c", "ordinary", "30.00", 40, 30.0, 0.80, 3, 2, "2026-10-01"),
        row("d", "ordinary", "20.00", 20, 25.0, 0.50, 3, 2, "2026-09-01"),
        row("e", "potential", null, null, 5.0, null, null, null, null));
    Path segments = dir.resolve("v=1/segments");
    spark.createDataFrame(rows, SEGMENTS).coalesce(1).write().parquet(segments.toString());
    Files.writeString(segments.resolve("_manifest.json"), """
        {"tool_version":"test","tiers":[{"tier":"vip","customers":1},{"tier":"key","customers":1},
        {"tier":"ordinary","customers":2},{"tier":"potential","customers":1},{"tier":"lapsed","customers":0}],
        "migrations":[{"from_tier":"key","to_tier":"vip","customers":1,"revenue":100.0}],
        "stage_millis":{"score":1200},"value_model":{"fitted":true,"reason":"ok"}}""");
    PublishedDate date = new PublishedDate(AS_OF, "v=1", new org.apache.hadoop.fs.Path(segments.toUri()),
        new org.apache.hadoop.fs.Path(dir.resolve("v=1/exports").toUri()), new org.apache.hadoop.fs.Path(dir.resolve("v=1/migrations").toUri()));

    ReportFacts facts = new ReportFactsReader(spark, FileSystem.getLocal(new Configuration())).read(date, List.of());

    assertThat(facts.tiers()).extracting(TierFacts::tier).containsExactly("vip", "key", "ordinary", "potential", "lapsed");
    assertThat(facts.tiers()).extracting(TierFacts::customers).containsExactly(1L, 1L, 2L, 1L, 0L);
    TierFacts ordinary = facts.tiers().get(2);
    assertThat(ordinary.revenue()).as("revenue of ordinary").isCloseTo(50.0, within(1e-9));
    assertThat(ordinary.valueScoreMin()).as("lowest value score of ordinary").isEqualTo(20);
    assertThat(ordinary.valueScoreMax()).isEqualTo(40);
    // four buyers with 100, 50, 30, 20 of 200: the top quarter brings half, the top half three quarters
    assertThat(HtmlReport.revenueShareOfTop(facts.pareto(), 0.25)).isCloseTo(0.5, within(1e-9));
    assertThat(HtmlReport.revenueShareOfTop(facts.pareto(), 0.5)).isCloseTo(0.75, within(1e-9));
    assertThat(HtmlReport.revenueShareOfTop(facts.pareto(), 1.0)).isCloseTo(1.0, within(1e-9));
    assertThat(facts.rfm()).as("RFM cells").containsExactly(
        new ReportFacts.RfmCell(3, 2, 2, 25.0), new ReportFacts.RfmCell(5, 4, 1, 50.0), new ReportFacts.RfmCell(5, 5, 1, 100.0));
    assertThat(facts.histograms().get("value_score").get("vip")[9]).as("value score 100 lands in the top tenth").isEqualTo(1);
    assertThat(facts.histograms().get("value_score").get("ordinary")).containsExactly(0, 0, 1, 0, 1, 0, 0, 0, 0, 0);
    assertThat(facts.histograms().get("p_alive").get("ordinary")).containsExactly(0, 0, 0, 0, 0, 1, 0, 0, 1, 0);
    assertThat(facts.newestPurchase()).isEqualTo(LocalDate.of(2026, 11, 12));
    assertThat(facts.history()).hasSize(1);
    assertThat(facts.migrations()).hasSize(1);

    String html = HtmlReport.render(facts);
    Matcher declared = Pattern.compile("data-charts=\"(\\d+)\"").matcher(html);
    assertThat(declared.find()).isTrue();
    assertThat(Pattern.compile("<svg class=\"chart\"").matcher(html).results().count())
        .as("charts in the page match the declared count").isEqualTo(Long.parseLong(declared.group(1)));
    assertThat(html).contains(HtmlReport.CONTENT_SECURITY_POLICY).doesNotContain("<script")
        .doesNotContainPattern("(src|href)=\"(https?:)?//").contains("moved up (to a higher tier)");

    // The value model entry: snake_case keys, and the camelCase of older manifests, show the same.
    String snake = HtmlReport.render(withValueModel(facts, """
        {"fitted":true,"reason":"ok","bg_nbd":{"r":0.25,"alpha":4.5,"a":0.75,"b":2.5},"gamma_gamma":{"p":6.0,"q":3.5,"gamma":15.0},
        "time_unit":"WEEKS","customers":2357,"repeat_buyers":946,"fit_duration_ms":4321,"value_basis":"clv"}"""));
    String camel = HtmlReport.render(withValueModel(facts, """
        {"fitted":true,"reason":"ok","bgNbd":{"r":0.25,"alpha":4.5,"a":0.75,"b":2.5},"gammaGamma":{"p":6.0,"q":3.5,"gamma":15.0},
        "timeUnit":"WEEKS","customers":2357,"repeatBuyers":946,"fitDurationMs":4321,"value_basis":"clv"}"""));
    assertThat(snake).contains("WEEKS").contains("946").contains("4,321 ms").contains("0.2500, 4.5000, 0.7500, 2.5000")
        .contains("6.0000, 3.5000, 15.0000");
    assertThat(camel).as("an older manifest's report").isEqualTo(snake);
  }

  private static ReportFacts withValueModel(ReportFacts f, String valueModel) throws Exception {
    var manifest = ((ObjectNode) f.manifest()).deepCopy();
    manifest.set("value_model", new ObjectMapper().readTree(valueModel));
    return new ReportFacts(f.asOf(), f.version(), f.tiers(), f.pareto(), f.history(), f.migrations(), f.rfm(), f.histograms(),
        f.newestPurchase(), f.newestInteraction(), manifest);
  }
}
