// The same RFM as FloorRfm in DuckDB, in-process, 2 threads (benchmark reference; not on the
// project's runtime classpath). Run in source-file mode with the DuckDB JDBC jar that scripts/bench
// fetches into target/bench-lib:
//   java -cp target/bench-lib/duckdb_jdbc.jar scripts/bench-jobs/DuckRfm.java TRANSACTIONS_DIR AS_OF OUT_FILE
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

public class DuckRfm {
  public static void main(String[] args) throws Exception {
    String transactions = args[0];
    String asOf = args[1];
    String out = args[2];
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = " + System.getProperty("threads", "2"));
      s.execute("""
          COPY (
            SELECT customer_id,
                   DATE '%2$s' - max(CAST(ts AS DATE)) AS recency_days,
                   count(DISTINCT transaction_id) AS frequency,
                   sum(amount) AS monetary,
                   DATE '%2$s' - min(CAST(ts AS DATE)) AS tenure_days,
                   ntile(5) OVER (ORDER BY sum(amount)) AS m_quintile
            FROM read_csv('%1$s/*.csv*', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                   ignore_errors = true, columns = {
                   'transaction_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'ts': 'TIMESTAMP',
                   'amount': 'DECIMAL(22,4)', 'currency': 'VARCHAR', 'quantity': 'BIGINT', 'channel': 'VARCHAR'})
            WHERE ts < DATE '%2$s' + INTERVAL 1 DAY AND amount > 0
            GROUP BY customer_id
          ) TO '%3$s' (FORMAT parquet)""".formatted(transactions, asOf, out));
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet('" + out + "')")) {
        r.next();
        System.out.println("duckdb: " + r.getLong(1) + " customers");
      }
    }
  }
}
