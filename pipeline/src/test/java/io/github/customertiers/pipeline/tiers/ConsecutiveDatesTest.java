package io.github.customertiers.pipeline.tiers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.config.ClusteringOptions;
import io.github.customertiers.pipeline.config.TierPolicy;
import io.github.customertiers.pipeline.config.Windows;
import io.github.customertiers.pipeline.features.CustomerFeatures;
import io.github.customertiers.pipeline.generate.GeneratedExports;
import io.github.customertiers.pipeline.generate.GeneratorOptions;
import io.github.customertiers.pipeline.generate.SyntheticExports;
import io.github.customertiers.pipeline.scores.CustomerScores;
import io.github.customertiers.pipeline.stability.MonotonicityCheck;
import io.github.customertiers.pipeline.stability.TierRangeReport;
import io.github.customertiers.pipeline.stability.TierStability;
import io.github.customertiers.pipeline.testing.Fixtures;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small generated range tiered date after date the way the nightly run does (previous tiers and
 * model carried): few and explained tier changes, no collapsing tier, monotone tiers, personas recovered.
 */
@ExtendWith(SharedSpark.class)
class ConsecutiveDatesTest {
  static final LocalDate LAST = LocalDate.of(2026, 6, 30);
  static final int DATES = 4;

  @TempDir static Path tmp;

  @Test
  void consecutiveDatesAreStableMonotoneAndRecoverPersonas(SparkSession spark) throws IOException {
    GeneratedExports exports = SyntheticExports.generate(spark,
        new GeneratorOptions(tmp.resolve("exports").toString(), 800, 400, LAST, 11, 0));
    Dataset<Row> tx = Fixtures.transactions(spark, lines(Path.of(exports.transactionsDir()), "transactions-").stream()
        .map(f -> f[0] + "," + f[1] + "," + f[2].substring(0, 10) + "," + f[3]).toArray(String[]::new)).cache();
    Dataset<Row> ix = Fixtures.interactions(spark, lines(Path.of(exports.interactionsDir()), "interactions-").stream()
        .map(f -> f[1] + "," + f[2].substring(0, 10) + "," + f[3]).toArray(String[]::new)).cache();
    Dataset<Row> personas = spark.read().option("header", "true").csv(exports.personasDir())
        .select(col("customer_id").as("t_customer_id"), col("persona"));
    // The generator's shop has more regulars and loyal buyers than the default 20% ring: the sample's 30% (sample-data/tiers.yaml).
    TierAssignment tiering = new TierAssignment(Windows.defaults(), new TierPolicy(0.05, 0.30), ClusteringOptions.defaults(), 0);

    PreviousTiers previous = PreviousTiers.none();
    Dataset<Row> previousSegments = null;
    for (int d = DATES - 1; d >= 0; d--) {
      LocalDate asOf = LAST.minusDays(d);
      Dataset<Row> features = CustomerFeatures.compute(tx.filter(col("event_date").leq(lit(java.sql.Date.valueOf(asOf)))),
          ix.filter(col("event_date").leq(lit(java.sql.Date.valueOf(asOf)))), asOf, Windows.defaults());
      Dataset<Row> scored = CustomerScores.score(features, "monetary", 12);
      TieredCustomers tiered = tiering.assign(scored, "monetary", asOf, previous);
      Dataset<Row> segments = tiered.segments().cache();
      String label = "as of " + asOf;
      assertThat(tiered.model().lines()).as("lines saved in the model " + label).isNotNull();
      if (previousSegments != null) {
        TierStability s = TierStability.compare(previousSegments, segments, 3, previous.model().lines(),
            tiered.model().lines(), asOf.minusDays(1).toString());
        assertThat(s.changedShare()).as("share changing tier " + label).isLessThanOrEqualTo(0.03);
        assertThat(s.unexplainedShare()).as("unexplained share " + label).isLessThanOrEqualTo(0.01);
        assertThat(s.largestSizeChange(20)).as("largest tier size change " + label).isLessThanOrEqualTo(0.15);
        assertThat(tiered.model().clusters().warmStarted()).as("k-means warm-started " + label).isTrue();
        assertThat(tiered.model().clusters().k()).as("k kept " + label).isEqualTo(previous.model().clusters().k());
      }
      assertThat(MonotonicityCheck.of(segments, 6).share()).as("monotonicity violations " + label).isLessThan(0.01);
      // The truth describes customers as of LAST: before it, drifting regulars are still crossing into
      // lapsed and new customers may not have bought yet, so earlier dates are held to the personas
      // whose tier does not depend on the date.
      Dataset<Row> judged = asOf.equals(LAST) ? personas : personas.filter(org.apache.spark.sql.functions.not(col("persona").isin("drifting", "new")));
      assertThat(TierRangeReport.personaAccuracy(segments, judged)).as("persona accuracy " + label).isGreaterThanOrEqualTo(0.95);
      assertThat(segments.filter(col("reason").rlike("(^|\\D)1 (orders|days|interactions)")).count())
          .as("plurals of one " + label).isZero();
      previous = new PreviousTiers(segments.select(col("customer_id").as("band_customer_id"), col("tier").as("band_previous_tier")),
          tiered.model(), asOf.toString());
      previousSegments = segments;
    }
  }

  private static List<String[]> lines(Path dir, String prefix) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList()) {
        List<String> all = Files.readAllLines(f);
        all.subList(1, all.size()).forEach(l -> out.add(l.split(",", -1)));
      }
    }
    return out;
  }
}
