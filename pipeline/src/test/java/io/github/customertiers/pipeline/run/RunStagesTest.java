package io.github.customertiers.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.github.customertiers.pipeline.config.ActionOptions;
import io.github.customertiers.pipeline.config.ClusteringOptions;
import io.github.customertiers.pipeline.config.QualityOptions;
import io.github.customertiers.pipeline.config.TierPolicy;
import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.config.ValueModelOptions;
import io.github.customertiers.pipeline.config.Windows;
import io.github.customertiers.pipeline.publish.DeltaTables;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.PublishedDates;
import io.github.customertiers.pipeline.publish.SegmentColumns;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import io.github.customertiers.pipeline.testing.Fixtures;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The run's stages on tiny inline tables, without the ingest. */
@ExtendWith(SharedSpark.class)
class RunStagesTest {
  static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
  @TempDir Path dir;
  final List<String> progress = new ArrayList<>();

  RunContext context(SparkSession spark, boolean allowEmpty, String runId) {
    return context(spark, allowEmpty, false, runId);
  }

  RunContext context(SparkSession spark, boolean allowEmpty, boolean delta, String runId) {
    TiersConfig config = new TiersConfig(ZoneId.of("UTC"), dir.resolve("wh").toUri().toString(), List.of("unused"), List.of(),
        null, Windows.defaults(), TierPolicy.defaults(), ClusteringOptions.defaults(), QualityOptions.defaults(),
        ValueModelOptions.defaults(), allowEmpty, delta, null, Map.of(), ActionOptions.defaults(), List.of());
    return RunContext.of(spark, config, "test", runId, Clock.fixed(Instant.parse("2026-07-01T03:00:00Z"), ZoneOffset.UTC),
        progress::add);
  }

  Dataset<Row> transactions(SparkSession spark) {
    return Fixtures.transactions(spark,
        "a1,A,2026-06-01,500", "a2,A,2026-06-20,700",
        "b1,B,2026-05-01,40",
        "c1,C,2025-09-01,90",                 // lapsed by the end of June
        "d1,D,2026-07-05,30");                // after the as-of date: not seen
  }

  Dataset<Row> interactions(SparkSession spark) {
    return Fixtures.interactions(spark, "P,2026-06-25,visit", "A,2026-06-21,click");
  }

  @Test
  void scoreStageFallsBackToMonetaryOnTinyHistoryAndReleasesWhatItPersisted(SparkSession spark) {
    ScoreStage stage = new ScoreStage(context(spark, false, "score-test"));
    ScoredCustomers scored = stage.score(transactions(spark).filter("event_date <= date'2026-06-30'"),
        interactions(spark), AS_OF);
    try (scored) {
      assertThat(scored.basis()).as("too little history to fit the value model").isEqualTo(ValueBasis.MONETARY);
      assertThat(scored.customers()).as("A, B, C and the prospect P").isEqualTo(4);
      assertThat(scored.scored().storageLevel()).as("persisted while the date runs").isNotEqualTo(StorageLevel.NONE());
      assertThat(List.of(scored.scored().columns())).contains("value_score", "loyalty_score", "p_alive");
    }
    assertThat(scored.scored().storageLevel()).as("released when closed").isEqualTo(StorageLevel.NONE());
    assertThat(scored.features().storageLevel()).isEqualTo(StorageLevel.NONE());
    assertThat(progress).anyMatch(l -> l.startsWith("features and scores as of " + AS_OF));
  }

  @Test
  void aDateIsPublishedThroughItsPointerWithAResultThatMatchesWhatWasWritten(SparkSession spark) throws Exception {
    RunContext ctx = context(spark, false, "run-1-" + AS_OF);
    RunResult result = new DateRun(ctx).run(AS_OF, new IngestResult("run-1", List.of(), 12), transactions(spark),
        interactions(spark));

    PublishedDate live = new PublishedDates(ctx.fs(), ctx.layout()).resolve(AS_OF).orElseThrow();
    assertThat(result.segmentsPath()).as("the result names the live version").isEqualTo(live.segments().toString());
    Dataset<Row> segments = spark.read().parquet(live.segments().toString());
    assertThat(List.of(segments.columns())).as("the published schema").isEqualTo(SegmentColumns.SEGMENT);
    long published = result.tiers().stream().mapToLong(TierSummaryRow::customers).sum();
    assertThat(published).as("summary counts what was written").isEqualTo(segments.count()).isEqualTo(4);
    assertThat(segments.filter("customer_id = 'C'").first().<String>getAs("tier")).isEqualTo("lapsed");
    assertThat(segments.filter("customer_id = 'D'").count()).as("a purchase after the as-of date is not seen").isZero();
    assertThat(result.stageMillis()).containsKeys("ingest", "score", "tier", "write", "publish");
    assertThat(result.stageMillis().get("ingest")).isEqualTo(12);
    assertThat(result.valueModel().valueBasis()).isEqualTo(ValueBasis.MONETARY.column());
    assertThat(result.previousAsOf()).isNull();
    assertThat(Files.exists(Path.of(WarehouseLayout.manifestIn(live.segments()).toUri()))).isTrue();
    assertThat(Files.exists(Path.of(ctx.layout().lock(WarehouseLayout.dateLockName(AS_OF)).toUri()))).as("lock released").isFalse();
    assertThat(Files.exists(Path.of(ctx.layout().staging(ctx.runId()).toUri()))).as("staging moved").isFalse();

    LocalDate next = AS_OF.plusDays(1);
    RunResult second = new DateRun(ctx.withRunId("run-2-" + next)).run(next, new IngestResult("run-2", List.of(), 0),
        transactions(spark), interactions(spark));
    assertThat(second.previousAsOf()).as("history follows the published date before").isEqualTo(AS_OF.toString());
    assertThat(second.migrations().stream().mapToLong(MigrationRow::customers).sum())
        .as("every published customer is in the migrations").isEqualTo(4);
  }

