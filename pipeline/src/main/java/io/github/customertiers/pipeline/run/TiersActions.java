package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.backtest.BacktestReport;
import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.generate.GeneratedExports;
import io.github.customertiers.pipeline.generate.GeneratorOptions;
import io.github.customertiers.pipeline.generate.SyntheticExports;
import io.github.customertiers.pipeline.ingest.Feed;
import io.github.customertiers.pipeline.ingest.FeedIngest;
import io.github.customertiers.pipeline.ingest.IngestedStore;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import io.github.customertiers.pipeline.spark.SparkSessions;
import io.github.customertiers.pipeline.value.HoldoutEvaluation;
import io.github.customertiers.pipeline.value.HoldoutReport;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The entry to everything a job does with a configuration, in the shape of Iceberg's
 * {@code SparkActions}: {@code TiersActions.get(spark, config).progress(out::println).run(dates)}.
 * Each action returns an immutable result; failures are the library's exceptions
 * ({@code InputNotReadyException}, {@code InvalidInputException}, {@code LockHeldException},
 * {@link EmptyResultException}). Every action that ingests takes the warehouse's ingest lock.
 */
public final class TiersActions {
  private final SparkSession spark;
  private final TiersConfig config;
  private final String toolVersion;
  private final Clock clock;
  private final Consumer<String> progress;

  private TiersActions(SparkSession spark, TiersConfig config, String toolVersion, Clock clock, Consumer<String> progress) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
    this.toolVersion = Objects.requireNonNull(toolVersion, "toolVersion");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  public static TiersActions get(SparkSession spark, TiersConfig config) {
    return new TiersActions(spark, config, "dev", Clock.systemUTC(), line -> {});
  }

  /** The version written into manifests. */
  public TiersActions toolVersion(String version) {
    return new TiersActions(spark, config, version, clock, progress);
  }

  /** The clock of ingestion times, run ids and version names. */
  public TiersActions clock(Clock c) {
    return new TiersActions(spark, config, toolVersion, c, progress);
  }

  /** Where the progress lines go (one line per call). */
  public TiersActions progress(Consumer<String> lines) {
    return new TiersActions(spark, config, toolVersion, clock, lines);
  }

  /** Ingests, then computes and publishes every as-of date (duplicates dropped, oldest first) as of its end. */
  public RangeResult run(List<LocalDate> asOfDates) {
    if (asOfDates.isEmpty()) {
      throw new IllegalArgumentException("no as-of date to run");
    }
    List<LocalDate> ordered = asOfDates.stream().distinct().sorted().toList();
    return new RangeRun(context(RangeRun.runId(ordered, clock.instant().toEpochMilli()))).run(ordered);
  }

  /** Ingests the configured feeds only. */
  public IngestResult ingest() {
    return new IngestStage(context("ingest-" + clock.millis())).run();
  }

  /** What an ingest of the configured inputs would do, per feed; writes nothing. */
  public ValidationResult validate() {
    return ValidationResult.of(FeedIngest.configuredBy(spark, config), config, clock);
  }

  /** Ingests the configured feeds, then evaluates the value model on every stored transaction (the configured guard thresholds). */
  public HoldoutReport evaluateValue(ValueEvaluation evaluation) {
    return evaluateValue(evaluation.withThresholds(config.valueModel().thresholds()));
  }

  /** Ingests the configured feeds, then evaluates the value model on every stored transaction. */
  public HoldoutReport evaluateValue(HoldoutEvaluation evaluation) {
    new IngestStage(context("evaluate-" + clock.millis())).run();
    return evaluation.evaluate(new IngestedStore(config.warehouse(), Feed.TRANSACTIONS).all(spark));
  }

  /**
   * Backtest: ingests, computes the tiers as of {@code calibrationEnd} from the data up to that day
   * in {@code scratchWarehouse} (deleted afterwards; nothing is published in the configured
   * warehouse), then measures them against the purchases of ({@code calibrationEnd}, {@code holdoutEnd}].
   */
  public BacktestReport backtest(LocalDate calibrationEnd, LocalDate holdoutEnd, String scratchWarehouse) {
    return backtest(calibrationEnd, holdoutEnd, "backtest-" + clock.millis(), scratchWarehouse);
  }

  /** {@link #backtest(LocalDate, LocalDate, String)} in the scratch warehouse {@code <warehouse>/_backtest/<run>}. */
  public BacktestReport backtest(LocalDate calibrationEnd, LocalDate holdoutEnd) {
    String runId = "backtest-" + clock.millis();
    return backtest(calibrationEnd, holdoutEnd, runId, new WarehouseLayout(config.warehouse()).backtestScratch(runId).toString());
  }

  private BacktestReport backtest(LocalDate calibrationEnd, LocalDate holdoutEnd, String runId, String scratchWarehouse) {
    new IngestStage(context(runId)).run();
    TiersActions scratchRun = new TiersActions(spark, config.withWarehouse(scratchWarehouse), toolVersion, clock, progress);
    return new BacktestRun(spark, config, progress).measure(calibrationEnd, holdoutEnd, scratchWarehouse,
        () -> scratchRun.run(List.of(calibrationEnd)).single());
  }

  /** Writes synthetic exports in the canonical layout, with their ground-truth personas (same seed, same files). */
  public static GeneratedExports generate(SparkSession spark, GeneratorOptions options) {
    return SyntheticExports.generate(spark, options);
  }

  /**
   * The session the actions of {@code config} expect: its master (else spark-submit's, else local),
   * business time zone and Spark settings over the pinned ones ({@link SparkSessions}), with Delta
   * Lake's extension when {@code publish.delta} is on.
   */
  public static SparkSession session(String appName, TiersConfig config) {
    return SparkSessions.forJob(appName, config.master(), config.businessZone(),
        config.publishDelta() ? SparkSessions.withDelta(config.sparkConf()) : config.sparkConf());
  }

  /** The session of an action without a configuration ({@link #generate}, a report): the pinned settings, in UTC. */
  public static SparkSession session(String appName, String master) {
    return SparkSessions.forJob(appName, master, ZoneOffset.UTC, Map.of());
  }

  /** What a warehouse has published (reads the file system only; starts no Spark). */
  public static PublishedWarehouse published(String warehouse) throws IOException {
    return PublishedWarehouse.at(warehouse);
  }

  private RunContext context(String runId) {
    return RunContext.of(spark, config, toolVersion, runId, clock, progress);
  }
}
