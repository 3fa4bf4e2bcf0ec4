package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.TiersConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that read the configuration (picocli mixin). */
public final class RunOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (see docs/CONFIG.md). Optional when the paths are given as options.")
  Path config;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "The as-of date: the end of this day in the business time zone (the day scored and published by a run). Default: as_of in the config, else yesterday.",
      converter = DateConverter.class)
  LocalDate asOf;

  @Option(names = "--warehouse", paramLabel = "DIR", description = "Warehouse root (local path, hdfs://, s3a://). Default: warehouse in the config, else ./warehouse.")
  String warehouse;

  @Option(names = "--transactions", paramLabel = "PATH", arity = "1..*", description = "Transaction export files or directories (CSV, CSV.gz, Parquet).")
  List<String> transactions = new ArrayList<>();

  @Option(names = "--interactions", paramLabel = "PATH", arity = "1..*", description = "Interaction export files or directories (CSV, CSV.gz, Parquet).")
  List<String> interactions = new ArrayList<>();

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (local[*], spark://host:7077, yarn, k8s://...). Default: local[*] or the spark-submit master.")
  String master;

  @Option(names = "--business-time-zone", paramLabel = "ZONE", description = "Zone that assigns timestamps to days (default UTC).")
  String businessZone;

  @Option(names = "--accept-tier-changes", description = "Publish even when the unexplained tier changes exceed "
      + "quality.max_unexplained_tier_changes (after reviewing them).")
  boolean acceptTierChanges;

  @Option(names = "--allow-stale", description = "Run even when a feed's newest event is more than quality.max_staleness_days "
      + "before the as-of date.")
  boolean allowStale;

  @Option(names = "--refit", description = "Choose k, the scaling and the tier lines afresh (clustering.refit: true for this run).")
  boolean refit;

  private ConfigLoader loader;

  /** The configuration: command line, environment, config file, defaults (a bad as_of is reported here too). */
  TiersConfig resolve(Clock clock) {
    asOfDate(clock);
    TiersConfig resolved = loader().resolve(overrides());
    // a missing or empty consumer secret fails the run (exit 2) before anything is written
    var consumers = ConsumerSecrets.load(resolved.exportConsumers(), System.getenv());
    Preflight.warehouseUsable(resolved.warehouse());
    // Per-run overrides of the stability gate, the freshness check and the carried model.
    var clustering = resolved.clustering();
    return new TiersConfig(resolved.businessZone(), resolved.warehouse(), resolved.transactionInputs(),
        resolved.interactionInputs(), resolved.feeds(), resolved.windows(), resolved.tierPolicy(),
        refit ? clustering.withRefit() : clustering,
        resolved.quality().withOverrides(acceptTierChanges, allowStale), resolved.valueModel(),
        resolved.allowEmptyPublish(), resolved.publishDelta(), resolved.master(), resolved.sparkConf(), resolved.actions(),
        consumers);
  }

  /** The as-of date: --as-of, else as_of in the environment or the config, else yesterday in the business time zone. */
  LocalDate asOfDate(Clock clock) {
    return loader().asOf(overrides(), clock);
  }

  private ConfigLoader.Overrides overrides() {
    return new ConfigLoader.Overrides(asOf, warehouse, transactions, interactions, master, businessZone);
  }

  private ConfigLoader loader() {
    if (loader == null) {
      loader = new ConfigLoader(Map.copyOf(System.getenv()));
      if (config != null) {
        loader.load(config);
      }
    }
    return loader;
  }

  /** Parses --as-of strictly, naming the expected format. */
  public static final class DateConverter implements picocli.CommandLine.ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a date YYYY-MM-DD");
      }
    }
  }
}
