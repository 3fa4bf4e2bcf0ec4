package io.github.customertiers.pipeline.stability;

import io.github.customertiers.pipeline.generate.Persona;
import org.apache.spark.sql.Column;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.PublishedDates;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import io.github.customertiers.pipeline.tiers.PreviousTiers;
import io.github.customertiers.pipeline.tiers.TierLines;
import io.github.customertiers.pipeline.tiers.TierModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Measuring tool (not a test): reads every published date of a warehouse and prints, per date
 * against the previous one, the share of customers whose tier changed, the share not explained by
 * their own scores ({@link TierStability}), the largest tier-size change, monotonicity violations
 * ({@link MonotonicityCheck}) and, with a truth directory, persona accuracy.
 *
 * <pre>
 * java -cp "jobs/target/customer-tiers.jar:jobs/target/lib/*:pipeline/target/test-classes" \
 *   io.github.customertiers.pipeline.stability.TierRangeReport WAREHOUSE [TRUTH_DIR] [BAND] [MARGIN]
 * </pre>
 * BAND (default 3) is the explained-change threshold in score points; MARGIN (default 2 x BAND)
 * is how far a buyer must beat another on both scores to count as a monotonicity violation.
 */
public final class TierRangeReport {
  private TierRangeReport() {}

  public static void main(String[] args) throws Exception {
    String warehouse = args[0];
    String truth = args.length > 1 && !args[1].isEmpty() ? args[1] : null;
    double band = args.length > 2 ? Double.parseDouble(args[2]) : 3.0;
    double margin = args.length > 3 ? Double.parseDouble(args[3]) : 2 * band;
    SparkSession spark = SparkSession.builder().master("local[2]").appName("tier-range-report")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    WarehouseLayout layout = new WarehouseLayout(warehouse);
    FileSystem fs = layout.root().getFileSystem(spark.sparkContext().hadoopConfiguration());
    List<PublishedDate> dates = new PublishedDates(fs, layout).all();
    Dataset<Row> personas = truth == null ? null
        : spark.read().option("header", "true").csv(truth).select(col("customer_id").as("t_customer_id"), col("persona"));
    System.out.println("as_of       customers changed%  unexplained%  max_size_change%  vip  key  ordinary  potential  lapsed"
        + "  monotone_violations%  persona_accuracy");
    Dataset<Row> previous = null;
    TierLines previousLines = null;
    String previousAsOf = null;
    double worstChanged = 0;
    double sumChanged = 0;
    double worstUnexplained = 0;
    double worstSize = 0;
    double worstMonotone = 0;
    double worstPersona = 1;
    int pairs = 0;
    for (PublishedDate d : dates) {
      Dataset<Row> segments = spark.read().parquet(d.segments().toString()).cache();
      TierLines lines = linesOf(fs, new Path(d.segments(), "_model.json"));
      TierStability s = previous == null ? null
          : TierStability.compare(previous, segments, band, previousLines, lines, previousAsOf);
      MonotonicityCheck.Result m = MonotonicityCheck.of(segments, margin);
      double persona = personas == null ? Double.NaN : personaAccuracy(segments, personas);
      var sizes = TierStability.sizes(segments);
      System.out.printf(Locale.ROOT, "%s %9d %8s %13s %17s %4d %4d %9d %10d %7d %21.2f %17.4f%n", d.asOf(), s == null
              ? segments.count() : s.customers(),
          s == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * s.changedShare()),
          s == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * s.unexplainedShare()),
          s == null ? "-" : String.format(Locale.ROOT, "%.1f", 100 * s.largestSizeChange(20)),
          sizes.get("vip"), sizes.get("key"), sizes.get("ordinary"), sizes.get("potential"), sizes.get("lapsed"),
          100 * m.share(), persona);
      if (s != null) {
        pairs++;
        worstChanged = Math.max(worstChanged, s.changedShare());
        sumChanged += s.changedShare();
        worstUnexplained = Math.max(worstUnexplained, s.unexplainedShare());
        worstSize = Math.max(worstSize, s.largestSizeChange(20));
      }
      worstMonotone = Math.max(worstMonotone, m.share());
      if (!Double.isNaN(persona)) {
        worstPersona = Math.min(worstPersona, persona);
      }
      if (previous != null) {
        previous.unpersist();
      }
      previous = segments;
      previousLines = lines;
      previousAsOf = d.asOf().toString();
    }
    System.out.printf(Locale.ROOT, "%d dates, %d pairs: changed%% mean %.2f worst %.2f; unexplained%% worst %.2f; "
            + "largest tier size change %.1f%%; monotonicity violations (margin %.1f) worst %.2f%%; persona accuracy worst %.4f%n",
        dates.size(), pairs, pairs == 0 ? 0 : 100 * sumChanged / pairs, 100 * worstChanged, 100 * worstUnexplained,
        100 * worstSize, margin, 100 * worstMonotone, worstPersona);
    spark.stop();
  }

  static TierLines linesOf(FileSystem fs, Path modelJson) throws java.io.IOException {
    if (!fs.exists(modelJson)) {
      return null;
    }
    try (var in = fs.open(modelJson)) {
      TierModel model = PreviousTiers.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return model == null ? null : model.lines();
    }
  }

  /**
   * Share of truth customers whose published tier is their persona's expected tier (a dormant
   * customer is right when unpublished; any other customer missing from the segments is wrong).
   */
  public static double personaAccuracy(Dataset<Row> segments, Dataset<Row> personas) {
    Dataset<Row> joined = personas.join(segments.select(col("customer_id"), col("tier")),
        personas.col("t_customer_id").equalTo(segments.col("customer_id")), "left");
    Column expected = lit(null).cast("string");
    for (Persona p : Persona.values()) {
      if (p.expectedTier().isPresent()) {
        expected = when(col("persona").equalTo(p.label()), lit(p.expectedTier().get())).otherwise(expected);
      }
    }
    var right = when(expected.isNull(), col("tier").isNull()).otherwise(expected.equalTo(col("tier")));
    Row r = joined.agg(count(lit(1)), sum(when(right, 1).otherwise(0))).first();
    return (double) r.getLong(1) / r.getLong(0);
  }
}
