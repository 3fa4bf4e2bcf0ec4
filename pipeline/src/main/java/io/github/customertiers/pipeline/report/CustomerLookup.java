package io.github.customertiers.pipeline.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.github.customertiers.pipeline.cluster.SegmentModel;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.PublishedDates;
import io.github.customertiers.pipeline.publish.SegmentColumns;
import io.github.customertiers.pipeline.publish.WarehouseJson;
import io.github.customertiers.pipeline.tiers.TierModel;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Looks one customer up in the published segments (the warehouse only, no inputs): their row,
 * the range of each feature among the customers who got the same score (the cut points that
 * produced it), their distance to each cluster centroid, and their tier on every published date.
 * Only the one customer's rows and per-score aggregates reach the driver.
 */
public final class CustomerLookup {
  /** Score column, and the feature whose range per score value is shown as the score's cut points. */
  public static final Map<String, String> SCORE_BASIS = scoreBasis();

  private final SparkSession spark;
  private final FileSystem fs;

  public CustomerLookup(SparkSession spark, FileSystem fs) {
    this.spark = spark;
    this.fs = fs;
  }

  private static Map<String, String> scoreBasis() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("r_score", "recency_days");
    m.put("f_score", "frequency");
    m.put("m_score", "monetary");
    return m;
  }

  /** The customer's segment row on the date, or empty when they are not published on it. */
  public Optional<Row> row(PublishedDate date, String customerId) {
    List<Row> rows = spark.read().parquet(date.segments().toString()).filter(col("customer_id").equalTo(lit(customerId)))
        .limit(2).collectAsList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /**
   * The range of the score's basis among the customers who got the given score on the date
   * (min, max, customers): where the quantile cuts fell around this customer.
   *
   * @param basis the feature (e.g. recency_days for r_score), or {@code clv} / {@code monetary} for the value score
   */
  public double[] rangeOf(PublishedDate date, String score, int value, String basis) {
    Row r = spark.read().parquet(date.segments().toString()).filter(col(score).equalTo(lit(value)))
        .agg(min(col(basis).cast("double")), max(col(basis).cast("double")), count(lit(1))).first();
    return new double[] {r.isNullAt(0) ? Double.NaN : r.getDouble(0), r.isNullAt(1) ? Double.NaN : r.getDouble(1), r.getLong(2)};
  }

  /** The date's fitted segment model (the clusters of {@code _model.json}), when it clustered. */
  public Optional<SegmentModel> model(PublishedDate date) throws IOException {
    Path file = new Path(date.segments(), "_model.json");
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(file)) {
      return Optional.of(WarehouseJson.mapper().readValue(in, TierModel.class).clusters());
    }
  }

  /**
   * Euclidean distance, in the model's standardized space, from the customer's clustering
   * features to each centroid (cluster 0 first). The features are those of
   * {@link io.github.customertiers.pipeline.cluster.SegmentFeatures}.
   *
   * @param scoringMonths months of the scoring window (regularity denominator) of the run
   */
  public static double[] distances(SegmentModel model, Row segment, int scoringMonths) {
    double[] x = {
        Math.log1p(number(segment, "frequency")),
        Math.log1p(Math.max(0, number(segment, "monetary"))),
        Math.log1p(number(segment, "recency_days")),
        number(segment, "months_active") / scoringMonths,
        Math.log1p(number(segment, SegmentColumns.interactionsIn(segment.schema())))};
    double[] d = new double[model.centroids().length];
    for (int c = 0; c < d.length; c++) {
      double sum = 0;
      for (int j = 0; j < x.length && j < model.means().length; j++) {
        double z = (x[j] - model.means()[j]) / model.stdDevs()[j] - model.centroids()[c][j];
        sum += z * z;
      }
      d[c] = Math.sqrt(sum);
    }
    return d;
  }

  /** One stretch of consecutive published dates in the same tier. */
  public record TierSpell(String tier, LocalDate from, LocalDate to, int dates, String reason) {}

  /**
   * The customer's tier on every published date, as spells (entered on {@code from}, still there
   * on {@code to}); a gap (not published on a date) ends a spell.
   */
  public List<TierSpell> history(List<PublishedDate> dates, String customerId) {
    if (dates.isEmpty()) {
      return List.of();
    }
    Dataset<Row> all = PublishedDates.segments(spark, dates);
    Map<LocalDate, Row> byDate = new LinkedHashMap<>();
    for (Row r : all.filter(col("customer_id").equalTo(lit(customerId))).select("as_of", "tier", "reason")
        .orderBy("as_of").collectAsList()) {
      byDate.put(r.getDate(0).toLocalDate(), r);
    }
    List<TierSpell> spells = new ArrayList<>();
    TierSpell open = null;
    for (PublishedDate d : dates) {
      Row r = byDate.get(d.asOf());
      String tier = r == null ? null : r.getString(1);
      if (open != null && tier != null && tier.equals(open.tier())) {
        open = new TierSpell(open.tier(), open.from(), d.asOf(), open.dates() + 1, r.getString(2));
        continue;
      }
      if (open != null) {
        spells.add(open);
      }
      open = tier == null ? null : new TierSpell(tier, d.asOf(), d.asOf(), 1, r.getString(2));
    }
    if (open != null) {
      spells.add(open);
    }
    return spells;
  }

  static double number(Row r, String column) {
    Object v = r.get(r.fieldIndex(column));
    return v == null ? 0 : ((Number) v).doubleValue();
  }
}
