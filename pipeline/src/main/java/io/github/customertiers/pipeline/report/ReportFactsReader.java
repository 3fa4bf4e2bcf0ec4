package io.github.customertiers.pipeline.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.report.ReportFacts.DatedTierCounts;
import io.github.customertiers.pipeline.report.ReportFacts.MigrationCell;
import io.github.customertiers.pipeline.report.ReportFacts.ParetoPoint;
import io.github.customertiers.pipeline.report.ReportFacts.RfmCell;
import io.github.customertiers.pipeline.report.ReportFacts.TierFacts;
import io.github.customertiers.pipeline.publish.WarehouseJson;
import io.github.customertiers.pipeline.scores.QuantileCuts;
import io.github.customertiers.pipeline.tiers.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the facts of one date's report from the warehouse only: aggregates of its segment table
 * computed by Spark (a handful of small group-bys; nothing per customer reaches the driver), its
 * manifest, and the manifests of the earlier published dates for the history.
 */
public final class ReportFactsReader {
  /** Published dates shown in the history chart, by default. */
  public static final int HISTORY_DATES = 90;
  /** Points of the Pareto curve: percentiles of buyers by monetary value. */
  static final int PARETO_BUCKETS = 100;

  private final SparkSession spark;
  private final FileSystem fs;

  public ReportFactsReader(SparkSession spark, FileSystem fs) {
    this.spark = spark;
    this.fs = fs;
  }

