// The bare-Spark floor of the benchmark (scripts/bench): what the engine needs for the core of a
// run, with nothing of ours. Reads transaction CSVs with a schema, computes per customer recency,
// frequency, monetary and tenure as of a date, writes Parquet. Run in source-file mode with the
// project's runtime classpath and JVM options:
//   java <jvm-options> -cp 'jobs/target/lib/*' scripts/bench-jobs/FloorRfm.java TRANSACTIONS_DIR AS_OF OUT_DIR
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

public class FloorRfm {
  public static void main(String[] args) {
    String transactions = args[0];
    String asOf = args[1];
    String out = args[2];
    SparkSession spark = SparkSession.builder().appName("floor rfm").master(System.getProperty("spark.master", "local[*]"))
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Dataset<Row> rows = spark.read().option("header", "true")
        .schema("transaction_id STRING, customer_id STRING, ts TIMESTAMP, amount DECIMAL(22,4), currency STRING, quantity LONG, channel STRING")
        .csv(transactions)
        .filter(col("ts").lt(date_add(lit(asOf).cast("date"), 1).cast("timestamp")));
    Dataset<Row> purchases = rows.filter(col("amount").gt(0));
    Dataset<Row> rfm = purchases.groupBy("customer_id").agg(
        datediff(lit(asOf).cast("date"), max(to_date(col("ts")))).as("recency_days"),
        countDistinct(col("transaction_id")).as("frequency"),
        sum(col("amount")).as("monetary"),
        datediff(lit(asOf).cast("date"), min(to_date(col("ts")))).as("tenure_days"));
    rfm.write().mode("overwrite").parquet(out);
    System.out.println("floor: " + spark.read().parquet(out).count() + " customers");
    spark.stop();
  }
}
