package io.github.customertiers.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customertiers.pipeline.config.FeedSpec;
import io.github.customertiers.pipeline.config.FeedSpecs;
import io.github.customertiers.pipeline.config.QualityOptions;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports that are not canonical: mapped columns, derived fields, returns, filters, other formats,
 * time zones, thresholds and re-deliveries. Case numbers refer to ../shared/RELIABILITY.md.
 */
@ExtendWith(SharedSpark.class)
class FeedMappingTest {
  static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");
  @TempDir Path dir;

  private FeedIngest ingest(SparkSession spark, FeedSpec transactions) {
    return new FeedIngest(spark, dir.resolve("wh").toString(), new QualityOptions(new BigDecimal("100000000"), 0.01))
        .feeds(new FeedSpecs(transactions, FeedSpec.canonical()));
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve("in").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private IngestedStore store() {
    return new IngestedStore(dir.resolve("wh").toString(), Feed.TRANSACTIONS);
  }

  private List<String> stored(SparkSession spark, String... columns) {
    return store().all(spark).selectExpr("concat_ws('|', " + String.join(", ", columns) + ")")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();
  }

  private List<String> quarantine(SparkSession spark, String batch) {
    return spark.read().parquet(dir.resolve("wh/quarantine/transactions/batch=" + batch).toString())
        .orderBy("record_number").collectAsList().stream()
        .map(q -> q.<Long>getAs("record_number") + ":" + q.<String>getAs("reason")).toList();
  }

  @Test
  void excelSemicolonExportWithBomIsMappedDerivedMarkedAndFiltered(SparkSession spark) throws IOException {
    // cases 13, 15, 21, 23, 24 on a mapped feed
    Path file = write("excel.csv", "\uFEFFBelegNr;Artikel;Menge;Einzelpreis;Datum;Kunde;Status\r\n"
        + "R100;A1;2;3,50;04.03.2024 10:15;K1;OK\r\n"      // 1 loaded, 7.00
        + "R100;A2;1;10,00;04.03.2024 10:15;K1;OK\r\n"     // 2 loaded, same transaction, other line
        + "R100;FEE;1;1,50;04.03.2024 10:15;K1;OK\r\n"     // 3 filtered: a fee, not a purchase
        + "R101;A1;1;3,50;05.03.2024 09:00;K2;STORNO\r\n"  // 4 loaded as a return: -3.50
        + "R102;A1;x;3,50;05.03.2024 09:00;K2;OK\r\n"      // 5 BAD_AMOUNT: the derived amount is not a number
        + "R103;A1;1;3,50;45356;K3;OK\r\n"                 // 6 BAD_TIMESTAMP: an Excel serial
        + "R104;A1;1;3,50;03/04/2024;K3;OK\r\n"            // 7 BAD_TIMESTAMP: day/month order never guessed
        + "R100;A1;2;3,50;04.03.2024 10:15;K1;OK\r\n"      // 8 duplicate of 1
        + "R105;A1;1;3,50;06.03.2024 12:00;;OK\r\n");      // 9 MISSING_CUSTOMER_ID
    FeedSpec spec = FeedSpec.builder().format(FeedSpec.Format.CSV).delimiter(";")
        .column("transaction_id", "BelegNr").column("customer_id", "Kunde").column("ts", "Datum")
        .column("quantity", "Menge").column("line_id", "Artikel")
        .expression("amount", "CAST(Menge AS DECIMAL(18,4)) * CAST(replace(Einzelpreis, ',', '.') AS DECIMAL(18,4))")
        .expression("currency", "'EUR'")
        .timestampFormats("dd.MM.yyyy HH:mm")
        .returnWhen("Status = 'STORNO'").filterOut("Artikel = 'FEE'")
        .maxQuarantineRate(1.0).build();
    FeedIngestResult r = ingest(spark, spec).ingest(Feed.TRANSACTIONS, List.of(file.toString()), "x1", NOW);

    assertThat(r.read()).as("records read").isEqualTo(9);
    assertThat(r.loaded()).as("loaded").isEqualTo(3);
    assertThat(r.filtered()).as("filtered fee lines").isEqualTo(1);
    assertThat(r.duplicates()).as("duplicates").isEqualTo(1);
    assertThat(r.quarantinedByReason()).as("quarantined by reason")
        .isEqualTo(Map.of("BAD_AMOUNT", 1L, "BAD_TIMESTAMP", 2L, "MISSING_CUSTOMER_ID", 1L));
    assertThat(r.files()).allMatch(FileAccounting::balances);
    assertThat(quarantine(spark, "x1")).containsExactly("5:BAD_AMOUNT", "6:BAD_TIMESTAMP", "7:BAD_TIMESTAMP", "9:MISSING_CUSTOMER_ID");
    assertThat(stored(spark, "transaction_id", "line_id", "customer_id", "cast(ts as string)", "amount", "quantity", "currency",
        "record_number")).as("stored rows").containsExactly(
        "R100|A1|K1|2024-03-04 10:15:00|7.0000|2|EUR|1",
        "R100|A2|K1|2024-03-04 10:15:00|10.0000|1|EUR|2",
        "R101|A1|K2|2024-03-05 09:00:00|-3.5000|-1|EUR|4");
  }

  @Test
  void csvWithoutHeaderUsesSourceColumnsAndDropsTheByteOrderMark(SparkSession spark) throws IOException {
    Path file = write("noheader.csv", "\uFEFFT1,C1,2026-10-01,5.00\nT2,C2,2026-10-02,6.00\n");
    FeedSpec spec = FeedSpec.builder().header(false).sourceColumns("transaction_id", "customer_id", "ts", "amount").build();
    FeedIngestResult r = ingest(spark, spec).ingest(Feed.TRANSACTIONS, List.of(file.toString()), "h1", NOW);
    assertThat(r.loaded()).isEqualTo(2);
    assertThat(stored(spark, "transaction_id", "record_number")).containsExactly("T1|1", "T2|2");
  }

  @Test
  void fixedWidthWithCrlfKeepsZeroPaddedIdsAndRejectsLinesOfTheWrongLength(SparkSession spark) throws IOException {
    Path file = write("fixed.txt", " customer_id  date number_of_cds  dollar_value\r\n"
        + " 00001 19970101  1   11.77\r\n"
        + " 00002 19970112  1   12.00\r\n"
        + " 00002 19970112  5   77.00\r\n"
        + " 00003 19970102  2   20.76  x\r\n"   // 4: content past the last field
        + " 00004 19970101  2   29.33\r\n"
        + " 00004 19970101  2   29.33\r\n");    // 6: same line again, a real repeat purchase (distinct record)
    FeedIngestResult r = ingest(spark, cdnowLike(FeedSpec.Format.FIXED_WIDTH, true))
        .ingest(Feed.TRANSACTIONS, List.of(file.toString()), "f1", NOW);
    assertThat(r.read()).isEqualTo(6);
    assertThat(r.loaded()).as("repeat purchases are distinct lines (line_id = record number)").isEqualTo(5);
    assertThat(r.quarantinedByReason()).isEqualTo(Map.of("MALFORMED_ROW", 1L));
    assertThat(quarantine(spark, "f1")).containsExactly("4:MALFORMED_ROW");
    assertThat(stored(spark, "customer_id", "transaction_id", "cast(event_date as string)", "amount", "quantity", "line_id"))
        .containsExactly(
            "00001|19970101|1997-01-01|11.7700|1|1",
            "00002|19970112|1997-01-12|12.0000|1|2",
            "00002|19970112|1997-01-12|77.0000|5|3",
            "00004|19970101|1997-01-01|29.3300|2|5",
            "00004|19970101|1997-01-01|29.3300|2|6");
  }

  @Test
  void whitespaceSeparatedTextDropsRepeatedHeadersAndFlagsWrongFieldCounts(SparkSession spark) throws IOException {
    // case 18 for text: a concatenated export repeats its header
    Path file = write("ws.txt", "customer_id date cds value\n"
        + "  00001   19970101  1    11.77\n"
        + "\n"
        + "customer_id  date  cds  value\n"
        + "00002 19970112 1\n"
        + "00003\t19970102\t2\t20.76\n");
    FeedIngestResult r = ingest(spark, cdnowLike(FeedSpec.Format.WHITESPACE, true))
        .ingest(Feed.TRANSACTIONS, List.of(file.toString()), "w1", NOW);
    assertThat(r.read()).as("blank lines are not records").isEqualTo(4);
    assertThat(r.loaded()).isEqualTo(2);
    assertThat(quarantine(spark, "w1")).containsExactly("2:REPEATED_HEADER", "3:MALFORMED_ROW");
  }

  static FeedSpec cdnowLike(FeedSpec.Format format, boolean header) {
    FeedSpec.Builder b = FeedSpec.builder().format(format).header(header)
        .sourceColumns("customer_id", "date", "cds", "value")
        .column("ts", "date").column("amount", "value").column("quantity", "cds")
        .expression("transaction_id", "date").expression("line_id", "_record_number")
        .timestampFormats("yyyyMMdd").maxQuarantineRate(1.0);
    if (format == FeedSpec.Format.FIXED_WIDTH) {
      b.widths(6, 9, 3, 8);
    }
    return b.build();
  }

  @Test
  void jsonLinesAreMappedAndUnparsableLinesQuarantined(SparkSession spark) throws IOException {
    Path file = write("orders.jsonl", "{\"order\": \"O1\", \"cust\": 7, \"at\": \"2026-10-01T10:00:00+02:00\", \"total\": 12.5}\n"
        + "{\"order\": \"O2\", \"cust\": 8, \"at\": \"2026-10-02T10:00:00Z\", \"total\": 3}\n"
        + "{bad json\n"
        + "[\"an array\"]\n"
        + "{\"order\": \"O3\", \"cust\": null, \"at\": \"2026-10-02T10:00:00Z\", \"total\": 3}\n");
    FeedSpec spec = FeedSpec.builder().column("transaction_id", "order").column("customer_id", "cust")
        .column("ts", "at").column("amount", "total").maxQuarantineRate(1.0).build();
    FeedIngestResult r = ingest(spark, spec).ingest(Feed.TRANSACTIONS, List.of(file.toString()), "j1", NOW);
    assertThat(r.loaded()).isEqualTo(2);
    assertThat(quarantine(spark, "j1")).containsExactly("3:MALFORMED_ROW", "4:MALFORMED_ROW", "5:MISSING_CUSTOMER_ID");
    assertThat(stored(spark, "transaction_id", "customer_id", "cast(ts as string)", "amount"))
        .containsExactly("O1|7|2026-10-01 08:00:00|12.5000", "O2|8|2026-10-02 10:00:00|3.0000");
  }

  @Test
  void parquetWithRenamedTypedColumnsKeepsInstantsAndExactAmounts(SparkSession spark) throws IOException {
    Path parquet = webShopParquet(spark, dir.resolve("in/webshop"));
    FeedSpec spec = FeedSpec.builder().format(FeedSpec.Format.PARQUET)
        .expression("transaction_id", "concat(shop, '-', order_no)").column("customer_id", "buyer")
        .column("ts", "created_at").column("amount", "gross").column("quantity", "qty").build();
    FeedIngestResult r = ingest(spark, spec).businessZone(ZoneId.of("Europe/Berlin"))
        .ingest(Feed.TRANSACTIONS, List.of(parquet.toString()), "p1", NOW);
    assertThat(r.loaded()).isEqualTo(2);
    assertThat(stored(spark, "transaction_id", "customer_id", "cast(event_date as string)", "amount", "quantity", "record_number"))
        .as("22:30Z is 00:30 the next day in Berlin; a large amount is not in scientific notation").containsExactly(
            "S1-1001|B1|2026-10-02|19.9900|2|1",
            "S1-1002|B2|2026-10-02|12345678.9000|1|2");
  }

  static Path webShopParquet(SparkSession spark, Path target) {
    StructType schema = new StructType().add("order_no", DataTypes.LongType).add("shop", DataTypes.StringType)
        .add("buyer", DataTypes.StringType).add("created_at", DataTypes.TimestampType).add("gross", DataTypes.DoubleType)
        .add("qty", DataTypes.IntegerType).add("note", DataTypes.StringType);
    List<Row> rows = List.of(
        RowFactory.create(1001L, "S1", "B1", Timestamp.from(Instant.parse("2026-10-01T22:30:00Z")), 19.99, 2, "gift"),
        RowFactory.create(1002L, "S1", "B2", Timestamp.from(Instant.parse("2026-10-02T08:00:00Z")), 12345678.9, 1, null));
    spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(target.toString());
    return target;
  }

  @Test
  void corruptParquetFooterAndFakeGzipFailNamingTheFile(SparkSession spark) throws IOException {
    // case 20
    Path parquetDir = webShopParquet(spark, dir.resolve("pq"));
    Path part;
    try (Stream<Path> files = Files.list(parquetDir)) {
      part = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    byte[] whole = Files.readAllBytes(part);
    Path truncated = dir.resolve("in/cut.parquet");
    Files.createDirectories(truncated.getParent());
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 20));
    assertThatThrownBy(() -> ingest(spark, FeedSpec.canonical()).ingest(Feed.TRANSACTIONS, List.of(truncated.toString()), "c1", NOW))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("cut.parquet").hasMessageContaining("not a readable Parquet file");
    Path fake = write("fake.csv.gz", "transaction_id,customer_id,ts,amount\nT1,C1,2026-10-01,5\n");
    assertThatThrownBy(() -> ingest(spark, FeedSpec.canonical()).ingest(Feed.TRANSACTIONS, List.of(fake.toString()), "c2", NOW))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("fake.csv.gz").hasMessageContaining("not a complete gzip file");
    assertThat(dir.resolve("wh/ingested/transactions")).as("nothing written").doesNotExist();
  }

