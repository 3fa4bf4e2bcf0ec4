package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.ingest.Feed;
import io.github.customertiers.pipeline.ingest.IngestedStore;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Non-canonical exports through the command line ({@code tiers validate} and {@code tiers ingest})
 * with the configs shipped in docs/examples/: a messy line-item retail export, the CDNOW files
 * (fixed-width and whitespace-separated), a Parquet export with renamed columns. Case numbers refer
 * to ../shared/RELIABILITY.md.
 */
class FeedMappingCliTest {
  @TempDir Path dir;

  static Path examples() {
    return ProjectPaths.root().resolve("docs/examples");
  }

  /** The test JVM's one session (the commands run in-process share it). */
  static SparkSession spark() {
    return SharedSpark.session();
  }

  private static Dataset<Row> stored(Path warehouse) {
    return new IngestedStore(warehouse.toString(), Feed.TRANSACTIONS).all(SparkSession.active());
  }

  private static BigDecimal total(Dataset<Row> rows) {
    return rows.agg(functions.sum("amount")).first().getDecimal(0).stripTrailingZeros();
  }

  @Test
  void validateIsListedWithHelp() {
    CliRunner r = CliRunner.run("validate", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: tiers validate").contains("Dry run").contains("--config");
    assertThat(CliRunner.run("--help").out()).contains("validate");
  }

  @Test
  void messyRetailExportValidatesThenIngestsWithExactCountsPerReason() throws IOException {
    // cases 13, 14, 15, 18, 21, 23, 24, 29 on a line-item export with a BOM, quoted commas and newlines
    Path config = examples().resolve("retail/tiers.yaml");
    Path warehouse = dir.resolve("wh");
    CliRunner validate = CliRunner.run("validate", "--config", config.toString(), "--warehouse", warehouse.toString());
    assertThat(validate.exitCode()).as("exit code; stderr: %s", validate.err()).isZero();
    assertThat(validate.out())
        .containsPattern("new\\s+20\\s+9\\s+6\\s+2\\s+3\\s+\\S*online-retail\\.csv")
        .contains("quarantined: BAD_AMOUNT 1, BAD_TIMESTAMP 1, MALFORMED_ROW 1, MISSING_CUSTOMER_ID 2, REPEATED_HEADER 1")
        .contains("Result: a run would ingest these inputs");
    assertThat(warehouse).as("validate writes nothing").doesNotExist();

    CliRunner ingest = CliRunner.run("ingest", "--config", config.toString(), "--warehouse", warehouse.toString());
    assertThat(ingest.exitCode()).as("exit code; stderr: %s", ingest.err()).isZero();
    assertThat(ingest.out()).contains("transactions: 20 rows read, 9 loaded, 6 quarantined (BAD_AMOUNT 1, BAD_TIMESTAMP 1, "
        + "MALFORMED_ROW 1, MISSING_CUSTOMER_ID 2, REPEATED_HEADER 1), 2 duplicates, 3 filtered (filter_out 3)");
    assertThat(ingest.out() + ingest.err()).as("no raw row in the output (case 29)")
        .doesNotContain("HANGING HEART").doesNotContain("17850").doesNotContain("lots");

    Dataset<Row> rows = stored(warehouse);
    assertThat(rows.count()).isEqualTo(9);
    assertThat(total(rows)).as("sum of quantity x price, the cancellation negative").isEqualByComparingTo("524.77");
    Row cancellation = rows.filter("transaction_id = 'C536383'").first();
    assertThat(cancellation.<BigDecimal>getAs("amount")).isEqualByComparingTo("-4.65");
    assertThat(cancellation.<Long>getAs("quantity")).isEqualTo(-1L);
    assertThat(rows.filter("transaction_id = '536365'").count()).as("three lines of one invoice, one delivered twice")
        .isEqualTo(3);
    assertThat(rows.filter("transaction_id = '536367'").select("record_number").first().getLong(0))
        .as("the record after a quoted newline keeps its record number").isEqualTo(5);
    List<String> quarantine = SparkSession.active().read().parquet(warehouse.resolve("quarantine/transactions").toString())
        .orderBy("record_number").collectAsList().stream()
        .map(q -> q.<Long>getAs("record_number") + ":" + q.<String>getAs("reason")).toList();
    assertThat(quarantine).containsExactly("7:MISSING_CUSTOMER_ID", "8:MISSING_CUSTOMER_ID", "14:BAD_AMOUNT",
        "15:BAD_TIMESTAMP", "16:MALFORMED_ROW", "17:REPEATED_HEADER");

    CliRunner again = CliRunner.run("validate", "--config", config.toString(), "--warehouse", warehouse.toString());
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("skipped").contains("same content was ingested before");
  }

  @Test
  void messyRetailExportFailsValidationAtTheDefaultQuarantineRate() throws IOException {
    Path config = dir.resolve("retail.yaml");
    String shipped = Files.readString(examples().resolve("retail/tiers.yaml"));
    Files.writeString(config, shipped.replace("    max_quarantine_rate: 0.5\n", "")
        .replace("[online-retail.csv]", "[" + examples().resolve("retail/online-retail.csv") + "]"));
    CliRunner r = CliRunner.run("validate", "--config", config.toString(), "--warehouse", dir.resolve("wh").toString());
    assertThat(r.exitCode()).as("a run would fail").isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.out()).contains("FAIL: transactions: 6 of 20 rows quarantined (30.00%), above quality.max_quarantine_rate 1.00%")
        .contains("online-retail.csv").contains("Result: a run would fail (exit code 4)");
    CliRunner ingest = CliRunner.run("ingest", "--config", config.toString(), "--warehouse", dir.resolve("wh").toString());
    assertThat(ingest.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(ingest.err()).contains("6 of 20 rows quarantined");
    assertThat(dir.resolve("wh/ingested/transactions")).as("nothing loaded")
        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p.resolve("_files")).doesNotExist());
  }

  @Test
  void cdnowMasterAndSampleLoadEveryRowWithExactTotals() {
    // ../shared/datasets/cdnow/README.md: 69,659 rows and $2,500,315.63; 6,919 rows and $244,091.94
    Path master = dir.resolve("master");
    CliRunner validate = CliRunner.run("validate", "--config", examples().resolve("cdnow/master.yaml").toString(),
        "--warehouse", master.toString());
    assertThat(validate.exitCode()).as("stderr: %s", validate.err()).isZero();
    assertThat(validate.out()).containsPattern("new\\s+69,659\\s+69,659\\s+0\\s+0\\s+0\\s+\\S*CDNOW_master\\.txt");
    CliRunner ingest = CliRunner.run("ingest", "--config", examples().resolve("cdnow/master.yaml").toString(),
        "--warehouse", master.toString());
    assertThat(ingest.exitCode()).as("stderr: %s", ingest.err()).isZero();
    assertThat(ingest.out()).contains("69,659 rows read, 69,659 loaded, 0 quarantined, 0 duplicates, 0 filtered");
    Dataset<Row> masterRows = stored(master);
    assertThat(masterRows.count()).isEqualTo(69_659);
    assertThat(total(masterRows)).isEqualByComparingTo("2500315.63");
    assertThat(masterRows.agg(functions.sum("quantity")).first().getLong(0)).as("CDs").isEqualTo(167_881L);
    assertThat(masterRows.select("customer_id").distinct().count()).isEqualTo(23_570);
    assertThat(masterRows.filter("customer_id = '00001'").select("event_date").first().get(0).toString())
        .as("zero-padded id kept, YYYYMMDD date").isEqualTo("1997-01-01");

    Path sample = dir.resolve("sample");
    CliRunner sampleIngest = CliRunner.run("ingest", "--config", examples().resolve("cdnow/sample.yaml").toString(),
        "--warehouse", sample.toString());
    assertThat(sampleIngest.exitCode()).as("stderr: %s", sampleIngest.err()).isZero();
    assertThat(sampleIngest.out()).contains("6,919 rows read, 6,919 loaded, 0 quarantined, 0 duplicates, 0 filtered");
    Dataset<Row> sampleRows = stored(sample);
    assertThat(total(sampleRows)).isEqualByComparingTo("244091.94");
    assertThat(sampleRows.agg(functions.sum("quantity")).first().getLong(0)).as("CDs").isEqualTo(16_479L);
    assertThat(sampleRows.select("customer_id").distinct().count()).isEqualTo(2_357);
  }

  @Test
  void webShopParquetWithRenamedColumnsIsMappedMarkedAndFiltered() {
    Path orders = dir.resolve("orders");
    StructType schema = new StructType().add("order_no", DataTypes.LongType).add("shop", DataTypes.StringType)
        .add("buyer", DataTypes.StringType).add("created_at", DataTypes.TimestampType).add("gross", DataTypes.DoubleType)
        .add("qty", DataTypes.IntegerType).add("status", DataTypes.StringType).add("note", DataTypes.StringType);
    List<Row> rows = List.of(
        RowFactory.create(1001L, "S1", "B1", ts("2026-10-01T22:30:00Z"), 19.99, 2, "paid", "gift"),
        RowFactory.create(1002L, "S1", "B2", ts("2026-10-02T08:00:00Z"), 0.0005, 1, "paid", null),
        RowFactory.create(1001L, "S2", "B3", ts("2026-10-03T10:00:00Z"), 5.0, 1, "refunded", null),
        RowFactory.create(1003L, "S1", "B1", ts("2026-10-03T11:00:00Z"), 1.0, 1, "test", null));
    spark().createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(orders.toString());
    Path warehouse = dir.resolve("wh");
    CliRunner r = CliRunner.run("ingest", "--config", examples().resolve("webshop-parquet/tiers.yaml").toString(),
        "--transactions", orders.toString(), "--warehouse", warehouse.toString());
    assertThat(r.exitCode()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out()).contains("4 rows read, 3 loaded, 0 quarantined, 0 duplicates, 1 filtered");
    List<String> stored = stored(warehouse).orderBy("transaction_id").selectExpr(
            "concat_ws('|', transaction_id, customer_id, cast(event_date as string), cast(amount as string), channel)")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(stored).containsExactly(
        "S1-1001|B1|2026-10-02|19.9900|web",
        "S1-1002|B2|2026-10-02|0.0005|web",
        "S2-1001|B3|2026-10-03|-5.0000|web");
  }

  private static Timestamp ts(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  @Test
  void validateExitCodesNameTheProblem() throws IOException {
    // case 25: missing input -> 3; a Windows-1252 file in a UTF-8 feed -> rejected by name, 4; bad config -> 2
    CliRunner missing = CliRunner.run("validate", "--transactions", dir.resolve("not-delivered").toString(),
        "--warehouse", dir.resolve("wh").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCode.INPUT_NOT_READY);
    assertThat(missing.out()).contains("input not ready").contains("not-delivered");

    Path cp1252 = dir.resolve("in/cp1252.csv");
    Files.createDirectories(cp1252.getParent());
    Files.write(cp1252, "transaction_id,customer_id,ts,amount\nT1,M\u00fcller,2026-10-01,5\n"
        .getBytes(java.nio.charset.Charset.forName("windows-1252")));
    CliRunner rejected = CliRunner.run("validate", "--transactions", cp1252.toString(), "--warehouse", dir.resolve("wh").toString());
    assertThat(rejected.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(rejected.out()).contains("rejected").contains("cp1252.csv").contains("not valid UTF-8 (first invalid byte on line 2)")
        .doesNotContain("ller");

    Path unknownKey = Files.writeString(dir.resolve("k.yaml"), "feeds:\n  transactions:\n    formt: csv\n");
    CliRunner badKey = CliRunner.run("validate", "--config", unknownKey.toString(), "--transactions", "x");
    assertThat(badKey.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(badKey.err()).contains("unknown key 'feeds.transactions.formt'");

    Path badSql = Files.writeString(dir.resolve("s.yaml"), "feeds:\n  transactions:\n    expressions:\n      amount: \"Quantity *\"\n");
    CliRunner badExpression = CliRunner.run("validate", "--config", badSql.toString(), "--transactions", "x");
    assertThat(badExpression.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(badExpression.err()).contains("feeds.transactions.expressions.amount").contains("not a valid Spark SQL expression");
  }

  @Test
  void aCorrectedFileDeliveredAgainReplacesItsEarlierRowsAndBothAreReported() throws IOException {
    Path file = dir.resolve("in/orders.csv");
    Files.createDirectories(file.getParent());
    String header = "transaction_id,customer_id,ts,amount\n";
    Files.writeString(file, header + "T1,C1,2026-10-01,5\nT2,C1,2026-10-02,6\nT3,C2,2026-10-03,7\n", StandardCharsets.UTF_8);
    Path warehouse = dir.resolve("wh");
    assertThat(CliRunner.run("ingest", "--transactions", file.toString(), "--warehouse", warehouse.toString()).exitCode()).isZero();
    Files.writeString(file, header + "T1,C1,2026-10-01,5\nT2,C1,2026-10-02,60\n", StandardCharsets.UTF_8);
    CliRunner validate = CliRunner.run("validate", "--transactions", file.toString(), "--warehouse", warehouse.toString());
    assertThat(validate.out()).containsPattern("corrected\\s+2\\s+2\\s+0\\s+0\\s+0")
        .contains("replaces the earlier version").contains("3 row(s) withdrawn");
    CliRunner ingest = CliRunner.run("ingest", "--transactions", file.toString(), "--warehouse", warehouse.toString());
    assertThat(ingest.exitCode()).as("stderr: %s", ingest.err()).isZero();
    assertThat(ingest.out()).contains("2 rows read, 2 loaded").contains("replaces its earlier version(s): 3 row(s) withdrawn");
    assertThat(stored(warehouse).orderBy("transaction_id").selectExpr("concat(transaction_id, '=', cast(amount as int))")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("T1=5", "T2=60");
  }

  @Test
  void ingestAndValidateNameARejectedDatedDeliveryAndExit4WhileIngestLoadsTheOthers() throws IOException {
    // RELIABILITY case 2 outside a run: the invalid delivery is reported by name; the valid one is ingested.
    Path root = dir.resolve("deliveries");
    Files.createDirectories(root.resolve("2026-10-01"));
    Files.createDirectories(root.resolve("2026-10-02"));
    Files.writeString(root.resolve("2026-10-01/orders.csv"), "transaction_id,customer_id,ts,amount\nT1,C1,2026-10-01,5\n");
    Files.writeString(root.resolve("2026-10-02/orders.csv"), "transaction_id,customer_id,ts\nT2,C1,2026-10-02\n");
    Path warehouse = dir.resolve("wh");
    CliRunner validate = CliRunner.run("validate", "--transactions", root.toString(), "--warehouse", warehouse.toString());
    assertThat(validate.exitCode()).as("stdout: %s", validate.out()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(validate.out()).containsPattern("rejected\\s+\\S*2026-10-02/orders.csv").contains("missing required transactions column(s) [amount]");
    CliRunner ingest = CliRunner.run("ingest", "--transactions", root.toString(), "--warehouse", warehouse.toString());
    assertThat(ingest.exitCode()).as("stdout: %s stderr: %s", ingest.out(), ingest.err()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(ingest.out()).contains("REJECTED transactions delivery of 2026-10-02");
    assertThat(ingest.err()).contains("rejected transactions delivery of 2026-10-02").contains("2026-10-02/orders.csv")
        .contains("[amount]").contains("1 file(s) rejected");
    assertThat(stored(warehouse).select("transaction_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .as("the valid delivery is ingested").containsExactly("T1");
  }
}