  @Test
  void publishDeltaReplacesOnlyTheRerunDateInOneCommitAndKeepsEarlierVersionsForTimeTravel(SparkSession spark) throws Exception {
    RunContext ctx = context(spark, false, true, "delta-1");
    LocalDate next = AS_OF.plusDays(1);
    new DateRun(ctx).run(AS_OF, new IngestResult("d1", List.of(), 0), transactions(spark), interactions(spark));
    new DateRun(ctx.withRunId("delta-2")).run(next, new IngestResult("d2", List.of(), 0), transactions(spark), interactions(spark));
    // A corrected rerun of the first date: B's only purchase withdrawn.
    new DateRun(ctx.withRunId("delta-3")).run(AS_OF, new IngestResult("d3", List.of(), 0),
        transactions(spark).filter("transaction_id <> 'b1'"), interactions(spark));

    PublishedDates published = new PublishedDates(ctx.fs(), ctx.layout());
    String segments = ctx.layout().deltaTable(DeltaTables.SEGMENTS).toString();
    String migrations = ctx.layout().deltaTable(DeltaTables.MIGRATIONS).toString();
    Dataset<Row> latest = spark.read().format("delta").load(segments);
    for (LocalDate d : List.of(AS_OF, next)) {
      Dataset<Row> parquet = spark.read().parquet(published.resolve(d).orElseThrow().segments().toString());
      assertThat(latest.filter(col("as_of").equalTo(lit(d))).drop("as_of").exceptAll(parquet.drop("as_of")).count()
          + parquet.drop("as_of").exceptAll(latest.filter(col("as_of").equalTo(lit(d))).drop("as_of")).count())
          .as("Delta rows of %s are the live Parquet rows", d).isZero();
    }
    long firstRun = spark.read().format("delta").option("versionAsOf", 1).load(segments).filter(col("as_of").equalTo(lit(AS_OF))).count();
    long rerun = latest.filter(col("as_of").equalTo(lit(AS_OF))).count();
    assertThat(rerun).as("the rerun left out B").isEqualTo(firstRun - 1);
    assertThat(spark.read().format("delta").option("versionAsOf", 0).load(segments).select("as_of").distinct().count())
        .as("version 0: the first date only").isEqualTo(1);
    assertThat(spark.read().format("delta").option("versionAsOf", 1).load(segments).filter(col("as_of").equalTo(lit(next))).count())
        .as("the other date, untouched by the rerun")
        .isEqualTo(latest.filter(col("as_of").equalTo(lit(next))).count());
    java.nio.file.Path log = Path.of(new java.net.URI(segments)).resolve("_delta_log");
    assertThat(Files.exists(log.resolve("00000000000000000002.json")) && !Files.exists(log.resolve("00000000000000000003.json")))
        .as("one commit per published date: versions 0, 1, 2").isTrue();
    Dataset<Row> moves = spark.read().format("delta").load(migrations);
    for (LocalDate d : List.of(AS_OF, next)) {
      assertThat(moves.filter(col("as_of").equalTo(lit(d))).agg(org.apache.spark.sql.functions.sum("customers")).first().getLong(0))
          .as("migrations of %s count every published customer", d)
          .isEqualTo(latest.filter(col("as_of").equalTo(lit(d))).count());
    }
    assertThat(progress).anyMatch(l -> l.startsWith("replace " + AS_OF + " in the Delta tables"));
  }

  @Test
  void anEmptyResultIsRefusedAndNothingIsPublished(SparkSession spark) throws Exception {
    RunContext ctx = context(spark, false, "empty-" + AS_OF);
    Dataset<Row> none = transactions(spark).limit(0);
    assertThatThrownBy(() -> new DateRun(ctx).run(AS_OF, new IngestResult("empty", List.of(), 0), none,
        interactions(spark).limit(0)))
        .isInstanceOf(EmptyResultException.class).hasMessageContaining("0 customers for " + AS_OF);
    assertThat(new PublishedDates(ctx.fs(), ctx.layout()).resolve(AS_OF)).isEmpty();
    assertThat(Files.exists(Path.of(ctx.layout().lock(WarehouseLayout.dateLockName(AS_OF)).toUri()))).isFalse();
  }

  @Test
  void rangeResultThrowsTheFailureOfASingleDateAsItWasRaised() {
    var failure = new EmptyResultException("none");
    RangeResult failed = new RangeResult(List.of(new DateOutcome(AS_OF, null, failure, 1)));
    assertThat(failed.failed()).isEqualTo(1);
    assertThatThrownBy(failed::single).isSameAs(failure);
  }
}