  @Test
  void midnightAndDstAreAssignedByTheBusinessZoneWithOffsetsRespected(SparkSession spark) throws IOException {
    // case 22: business zone Europe/Berlin while the session zone is UTC
    Path file = write("dst.csv", "transaction_id,customer_id,ts,amount\n"
        + "T1,C1,2024-03-30T23:30:00,1\n"          // local 23:30 CET = 22:30Z, still the 30th
        + "T2,C1,2024-03-30T23:30:00Z,1\n"         // 23:30Z = 00:30 CET on the 31st
        + "T3,C1,2024-03-31T02:30:00,1\n"          // skipped by the spring change: 03:30 CEST = 01:30Z
        + "T4,C1,2024-10-27T02:30:00,1\n"          // happens twice in autumn: the earlier offset, CEST = 00:30Z
        + "T5,C1,2024-10-27T00:30:00+02:00,1\n"    // 22:30Z on the 26th is 00:30 on the 27th in Berlin
        + "T6,C1,2024-03-31,1\n");                 // a date: midnight in Berlin = 23:00Z on the 30th
    FeedIngestResult r = new FeedIngest(spark, dir.resolve("wh").toString(), QualityOptions.defaults())
        .businessZone(ZoneId.of("Europe/Berlin")).ingest(Feed.TRANSACTIONS, List.of(file.toString()), "z1", NOW);
    assertThat(r.loaded()).isEqualTo(6);
    List<String> rows = store().all(spark).orderBy("transaction_id").collectAsList().stream()
        .map(x -> x.<String>getAs("transaction_id") + " " + x.<Timestamp>getAs("ts").toInstant() + " " + x.getAs("event_date"))
        .toList();
    assertThat(rows).containsExactly(
        "T1 2024-03-30T22:30:00Z 2024-03-30",
        "T2 2024-03-30T23:30:00Z 2024-03-31",
        "T3 2024-03-31T01:30:00Z 2024-03-31",
        "T4 2024-10-27T00:30:00Z 2024-10-27",
        "T5 2024-10-26T22:30:00Z 2024-10-27",
        "T6 2024-03-30T23:00:00Z 2024-03-31");
  }

