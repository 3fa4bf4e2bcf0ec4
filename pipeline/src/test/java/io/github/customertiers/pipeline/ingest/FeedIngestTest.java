package io.github.customertiers.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customertiers.pipeline.config.QualityOptions;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Ingest of canonical exports; case numbers refer to ../shared/RELIABILITY.md. */
@ExtendWith(SharedSpark.class)
class FeedIngestTest {
  static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");
  static final String HEADER = "transaction_id,customer_id,ts,amount,currency,quantity,channel\n";
  @TempDir Path dir;

  private FeedIngest ingest(SparkSession spark, double maxRate) {
    return new FeedIngest(spark, dir.resolve("wh").toString(), new QualityOptions(new BigDecimal("100000"), maxRate));
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve("in").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void everyRowIsLoadedQuarantinedOrDuplicateWithFileRecordAndReason(SparkSession spark) throws IOException {
    Path file = write("t.csv", HEADER
        + "T1,C1,2026-11-01T10:00:00,10.50,EUR,1,web\n"                 // 1 ok
        + "T2,,2026-11-01T10:00:00,10.50,EUR,1,web\n"                   // 2 MISSING_CUSTOMER_ID (case 24)
        + "T3,C1,03/04/2026,10.50,EUR,1,web\n"                          // 3 BAD_TIMESTAMP (case 21)
        + "T4,C1,2026-11-01,12.5x,EUR,1,web\n"                          // 4 BAD_AMOUNT (case 13)
        + "T5,C1,2026-11-01,10.50,EUR\n"                                // 5 MALFORMED_ROW (case 13)
        + "T6,C1,2030-01-01,10.50,EUR,1,web\n"                          // 6 FUTURE_TIMESTAMP (case 24)
        + "T7,C1,2026-11-01,999999999,EUR,1,web\n"                      // 7 AMOUNT_OUT_OF_RANGE (case 24)
        + "transaction_id,customer_id,ts,amount,currency,quantity,channel\n" // 8 REPEATED_HEADER (case 18)
        + "T1,C1,2026-11-01T10:00:00,10.50,EUR,1,web\n"                 // 9 duplicate of 1 (case 23)
        + "\"T8\",\"C2\",\"2026-11-02T23:30:00+01:00\",\"-3\",EUR,1,\"web, \"\"mobile\"\"\nline two\"\n"); // 10 ok, quoted (case 14)
    FeedIngestResult r = ingest(spark, 1.0).ingest(Feed.TRANSACTIONS, List.of(file.toString()), "b1", NOW);

    assertThat(r.read()).as("records read (header excluded, quoted newline is one record)").isEqualTo(10);
    assertThat(r.loaded()).as("loaded").isEqualTo(2);
    assertThat(r.duplicates()).as("exact duplicates").isEqualTo(1);
    assertThat(r.quarantinedByReason()).as("quarantined by reason").isEqualTo(Map.of(
        "MISSING_CUSTOMER_ID", 1L, "BAD_TIMESTAMP", 1L, "BAD_AMOUNT", 1L, "MALFORMED_ROW", 1L,
        "FUTURE_TIMESTAMP", 1L, "AMOUNT_OUT_OF_RANGE", 1L, "REPEATED_HEADER", 1L));
    assertThat(r.files()).allMatch(FileAccounting::balances);

    List<Row> quarantine = spark.read().parquet(dir.resolve("wh/quarantine/transactions/batch=b1").toString())
        .select("record_number", "reason").orderBy("record_number").collectAsList();
    assertThat(quarantine).extracting(q -> q.getLong(0) + ":" + q.getString(1)).as("record numbers and reasons")
        .containsExactly("2:MISSING_CUSTOMER_ID", "3:BAD_TIMESTAMP", "4:BAD_AMOUNT", "5:MALFORMED_ROW",
            "6:FUTURE_TIMESTAMP", "7:AMOUNT_OUT_OF_RANGE", "8:REPEATED_HEADER");

    Row t8 = new IngestedStore(dir.resolve("wh").toString(), Feed.TRANSACTIONS).all(spark)
        .filter("transaction_id = 'T8'").first();
    assertThat(t8.<String>getAs("channel")).as("quoted field with comma, quotes and newline").isEqualTo("web, \"mobile\"\nline two");
    assertThat(t8.<java.sql.Date>getAs("event_date").toString()).as("23:30+01:00 is 22:30 UTC, same day in the UTC business zone")
        .isEqualTo("2026-11-02");
  }

  @Test
  void byteOrderMarkReorderedAndExtraColumnsAreMappedByName(SparkSession spark) throws IOException {
    // cases 15 and 17
    Path file = write("bom.csv", "\uFEFFchannel,amount,customer_id,note,ts,transaction_id\n"
        + "web,5.00,C9,hello,2026-10-01,T1\n" + "store,7.00,C9,x,2026-10-02,T2\n");
    FeedIngestResult r = ingest(spark, 0).ingest(Feed.TRANSACTIONS, List.of(file.toString()), "b2", NOW);
    assertThat(r.loaded()).as("rows of a BOM file with reordered columns").isEqualTo(2);
    List<Row> rows = new IngestedStore(dir.resolve("wh").toString(), Feed.TRANSACTIONS).all(spark)
        .orderBy("transaction_id").collectAsList();
    assertThat(rows).extracting(x -> x.<String>getAs("customer_id") + "/" + x.<BigDecimal>getAs("amount").toPlainString())
        .containsExactly("C9/5.0000", "C9/7.0000");
  }

  @Test
  void wrongDelimiterAndMissingColumnFailBeforeWritingNamingFileAndColumns(SparkSession spark) throws IOException {
    // case 16
    Path semicolons = write("semi.csv", "transaction_id;customer_id;ts;amount\nT1;C1;2026-10-01;5\n");
    assertThatThrownBy(() -> ingest(spark, 0).ingest(Feed.TRANSACTIONS, List.of(semicolons.toString()), "b3", NOW))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("semi.csv").hasMessageContaining("not comma-separated");
    Path missing = write("missing.csv", "transaction_id,customer_id,ts\nT1,C1,2026-10-01\n");
    assertThatThrownBy(() -> ingest(spark, 0).ingest(Feed.TRANSACTIONS, List.of(missing.toString()), "b3", NOW))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("missing.csv").hasMessageContaining("[amount]");
    assertThat(dir.resolve("wh/ingested/transactions")).as("nothing written").doesNotExist();
  }

  @Test
  void emptyAndHeaderOnlyFilesAreNotASilentSuccess(SparkSession spark) throws IOException {
    // case 19
    Path empty = write("empty.csv", "");
    assertThatThrownBy(() -> ingest(spark, 0).ingest(Feed.TRANSACTIONS, List.of(empty.toString()), "b4", NOW))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty.csv").hasMessageContaining("empty");
    Path headerOnly = write("header-only.csv", HEADER);
    assertThatThrownBy(() -> ingest(spark, 0).ingest(Feed.TRANSACTIONS, List.of(headerOnly.toString()), "b5", NOW))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("0 data rows");
  }

  @Test
  void missingInputIsNotReady(SparkSession spark) {
    // case 25 (missing at run time)
    assertThatThrownBy(() -> ingest(spark, 0).ingest(Feed.TRANSACTIONS, List.of(dir.resolve("nope").toString()), "b6", NOW))
        .isInstanceOf(InputNotReadyException.class).hasMessageContaining("does not exist");
  }

  @Test
  void sameFileTwiceChangesNothingAndCrossFileDuplicatesCountOnce(SparkSession spark) throws IOException {
    // cases 1 and 23
    Path a = write("a.csv", HEADER + "T1,C1,2026-10-01,5,EUR,1,web\nT2,C1,2026-10-02,6,EUR,1,web\n");
    FeedIngest ingest = ingest(spark, 0);
    assertThat(ingest.ingest(Feed.TRANSACTIONS, List.of(a.toString()), "c1", NOW).loaded()).isEqualTo(2);
    FeedIngestResult again = ingest.ingest(Feed.TRANSACTIONS, List.of(a.toString()), "c2", NOW);
    assertThat(again.skippedFiles()).as("same content is skipped").isEqualTo(1);
    Path b = write("b.csv", HEADER + "T2,C1,2026-10-02,6,EUR,1,web\nT3,C1,2026-10-03,7,EUR,1,web\n");
    FeedIngestResult third = ingest.ingest(Feed.TRANSACTIONS, List.of(a.toString(), b.toString()), "c3", NOW);
    assertThat(third.loaded()).as("only T3 is new").isEqualTo(1);
    assertThat(third.duplicates()).as("T2 was delivered before in another file").isEqualTo(1);
    assertThat(new IngestedStore(dir.resolve("wh").toString(), Feed.TRANSACTIONS).all(spark).count()).isEqualTo(3);
  }

  @Test
  void quarantineRateAboveThresholdFailsNamingFeedAndNumbersAndLoadsNothing(SparkSession spark) throws IOException {
    Path file = write("bad.csv", HEADER + "T1,C1,2026-10-01,5,EUR,1,web\nT2,,2026-10-01,5,EUR,1,web\n");
    assertThatThrownBy(() -> ingest(spark, 0.01).ingest(Feed.TRANSACTIONS, List.of(file.toString()), "d1", NOW))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("1 of 2 rows quarantined").hasMessageContaining("bad.csv");
    assertThat(new IngestedStore(dir.resolve("wh").toString(), Feed.TRANSACTIONS).all(spark).count())
        .as("nothing loaded from a failed delivery").isZero();
  }

  @Test
  void gzipFilesAreReadAndTruncatedGzipFailsNamingTheFile(SparkSession spark) throws IOException {
    // case 20
    Path gz = dir.resolve("in/z.csv.gz");
    Files.createDirectories(gz.getParent());
    byte[] content = (HEADER + "T1,C1,2026-10-01,5,EUR,1,web\n").getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(content);
    }
    assertThat(ingest(spark, 0).ingest(Feed.TRANSACTIONS, List.of(gz.toString()), "g1", NOW).loaded()).isEqualTo(1);
    byte[] whole = Files.readAllBytes(gz);
    Path truncated = dir.resolve("in2/t.csv.gz");
    Files.createDirectories(truncated.getParent());
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 12));
    assertThatThrownBy(() -> ingest(spark, 0).ingest(Feed.TRANSACTIONS, List.of(truncated.toString()), "g2", NOW))
        .hasMessageContaining("t.csv.gz");
  }

  @Test
  void windows1252FileInAUtf8FeedIsRejectedByNameAndLoadsNothing(SparkSession spark) throws IOException {
    // case 25: "Müller" in Windows-1252 is not valid UTF-8; the whole file is rejected, naming file and line
    Path file = dir.resolve("in/cp1252.csv");
    Files.createDirectories(file.getParent());
    byte[] row = "T1,M\u00fcller,2026-10-01,5,EUR,1,web\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));
    Files.write(file, concat(HEADER.getBytes(StandardCharsets.UTF_8), row));
    assertThatThrownBy(() -> ingest(spark, 1.0).ingest(Feed.TRANSACTIONS, List.of(file.toString()), "e1", NOW))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cp1252.csv").hasMessageContaining("not valid UTF-8").hasMessageContaining("line 2")
        .hasMessageNotContaining("M\u00fcller");
    assertThat(dir.resolve("wh/ingested/transactions")).as("nothing written").doesNotExist();
  }

  @Test
  void aDatedFileThatFailsItsChecksIsRejectedWhileTheOtherFilesAreLoaded(SparkSession spark) throws IOException {
    // RELIABILITY case 2: one delivery of a backfill is invalid; the others are loaded, it is named and nothing of it is loaded.
    write("dated/2026-10-01/a.csv", HEADER + "T1,C1,2026-10-01,5,EUR,1,web\nT2,C2,2026-10-01,6,EUR,1,web\n");
    write("dated/2026-10-02/orders.csv", "transaction_id;customer_id;ts;amount\nT7;C1;2026-10-02;5\n");
    // 1 of 3 rows quarantined: above the rate of 20%; its T5 is also delivered in c.csv, which must still load it.
    write("dated/orders_20261003.csv", HEADER + "T3,C3,2026-10-03,5,EUR,1,web\nT4,,2026-10-03,5,EUR,1,web\n"
        + "T5,C5,2026-10-03,9,EUR,1,web\n");
    write("dated/2026-10-04/c.csv", HEADER + "T5,C5,2026-10-03,9,EUR,1,web\nT6,C6,2026-10-04,7,EUR,1,web\n");
    String root = dir.resolve("in/dated").toString();
    FeedIngest ingest = ingest(spark, 0.2);

    FeedIngestResult r = ingest.ingest(Feed.TRANSACTIONS, List.of(root), "r1", NOW);
    assertThat(r.batch()).isEqualTo("r1");
    assertThat(r.rejected()).extracting(f -> f.deliveryDate() + " " + new org.apache.hadoop.fs.Path(f.file()).getName())
        .containsExactly("2026-10-02 orders.csv", "2026-10-03 orders_20261003.csv");
    assertThat(r.rejected()).allMatch(f -> f.feed().equals("transactions"));
    assertThat(r.rejected().get(0).reason()).as("the message a failed ingest gives today")
        .contains("2026-10-02/orders.csv").contains("the header is not comma-separated (found ';')");
    assertThat(r.rejected().get(1).reason()).contains("1 of 3 rows quarantined").contains("orders_20261003.csv")
        .contains("quarantine/transactions/batch=r1");
    assertThat(r.files()).extracting(f -> new org.apache.hadoop.fs.Path(f.file()).getName()).containsExactly("a.csv", "c.csv");
    assertThat(r.files()).allMatch(FileAccounting::balances);
    assertThat(r.loaded()).as("T1, T2, T5 and T6").isEqualTo(4);
    assertThat(r.duplicates()).as("T5 of a rejected file does not make c.csv's T5 a duplicate").isZero();
    IngestedStore store = new IngestedStore(dir.resolve("wh").toString(), Feed.TRANSACTIONS);
    assertThat(store.all(spark).orderBy("transaction_id").select("transaction_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()).containsExactly("T1", "T2", "T5", "T6");

    // The corrected files are ingested by the next run (rejected files were not recorded as ingested).
    write("dated/2026-10-02/orders.csv", "transaction_id,customer_id,ts,amount\nT7,C1,2026-10-02,5\n");
    write("dated/orders_20261003.csv", HEADER + "T3,C3,2026-10-03,5,EUR,1,web\nT4,C4,2026-10-03,5,EUR,1,web\n"
        + "T5,C5,2026-10-03,9,EUR,1,web\n");
    FeedIngestResult again = ingest.ingest(Feed.TRANSACTIONS, List.of(root), "r2", NOW);
    assertThat(again.rejected()).isEmpty();
    assertThat(again.skippedFiles()).as("a.csv and c.csv").isEqualTo(2);
    assertThat(again.files()).filteredOn(f -> f.status() == FileAccounting.Status.INGESTED)
        .allMatch(f -> f.replaces().isEmpty(), "a rejected version has no rows to replace");
    assertThat(again.loaded()).as("T7, T3, T4").isEqualTo(3);
    assertThat(again.duplicates()).as("T5 was loaded from c.csv").isEqualTo(1);
    assertThat(store.all(spark).count()).isEqualTo(7);
  }

  @Test
  void anUndatedInvalidFileStillFailsTheWholeIngest(SparkSession spark) throws IOException {
    // RELIABILITY case 2: without a delivery date the run cannot tell which dates need the file.
    write("mixed/2026-10-01/a.csv", HEADER + "T1,C1,2026-10-01,5,EUR,1,web\n");
    write("mixed/late/semi.csv", "transaction_id;customer_id;ts;amount\nT1;C1;2026-10-01;5\n");
    assertThatThrownBy(() -> ingest(spark, 0).ingest(Feed.TRANSACTIONS, List.of(dir.resolve("in/mixed").toString()), "u1", NOW))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("late/semi.csv").hasMessageContaining("not comma-separated");
    assertThat(dir.resolve("wh/ingested/transactions")).as("nothing written").doesNotExist();
  }

  @Test
  void theDeliveryDateIsReadBelowTheConfiguredInputOnly(SparkSession spark) throws IOException {
    write("2026-09-30/orders.csv", HEADER);
    write("2026-09-30/2026-10-01/more.csv", HEADER);
    List<InputFile> files = InputFiles.list(spark.sparkContext().hadoopConfiguration(), Feed.TRANSACTIONS,
        List.of(dir.resolve("in/2026-09-30").toString()));
    assertThat(files).extracting(f -> f.name() + " " + f.deliveryDate()).containsExactly("more.csv 2026-10-01", "orders.csv null");
    List<InputFile> one = InputFiles.list(spark.sparkContext().hadoopConfiguration(), Feed.TRANSACTIONS,
        List.of(dir.resolve("in/2026-09-30/orders.csv").toString()));
    assertThat(one).singleElement().extracting(InputFile::deliveryDate).isNull();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
