package io.github.customertiers.pipeline.testing;

import io.github.customertiers.pipeline.ingest.Feed;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Tiny inline tables in the stored schemas of the feeds. */
public final class Fixtures {
  private Fixtures() {}

  /** Rows "transaction_id,customer_id,yyyy-mm-dd,amount". */
  public static Dataset<Row> transactions(SparkSession spark, String... rows) {
    List<Row> out = new ArrayList<>();
    int n = 0;
    for (String r : rows) {
      String[] f = r.split(",");
      LocalDate day = LocalDate.parse(f[2]);
      out.add(RowFactory.create(f[0], f[1], Timestamp.valueOf(day.atTime(12, 0)), new BigDecimal(f[3]), "EUR", 1L, "web", null,
          "fixture.csv", (long) ++n, Date.valueOf(day)));
    }
    return spark.createDataFrame(out, Feed.TRANSACTIONS.storedSchema());
  }

  /** Rows "customer_id,yyyy-mm-dd,event_type". */
  public static Dataset<Row> interactions(SparkSession spark, String... rows) {
    List<Row> out = new ArrayList<>();
    int n = 0;
    for (String r : rows) {
      String[] f = r.split(",");
      LocalDate day = LocalDate.parse(f[1]);
      out.add(RowFactory.create(f[0], Timestamp.valueOf(day.atTime(12, 0)), f[2], "E" + n, "web", "fixture.csv", (long) ++n,
          Date.valueOf(day)));
    }
    return spark.createDataFrame(out, Feed.INTERACTIONS.storedSchema());
  }
}