  @Test
  void aDeliveryFarBelowItsUsualVolumeFailsWithExpectedAndActualCounts(SparkSession spark) throws IOException {
    // case 19
    FeedSpec.VolumeCheck check = new FeedSpec.VolumeCheck(0.5, 5, 3, FeedSpec.OnProblem.FAIL);
    FeedIngest ingest = ingest(spark, FeedSpec.builder().volume(check).build());
    for (int d = 1; d <= 3; d++) {
      StringBuilder rows = new StringBuilder("transaction_id,customer_id,ts,amount\n");
      for (int i = 0; i < 10; i++) {
        rows.append("D").append(d).append('-').append(i).append(",C").append(i).append(",2026-10-0").append(d).append(",5\n");
      }
      ingest.ingest(Feed.TRANSACTIONS, List.of(write("day" + d + ".csv", rows.toString()).toString()), "v" + d, NOW.plusSeconds(d));
    }
    Path small = write("day4.csv", "transaction_id,customer_id,ts,amount\nD4-0,C1,2026-10-04,5\nD4-1,C2,2026-10-04,5\n");
    assertThatThrownBy(() -> ingest.ingest(Feed.TRANSACTIONS, List.of(small.toString()), "v4", NOW.plusSeconds(4)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("transactions").hasMessageContaining("day4.csv").hasMessageContaining("has 2 rows")
        .hasMessageContaining("median 10 rows over the last 3 deliveries").hasMessageContaining("expected at least 5");
    assertThat(store().all(spark).count()).as("nothing of the small delivery loaded").isEqualTo(30);

    FeedIngestResult warned = ingest(spark, FeedSpec.builder()
        .volume(new FeedSpec.VolumeCheck(0.5, 5, 3, FeedSpec.OnProblem.WARN)).build())
        .ingest(Feed.TRANSACTIONS, List.of(small.toString()), "v5", NOW.plusSeconds(5));
    assertThat(warned.loaded()).isEqualTo(2);
    assertThat(warned.warnings()).singleElement().asString().contains("far below the usual volume");
  }

  @Test
  void anEmptyFileInADeliveryFailsOrWarnsWhereConfigured(SparkSession spark) throws IOException {
    // case 19
    Path good = write("good.csv", "transaction_id,customer_id,ts,amount\nT1,C1,2026-10-01,5\n");
    Path empty = write("empty.csv", "");
    Path headerOnly = write("header-only.csv", "transaction_id,customer_id,ts,amount\r\n");
    List<String> inputs = List.of(good.toString(), empty.toString(), headerOnly.toString());
    assertThatThrownBy(() -> ingest(spark, FeedSpec.canonical()).ingest(Feed.TRANSACTIONS, inputs, "e1", NOW))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty.csv: 0 data rows")
        .hasMessageContaining("header-only.csv: 0 data rows").hasMessageContaining("expected at least 1");
    FeedIngestResult r = ingest(spark, FeedSpec.builder().emptyFiles(FeedSpec.OnProblem.WARN).build())
        .ingest(Feed.TRANSACTIONS, inputs, "e2", NOW);
    assertThat(r.loaded()).isEqualTo(1);
    assertThat(r.warnings()).hasSize(2);
    assertThat(r.files()).extracting(FileAccounting::read).containsExactlyInAnyOrder(1L, 0L, 0L);
  }

  @Test
  void aCorrectedFileUnderTheSameNameReplacesTheRowsOfItsEarlierVersion(SparkSession spark) throws IOException {
    // re-deliveries: same content skipped; corrected content replaces; both reported
    String header = "transaction_id,customer_id,ts,amount\n";
    Path file = write("orders.csv", header + "T1,C1,2026-10-01,5\nT2,C1,2026-10-02,6\nT3,C2,2026-10-03,7\n");
    FeedIngest ingest = ingest(spark, FeedSpec.canonical());
    FeedIngestResult first = ingest.ingest(Feed.TRANSACTIONS, List.of(file.toString()), "r1", NOW);
    String firstDigest = first.files().get(0).digest();
    Files.writeString(file, header + "T1,C1,2026-10-01,5\nT2,C1,2026-10-02,60\nT4,C3,2026-10-04,8\n");
    FeedIngestResult second = ingest.ingest(Feed.TRANSACTIONS, List.of(file.toString()), "r2", NOW.plusSeconds(1));
    FileAccounting corrected = second.files().get(0);
    assertThat(corrected.loaded()).as("rows of the corrected version, T1 included").isEqualTo(3);
    assertThat(corrected.duplicates()).isZero();
    assertThat(corrected.replaces()).as("earlier version reported")
        .containsExactly(new EarlierVersion(firstDigest, "r1", new org.apache.hadoop.fs.Path(corrected.file()).toUri().toString(), 3));
    assertThat(second.rowsReplaced()).isEqualTo(3);
    assertThat(stored(spark, "transaction_id", "amount")).as("only the corrected rows are visible")
        .containsExactly("T1|5.0000", "T2|60.0000", "T4|8.0000");
    FeedIngestResult third = ingest.ingest(Feed.TRANSACTIONS, List.of(file.toString()), "r3", NOW.plusSeconds(2));
    assertThat(third.skippedFiles()).as("same content again is skipped").isEqualTo(1);
    assertThat(store().all(spark).count()).isEqualTo(3);
  }

  @Test
  void validateIsADryRunThatReportsEverythingAndWritesNothing(SparkSession spark) throws IOException {
    Path good = write("v/good.csv", "transaction_id,customer_id,ts,amount\nT1,C1,2026-10-01,5\nT1,C1,2026-10-01,5\nT2,,2026-10-01,5\n");
    Path cp1252 = dir.resolve("in/v/cp1252.csv");
    Files.write(cp1252, "transaction_id,customer_id,ts,amount\nT9,M\u00fcller,2026-10-01,5\n"
        .getBytes(java.nio.charset.Charset.forName("windows-1252")));
    FeedValidation v = new FeedIngest(spark, dir.resolve("wh").toString(), QualityOptions.defaults())
        .validate(Feed.TRANSACTIONS, List.of(dir.resolve("in/v").toString()), NOW);
    assertThat(v.passes()).isFalse();
    assertThat(v.rejected()).containsOnlyKeys(new org.apache.hadoop.fs.Path("file:" + cp1252).toString());
    assertThat(v.rejected().values()).singleElement().asString().contains("not valid UTF-8");
    FileAccounting a = v.files().get(0);
    assertThat(List.of(a.read(), a.loaded(), a.duplicates(), a.quarantined())).containsExactly(3L, 1L, 1L, 1L);
    assertThat(v.failures()).singleElement().asString().contains("1 of 3 rows quarantined");
    assertThat(dir.resolve("wh")).as("a dry run writes nothing").doesNotExist();
  }

  @Test
  void recordNumbersDoNotDependOnHowFilesAreSplit(SparkSession spark) throws IOException {
    // case 12 for ingest: the same file read in one split or in many gives the same record numbers
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 60; i++) {
      text.append(i % 7 == 0 ? "broken line\n" : String.format(" %05d 19970101  1   %5d.00%n", i, i));
    }
    Path file = write("split.txt", text.toString());
    FeedSpec spec = cdnowLike(FeedSpec.Format.WHITESPACE, false);
    InputFile input = InputFiles.list(spark.sparkContext().hadoopConfiguration(), Feed.TRANSACTIONS, spec.format(),
        List.of(file.toString())).get(0);
    SourceLayout layout = InputProbe.probe(spark.sparkContext().hadoopConfiguration(), Feed.TRANSACTIONS, spec, input);
    List<String> oneSplit = numbered(spark, spec, layout);
    String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
    spark.conf().set("spark.sql.files.maxPartitionBytes", "64");
    List<String> manySplits;
    try {
      assertThat(spark.read().text(file.toString()).rdd().getNumPartitions()).as("the file is split").isGreaterThan(5);
      manySplits = numbered(spark, spec, layout);
    } finally {
      spark.conf().set("spark.sql.files.maxPartitionBytes", before);
    }
    assertThat(manySplits).isEqualTo(oneSplit);
    assertThat(oneSplit).hasSize(60).contains("7:true", "14:true", "8:false").startsWith("1:false");
    assertThat(oneSplit.get(41)).isEqualTo("42:true");
  }

  private static List<String> numbered(SparkSession spark, FeedSpec spec, SourceLayout layout) {
    return RawFeedReader.read(spark, Feed.TRANSACTIONS, spec, ZoneId.of("UTC"), List.of(layout))
        .orderBy("record_number").collectAsList().stream()
        .map(r -> r.<Long>getAs("record_number") + ":" + r.<Boolean>getAs("is_malformed")).toList();
  }

  @Test
  void aMappingNamingAMissingOrUnknownColumnFailsBeforeWritingNamingFileAndColumns(SparkSession spark) throws IOException {
    // case 16 for mapped feeds
    Path file = write("retail.csv", "Invoice,StockCode,Quantity,UnitPrice,InvoiceDate,CustomerID\n"
        + "536365,85123A,6,2.55,2010-12-01 08:26,17850\n");
    FeedSpec typo = FeedSpec.builder().column("transaction_id", "Invoice").column("customer_id", "CustomerID")
        .column("ts", "InvoiceDate").column("amount", "UnitPrise").build();
    assertThatThrownBy(() -> ingest(spark, typo).ingest(Feed.TRANSACTIONS, List.of(file.toString()), "m1", NOW))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("retail.csv").hasMessageContaining("'UnitPrise' (feeds.transactions.columns.amount) (did you mean 'unitprice'?)");
    FeedSpec badExpression = FeedSpec.builder().column("transaction_id", "Invoice").column("customer_id", "CustomerID")
        .column("ts", "InvoiceDate").expression("amount", "Quantity * Price").build();
    assertThatThrownBy(() -> ingest(spark, badExpression).ingest(Feed.TRANSACTIONS, List.of(file.toString()), "m2", NOW))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("retail.csv")
        .hasMessageContaining("'Price' (feeds.transactions.expressions.amount) (did you mean 'unitprice'?)")
        .hasMessageNotContaining("UNRESOLVED_COLUMN");
    assertThat(dir.resolve("wh/ingested/transactions")).as("nothing written").doesNotExist();
  }

  @Test
  void interactionsAreMappedAndFilteredToo(SparkSession spark) throws IOException {
    Path file = write("events.csv", "Kunde|Zeit|Ereignis|Kanal\n"
        + "K1|2026-10-01 10:00|email_open|mail\n"
        + "K1|2026-10-01 10:05|heartbeat|app\n"      // filtered: not a customer action
        + "|2026-10-01 10:06|visit|web\n"            // MISSING_CUSTOMER_ID
        + "K2|2026-10-02 11:00|visit|web\n");
    FeedSpec spec = FeedSpec.builder().delimiter("|").column("customer_id", "Kunde").column("ts", "Zeit")
        .column("event_type", "Ereignis").column("channel", "Kanal").filterOut("Ereignis = 'heartbeat'")
        .maxQuarantineRate(1.0).build();
    FeedIngestResult r = new FeedIngest(spark, dir.resolve("wh").toString(), QualityOptions.defaults())
        .feeds(new FeedSpecs(FeedSpec.canonical(), spec))
        .ingest(Feed.INTERACTIONS, List.of(file.toString()), "i1", NOW);
    assertThat(List.of(r.read(), r.loaded(), r.filtered(), r.quarantined())).containsExactly(4L, 2L, 1L, 1L);
    assertThat(new IngestedStore(dir.resolve("wh").toString(), Feed.INTERACTIONS).all(spark)
        .selectExpr("concat_ws('|', customer_id, event_type, channel)").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()).containsExactlyInAnyOrder("K1|email_open|mail", "K2|visit|web");
  }

  @Test
  void filteredRowsAreCountedPerNamedRuleUnderTheFirstRuleThatMatches(SparkSession spark) throws IOException {
    // issue 14, defect 11: guest checkouts and fee lines are both filtered, but counted apart
    Path first = write("a.csv", "Invoice,Customer,Code,ts,amount\n"
        + "I1,C1,A1,2026-10-01,5.00\n"     // loaded
        + "I2,,A1,2026-10-01,6.00\n"       // guest
        + "I3, ,A2,2026-10-01,7.00\n"      // guest (blank)
        + "I4,C2,POST,2026-10-01,1.00\n"   // fee
        + "I5,,POST,2026-10-01,1.00\n"     // guest and fee: the first rule in order (guest) counts it
        + "I6,C3,A1,not-a-date,1.00\n");   // quarantined, not filtered
    Path second = write("b.csv", "Invoice,Customer,Code,ts,amount\n"
        + "I7,C1,post,2026-10-02,1.00\n"   // fee (any case)
        + "I8,C4,A1,2026-10-02,9.00\n");   // loaded
    FeedSpec spec = FeedSpec.builder().column("transaction_id", "Invoice").column("customer_id", "Customer")
        .filterRule("guest_checkout", "Customer IS NULL OR trim(Customer) = ''")
        .filterRule("fees", "upper(trim(Code)) = 'POST'")
        .maxQuarantineRate(1.0).build();
    FeedIngestResult r = ingest(spark, spec).ingest(Feed.TRANSACTIONS, List.of(first.toString(), second.toString()), "r1", NOW);

    assertThat(r.filteredByRule()).as("filtered per rule, all files").isEqualTo(Map.of("guest_checkout", 3L, "fees", 2L));
    assertThat(r.filtered()).as("filtered in all").isEqualTo(5);
    assertThat(r.files()).as("per file").extracting(f -> Path.of(f.file()).getFileName().toString(), FileAccounting::filteredByRule)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("a.csv", Map.of("guest_checkout", 3L, "fees", 1L)),
            org.assertj.core.groups.Tuple.tuple("b.csv", Map.of("fees", 1L)));
    assertThat(List.of(r.read(), r.loaded(), r.quarantined())).containsExactly(8L, 2L, 1L);
    assertThat(r.files()).allMatch(FileAccounting::balances);
    assertThat(stored(spark, "transaction_id")).containsExactly("I1", "I8");
  }

