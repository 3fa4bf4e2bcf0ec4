package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.config.QualityOptions;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How ingested batches are laid out on disk, and that batches of the earlier layout stay readable. */
@ExtendWith(SharedSpark.class)
class IngestedStoreLayoutTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve("in").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private FeedIngest ingest(SparkSession spark) {
    return new FeedIngest(spark, dir.resolve("wh").toString(), new QualityOptions(new BigDecimal("100000"), 1.0));
  }

  private static List<String> ids(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows) {
    return rows.orderBy("transaction_id").select("transaction_id").as(Encoders.STRING()).collectAsList();
  }

  @Test
  void aBatchIsAFewFilesWithoutDayDirectoriesAndAnEarlierDateSeesOnlyItsDays(SparkSession spark) throws IOException {
    Path file = write("t.csv", FeedIngestTest.HEADER
        + "T1,C1,2026-11-01T10:00:00,10,EUR,1,web\n"
        + "T2,C1,2026-11-02T10:00:00,11,EUR,1,web\n"
        + "T3,C2,2026-11-03T10:00:00,12,EUR,1,web\n");
    ingest(spark).ingest(Feed.TRANSACTIONS, List.of(file.toString()), "b1", FeedIngestTest.NOW);

    Path batch = dir.resolve("wh/ingested/transactions/batch=b1");
    try (Stream<Path> entries = Files.list(batch)) {
      assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("_")))
          .as("entries of the batch directory").allMatch(n -> n.endsWith(".parquet"));
    }
    IngestedStore store = new IngestedStore(dir.resolve("wh").toString(), Feed.TRANSACTIONS);
    assertThat(ids(store.all(spark).filter(col("event_date").leq(java.sql.Date.valueOf("2026-11-02"))))).as("rows as of 2026-11-02").containsExactly("T1", "T2");
    assertThat(store.all(spark).filter(col("transaction_id").equalTo("T3")).select("event_date").as(Encoders.DATE()).first())
        .as("event date kept in the files").isEqualTo(java.sql.Date.valueOf("2026-11-03"));
  }

  @Test
  void batchesWithDayDirectoriesAreStillReadAndDeduplicatedAgainst(SparkSession spark) throws IOException {
    // A batch as written before: one event_date=D directory per day, a batch record without a layout.
    Path old = write("old.csv", FeedIngestTest.HEADER
        + "T1,C1,2026-11-01T10:00:00,10,EUR,1,web\n"
        + "T2,C1,2026-11-02T10:00:00,11,EUR,1,web\n");
    Path root = dir.resolve("wh/ingested/transactions");
    // Timestamps in the session zone, as ingest reads them.
    spark.sql("SELECT transaction_id, 'C1' AS customer_id, to_timestamp(ts) AS ts, CAST(amount AS DECIMAL(22,4)) AS amount,"
            + " 'EUR' AS currency, 1L AS quantity, 'web' AS channel, CAST(NULL AS STRING) AS line_id,"
            + " 'file:" + old + "' AS source_file, record_number, to_date(to_timestamp(ts)) AS event_date"
            + " FROM VALUES ('T1', '2026-11-01 10:00:00', 10, 1L), ('T2', '2026-11-02 10:00:00', 11, 2L)"
            + " AS t(transaction_id, ts, amount, record_number)")
        .write().partitionBy("event_date").parquet(root.resolve("batch=old").toString());
    Files.createDirectories(root.resolve("_batches"));
    Files.writeString(root.resolve("_batches/old.json"), "{\"batch\":\"old\",\"ingested_at\":\"2026-11-10T00:00:00Z\",\"read\":2,\"replaces\":[]}\n");
    try (Stream<Path> days = Files.list(root.resolve("batch=old"))) {
      assertThat(days.map(p -> p.getFileName().toString())).as("the old batch's layout").contains("event_date=2026-11-01");
    }

    Path next = write("next.csv", FeedIngestTest.HEADER
        + "T2,C1,2026-11-02T10:00:00,11,EUR,1,web\n"    // stored in the old batch
        + "T3,C2,2026-11-03T10:00:00,12,EUR,1,web\n");
    FeedIngestResult r = ingest(spark).ingest(Feed.TRANSACTIONS, List.of(next.toString()), "b2", FeedIngestTest.NOW);

    assertThat(r.duplicates()).as("duplicate of a row in the old batch").isEqualTo(1);
    IngestedStore store = new IngestedStore(dir.resolve("wh").toString(), Feed.TRANSACTIONS);
    assertThat(ids(store.all(spark))).as("rows of both layouts").containsExactly("T1", "T2", "T3");
    assertThat(ids(store.all(spark).filter(col("event_date").leq(java.sql.Date.valueOf("2026-11-01"))))).as("rows as of 2026-11-01").containsExactly("T1");
  }
}