  /**
   * @param date the date to report (published, or staged and about to be published)
   * @param earlier published dates before it (any number; the latest {@link #HISTORY_DATES} - 1 are used)
   */
  public ReportFacts read(PublishedDate date, List<PublishedDate> earlier) throws IOException {
    spark.sparkContext().setJobGroup("report", "report aggregates as of " + date.asOf(), false);
    try {
      Dataset<Row> segments = spark.read().parquet(date.segments().toString());
      JsonNode manifest = manifest(fs, date.segments());
      PerTier perTier = perTier(segments);
      return new ReportFacts(date.asOf(), date.version(), perTier.tiers(), pareto(segments),
          history(date, manifest, earlier), migrations(manifest), rfm(segments), perTier.histograms(),
          perTier.newestPurchase(), perTier.newestInteraction(), manifest);
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /** The date's {@code _manifest.json}, or an empty object when it has none (a legacy date). */
  public static JsonNode manifest(FileSystem fs, Path segments) throws IOException {
    Path file = new Path(segments, "_manifest.json");
    if (!fs.exists(file)) {
      return WarehouseJson.mapper().createObjectNode();
    }
    try (InputStream in = fs.open(file)) {
      return WarehouseJson.mapper().readTree(in);
    }
  }

  /** What one group-by over the tiers answers: the tier facts, the score histograms and the newest dates. */
  private record PerTier(List<TierFacts> tiers, Map<String, Map<String, long[]>> histograms, LocalDate newestPurchase,
      LocalDate newestInteraction) {}

  /** Columns of {@link #perTier} before the histogram bins: tier, ten tier facts, two newest dates. */
  private static final int HISTOGRAM_OFFSET = 13;

  /**
   * The tier facts, the histograms (per score and tier, the customers in each tenth of the score's
   * range: value and loyalty 0..100, P(alive) 0..1) and the newest purchase and interaction dates,
   * in one aggregation by tier: one query instead of five.
   */
  private static PerTier perTier(Dataset<Row> segments) {
    List<Column> aggregates = new ArrayList<>(List.of(
        count(lit(1)), sum(col("monetary")).cast("double"),
        min("value_score"), max("value_score"), percentile_approx(col("value_score"), lit(0.5), lit(10000)),
        min("loyalty_score"), max("loyalty_score"), percentile_approx(col("loyalty_score"), lit(0.5), lit(10000)),
        avg("p_alive"), sum(col("expected_value")).cast("double"),
        max("last_purchase_date"), max("last_interaction_date")));
    for (String score : ReportFacts.DISTRIBUTED_SCORES) {
      // tenths of the range: P(alive) 0..1, the scores 0..100 (divided, not multiplied by 0.1, so 30 stays exactly 3)
      Column scaled = score.equals("p_alive") ? col(score).cast("double").multiply(10) : col(score).cast("double").divide(10);
      Column bin = least(lit(9), floor(scaled).cast("int"));
      Column present = col(score).isNotNull();
      for (int i = 0; i < 10; i++) {
        // a value below the range counts in the first tenth
        Column inBin = i == 0 ? bin.leq(0) : bin.equalTo(i);
        aggregates.add(sum(when(present.and(inBin), 1).otherwise(0)));
      }
    }
    List<Row> rows = segments.groupBy("tier").agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
        .collectAsList();
    List<TierFacts> tiers = new ArrayList<>();
    Map<String, Map<String, long[]>> histograms = new LinkedHashMap<>();
    for (String score : ReportFacts.DISTRIBUTED_SCORES) {
      Map<String, long[]> perTier = new LinkedHashMap<>();
      for (Tier t : Tier.values()) {
        perTier.put(t.label(), new long[10]);
      }
      histograms.put(score, perTier);
    }
    for (Tier t : Tier.values()) {
      Row r = rows.stream().filter(x -> t.label().equals(x.getString(0))).findFirst().orElse(null);
      if (r == null) {
        tiers.add(new TierFacts(t.label(), 0, 0, null, null, null, null, null, null, null, 0));
        continue;
      }
      tiers.add(new TierFacts(t.label(), r.getLong(1), r.isNullAt(2) ? 0 : r.getDouble(2),
          integer(r, 3), integer(r, 4), number(r, 5), number(r, 6), number(r, 7), number(r, 8), number(r, 9),
          r.isNullAt(10) ? 0 : r.getDouble(10)));
      for (int s = 0; s < ReportFacts.DISTRIBUTED_SCORES.size(); s++) {
        long[] bins = histograms.get(ReportFacts.DISTRIBUTED_SCORES.get(s)).get(t.label());
        for (int i = 0; i < 10; i++) {
          int at = HISTOGRAM_OFFSET + 10 * s + i;
          bins[i] = r.isNullAt(at) ? 0 : r.getLong(at);
        }
      }
    }
    // The newest dates of all customers: the latest of every tier's (a null tier included).
    LocalDate newestPurchase = null;
    LocalDate newestInteraction = null;
    for (Row r : rows) {
      newestPurchase = later(newestPurchase, r, 11);
      newestInteraction = later(newestInteraction, r, 12);
    }
    return new PerTier(tiers, histograms, newestPurchase, newestInteraction);
  }

  private static LocalDate later(LocalDate current, Row r, int i) {
    if (r.isNullAt(i)) {
      return current;
    }
    LocalDate d = r.getDate(i).toLocalDate();
    return current == null || d.isAfter(current) ? d : current;
  }

  /**
   * Buyers with a positive net value in 100 equal-count buckets by monetary value; the curve
   * accumulates the buckets from the most valuable down. Ties share a bucket, so a point may span
   * more than one percent of buyers; the shares are exact counts either way.
   */
  private static List<ParetoPoint> pareto(Dataset<Row> segments) {
    Dataset<Row> buyers = segments.filter(col("monetary").gt(0)).select(col("monetary").cast("double").as("monetary"));
    double[] cuts = QuantileCuts.equalCount(buyers, "monetary", PARETO_BUCKETS);
    List<Row> buckets = buyers.groupBy(QuantileCuts.bucket(col("monetary"), cuts).as("bucket"))
        .agg(count(lit(1)), sum("monetary")).orderBy(col("bucket").desc()).collectAsList();
    long customers = buckets.stream().mapToLong(r -> r.getLong(1)).sum();
    double revenue = buckets.stream().mapToDouble(r -> r.getDouble(2)).sum();
    List<ParetoPoint> points = new ArrayList<>();
    points.add(new ParetoPoint(0, 0));
    long c = 0;
    double v = 0;
    for (Row r : buckets) {
      c += r.getLong(1);
      v += r.getDouble(2);
      points.add(new ParetoPoint((double) c / customers, v / revenue));
    }
    return points;
  }

  private List<DatedTierCounts> history(PublishedDate date, JsonNode manifest, List<PublishedDate> earlier) throws IOException {
    List<PublishedDate> before = earlier.stream().filter(d -> d.asOf().isBefore(date.asOf()))
        .sorted(Comparator.comparing(PublishedDate::asOf)).toList();
    before = before.subList(Math.max(0, before.size() - (HISTORY_DATES - 1)), before.size());
    List<DatedTierCounts> out = new ArrayList<>();
    for (PublishedDate d : before) {
      out.add(counts(d.asOf(), manifest(fs, d.segments())));
    }
    out.add(counts(date.asOf(), manifest));
    return out;
  }

  private static DatedTierCounts counts(LocalDate asOf, JsonNode manifest) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Tier t : Tier.values()) {
      counts.put(t.label(), 0L);
    }
    for (JsonNode t : manifest.path("tiers")) {
      counts.put(t.path("tier").asText(), t.path("customers").asLong());
    }
    return new DatedTierCounts(asOf, counts);
  }

  private static List<MigrationCell> migrations(JsonNode manifest) {
    List<MigrationCell> out = new ArrayList<>();
    for (JsonNode m : manifest.path("migrations")) {
      out.add(new MigrationCell(m.path("from_tier").asText(), m.path("to_tier").asText(), m.path("customers").asLong(),
          m.path("revenue").asDouble()));
    }
    return out;
  }

  private static List<RfmCell> rfm(Dataset<Row> segments) {
    List<RfmCell> out = new ArrayList<>();
    for (Row r : segments.filter(col("r_score").isNotNull().and(col("f_score").isNotNull()))
        .groupBy("r_score", "f_score").agg(count(lit(1)), avg(col("monetary").cast("double")))
        .orderBy("r_score", "f_score").collectAsList()) {
      out.add(new RfmCell(r.getInt(0), r.getInt(1), r.getLong(2), r.isNullAt(3) ? 0 : r.getDouble(3)));
    }
    return out;
  }

  private static Integer integer(Row r, int i) {
    return r.isNullAt(i) ? null : ((Number) r.get(i)).intValue();
  }

  private static Double number(Row r, int i) {
    return r.isNullAt(i) ? null : ((Number) r.get(i)).doubleValue();
  }
}
