// SPDX-License-Identifier: GPL-3.0-or-later
//
// How low can a lapsed tier's return rate go on CDNOW? For several orders of the published
// customers (the model's scores, or plain silence and spend), takes the K buyers at the bottom and
// prints the share of them who bought again in the holdout (1997-10-01 to 1998-06-30), for K from
// 200 to 16,287. docs/TIERS.md, "Backtest", quotes its output. Run with DuckDB's JDBC jar (scripts/bench
// fetches it into target/bench-lib/), after publishing the tiers as of 1997-09-30:
//
//   scripts/tiers run --config docs/examples/cdnow/master.yaml --as-of 1997-09-30 --warehouse /tmp/cdnow-w
//   java -cp target/bench-lib/duckdb_jdbc-1.4.2.0.jar docs/examples/cdnow/LapseFrontier.java \
//     "/tmp/cdnow-w/published/as_of=1997-09-30/current/segments/*.parquet" ../shared/datasets/cdnow/CDNOW_master.txt
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

public class LapseFrontier {
  private static final String[] ORDERS = {
    "expected_purchases", "value_score", "clv", "recency_days desc", "purchases_total, recency_days desc, monetary"};
  private static final int[] SIZES = {200, 500, 1000, 2000, 4000, 6783, 9561, 16287};

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("create table seg as select * from read_parquet('" + args[0] + "')");
      s.execute("create table lines as select regexp_split_to_array(trim(column0), '\\s+') f from read_csv('" + args[1]
          + "', header=false, delim='\\x01', quote='', escape='', columns={'column0':'VARCHAR'})");
      s.execute("create table holdout as select f[1] id, count(distinct f[2]) purchases from lines"
          + " where regexp_matches(f[1], '^[0-9]+$') and f[2] > '19970930' and f[2] <= '19980630' group by 1");
      s.execute("create table buyers as select seg.*, coalesce(h.purchases, 0) > 0 came_back"
          + " from seg left join holdout h on seg.customer_id = h.id where seg.purchases_total > 0");
      try (ResultSet r = s.executeQuery("select tier, count(*), avg(case when came_back then 1.0 else 0 end) from buyers group by 1 order by 1")) {
        while (r.next()) {
          System.out.printf("tier %-9s %6d customers, %5.1f%% came back%n", r.getString(1), r.getLong(2), 100 * r.getDouble(3));
        }
      }
      for (String order : ORDERS) {
        StringBuilder line = new StringBuilder("lowest K by " + order + ":");
        for (int k : SIZES) {
          try (ResultSet r = s.executeQuery("select avg(case when came_back then 1.0 else 0 end) from (select came_back from buyers order by "
              + order + ", customer_id limit " + k + ")")) {
            r.next();
            line.append(String.format(" %d: %.1f%%", k, 100 * r.getDouble(1)));
          }
        }
        System.out.println(line);
      }
    }
  }
}
