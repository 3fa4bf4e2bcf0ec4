package io.github.customertiers.pipeline.report;

import io.github.customertiers.pipeline.cluster.SegmentModel;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.SegmentColumns;
import io.github.customertiers.pipeline.publish.WarehouseJson;
import io.github.customertiers.pipeline.tiers.TierModel;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Looks one customer up in the published segments (the warehouse only, no inputs): their row,
 * the range of each feature among the customers who got the same score (the cut points that
 * produced it), their distance to each cluster centroid, and their tier on every published date.
 * Reads the Parquet files directly (no Spark session: a lookup answers in about a second instead
 * of waiting for Spark to start); only the one customer's rows and per-score ranges are kept.
 */
public final class CustomerLookup {
  /** Score column, and the feature whose range per score value is shown as the score's cut points. */
  public static final Map<String, String> SCORE_BASIS = scoreBasis();

  private static final List<String> HISTORY_COLUMNS = List.of("customer_id", "tier", "reason");

  private final FileSystem fs;
  private final SegmentTableReader reader;

  public CustomerLookup(FileSystem fs) {
    this.fs = fs;
    this.reader = new SegmentTableReader(fs);
  }

  private static Map<String, String> scoreBasis() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("r_score", "recency_days");
    m.put("f_score", "frequency");
    m.put("m_score", "monetary");
    return m;
  }

  /** The customer's segment row on the date (every column), or empty when they are not published on it. */
  public Optional<SegmentRecord> row(PublishedDate date, String customerId) throws IOException {
    List<SegmentRecord> rows = reader.customer(date.segments(), customerId, List.of());
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /**
   * For each score of {@code scoreToBasis} that the customer has, the range of its basis among the
   * customers who got the same score on the date (min, max, customers): where the quantile cuts
   * fell around this customer. One pass over the date's table for all scores.
   *
   * @param scoreToBasis score column to its basis: a feature (recency_days for r_score), or
   *     {@code clv} / {@code monetary} for the value score
   * @return per score (in the order given), only the scores the customer has
   */
  public Map<String, ScoreRange> rangesOf(PublishedDate date, SegmentRecord customer, Map<String, String> scoreToBasis)
      throws IOException {
    Map<String, Double> scoreOfCustomer = new LinkedHashMap<>();
    Set<String> columns = new LinkedHashSet<>();
    for (Map.Entry<String, String> e : scoreToBasis.entrySet()) {
      if (!customer.isNull(e.getKey())) {
        scoreOfCustomer.put(e.getKey(), (double) (int) customer.number(e.getKey()));
        columns.add(e.getKey());
        columns.add(e.getValue());
      }
    }
    Map<String, ScoreRange> ranges = new LinkedHashMap<>();
    scoreOfCustomer.keySet().forEach(s -> ranges.put(s, ScoreRange.EMPTY));
    if (columns.isEmpty()) {
      return ranges;
    }
    reader.scan(date.segments(), columns, r -> {
      for (Map.Entry<String, Double> s : scoreOfCustomer.entrySet()) {
        if (!r.isNull(s.getKey()) && r.number(s.getKey()) == s.getValue()) {
          Object basis = r.value(scoreToBasis.get(s.getKey()));
          ranges.compute(s.getKey(), (k, range) -> range.with(basis instanceof Number n ? n.doubleValue() : null));
        }
      }
    });
    return ranges;
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
  public static double[] distances(SegmentModel model, SegmentRecord segment, int scoringMonths) {
    String interactions = segment.has(SegmentColumns.INTERACTIONS_RECENT) ? SegmentColumns.INTERACTIONS_RECENT : "interactions_90d";
    double[] x = {
        Math.log1p(segment.number("frequency")),
        Math.log1p(Math.max(0, segment.number("monetary"))),
        Math.log1p(segment.number("recency_days")),
        segment.number("months_active") / scoringMonths,
        Math.log1p(segment.number(interactions))};
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
   * on {@code to}); a gap (not published on a date) ends a spell. Reads the customer_id, tier and
   * reason columns of each date, with the customer_id filter pushed down to the Parquet reader.
   */
  public List<TierSpell> history(List<PublishedDate> dates, String customerId) throws IOException {
    List<TierSpell> spells = new ArrayList<>();
    TierSpell open = null;
    for (PublishedDate d : dates) {
      List<SegmentRecord> rows = reader.customer(d.segments(), customerId, HISTORY_COLUMNS);
      String tier = rows.isEmpty() ? null : rows.get(0).text("tier");
      String reason = rows.isEmpty() ? null : rows.get(0).text("reason");
      if (open != null && tier != null && tier.equals(open.tier())) {
        open = new TierSpell(open.tier(), open.from(), d.asOf(), open.dates() + 1, reason);
        continue;
      }
      if (open != null) {
        spells.add(open);
      }
      open = tier == null ? null : new TierSpell(tier, d.asOf(), d.asOf(), 1, reason);
    }
    if (open != null) {
      spells.add(open);
    }
    return spells;
  }
}