  @Test
  void anUnnamedFilterIsTheRuleFilterOutAndRuleNamesAreChecked(SparkSession spark) throws IOException {
    Path file = write("u.csv", "transaction_id,customer_id,ts,amount\nT1,C1,2026-10-01,0\nT2,C1,2026-10-01,3\n");
    FeedIngestResult r = ingest(spark, FeedSpec.builder().filterOut("CAST(amount AS DOUBLE) = 0").build())
        .ingest(Feed.TRANSACTIONS, List.of(file.toString()), "u1", NOW);
    assertThat(r.filteredByRule()).isEqualTo(Map.of(FeedSpec.UNNAMED_FILTER_RULE, 1L));
    assertThatThrownBy(() -> FeedSpec.builder().filterRule("guest checkout", "x IS NULL").build())
        .hasMessageContaining("'guest checkout'");
    assertThatThrownBy(() -> FeedMapping.check(Feed.TRANSACTIONS, FeedSpec.builder().filterRule("fees", "Code IN (").build()))
        .hasMessageContaining("feeds.transactions.filter_out.fees");
  }

  @Test
  void specsAreCheckedBeforeAnyIo() {
    assertThatThrownBy(() -> FeedMapping.check(Feed.TRANSACTIONS, FeedSpec.builder().column("amout", "x").build()))
        .hasMessageContaining("feeds.transactions.columns.amout").hasMessageContaining("known");
    assertThatThrownBy(() -> FeedMapping.check(Feed.INTERACTIONS, FeedSpec.builder().returnWhen("x < 0").build()))
        .hasMessageContaining("transactions feed only");
    assertThatThrownBy(() -> FeedMapping.check(Feed.TRANSACTIONS, FeedSpec.builder().expression("amount", "Quantity *").build()))
        .hasMessageContaining("feeds.transactions.expressions.amount").hasMessageContaining("not a valid Spark SQL expression");
    assertThatThrownBy(() -> FeedMapping.check(Feed.TRANSACTIONS, FeedSpec.builder().header(false)
        .sourceColumns("a", "b").build()))
        .hasMessageContaining("required transactions column(s)");
    assertThatThrownBy(() -> FeedSpec.builder().format(FeedSpec.Format.FIXED_WIDTH).sourceColumns("a", "b").widths(3).build())
        .hasMessageContaining("widths");
    assertThatThrownBy(() -> FeedSpec.builder().delimiter(";;").build()).hasMessageContaining("delimiter");
    assertThat(RowValidation.hasOffsetLetters("yyyy-MM-dd'T'HH:mm:ssXXX")).isTrue();
    assertThat(RowValidation.hasOffsetLetters("dd.MM.yyyy 'Zeit' HH:mm")).isFalse();
  }
}
