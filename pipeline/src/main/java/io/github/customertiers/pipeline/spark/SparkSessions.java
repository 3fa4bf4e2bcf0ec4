package io.github.customertiers.pipeline.spark;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds SparkSessions with the settings every customer-tiers job relies on.
 *
 * <p>The pinned settings come from the reliability catalogue: commit algorithm v1, no speculation,
 * no silently skipped files, ANSI SQL, the CORRECTED time parser, a pinned session time zone and no
 * Parquet schema merging. They are applied whatever the master, so a cluster run computes exactly
 * what a local run computes.
 */
public final class SparkSessions {

  private SparkSessions() {}

  /** The settings that make results correct and deterministic; applied to every session. */
  public static Map<String, String> pinnedSettings(ZoneId businessZone) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version", "1");
    settings.put("spark.speculation", "false");
    settings.put("spark.sql.files.ignoreCorruptFiles", "false");
    settings.put("spark.sql.files.ignoreMissingFiles", "false");
    settings.put("spark.sql.csv.parser.columnPruning.enabled", "false");
    settings.put("spark.sql.ansi.enabled", "true");
    settings.put("spark.sql.legacy.timeParserPolicy", "CORRECTED");
    settings.put("spark.sql.session.timeZone", businessZone.getId());
    settings.put("spark.sql.parquet.mergeSchema", "false");
    settings.put("spark.sql.sources.partitionOverwriteMode", "static");
    settings.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // Executors interpret no JVM-default-zone-dependent values, but pin them too.
    String zoneOption = "-Duser.timezone=" + businessZone.getId();
    settings.put("spark.executor.extraJavaOptions", zoneOption);
    return settings;
  }

  /**
   * Partitions of Delta's snapshot state (its transaction log replayed), instead of Delta's 50: the
   * tables of {@code publish.delta} gain a few files per published date, so their log is small and
   * 50 tasks for it cost more than the work (on the sample, 2026-12-02: the Delta step of a date
   * 26.3 s with 50, 11.0 s with 4, in a fresh JVM; 14.9 s and 4.5 s for the next date).
   */
  public static final String DELTA_SNAPSHOT_PARTITIONS = "4";

  /**
   * {@code extra} with the settings Delta Lake needs in a session (its SQL extension and catalog, for
   * {@code publish.delta}, time travel and {@code DESCRIBE HISTORY}) and the partitions of its snapshot
   * state ({@link #DELTA_SNAPSHOT_PARTITIONS}); a value already in {@code extra} wins.
   */
  public static Map<String, String> withDelta(Map<String, String> extra) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    settings.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    settings.put("spark.databricks.delta.snapshotPartitions", DELTA_SNAPSHOT_PARTITIONS);
    settings.putAll(extra);
    return settings;
  }

  /**
   * A session for a job. {@code master} may be null, in which case the master comes from
   * spark-submit or defaults to {@code local[*,4]} (all cores, a failed task retried up to 4 times).
   */
  public static SparkSession forJob(String appName, String master, ZoneId businessZone, Map<String, String> extra) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    boolean submitted = System.getProperty("spark.master") != null;
    if (master != null) {
      builder.master(master);
    } else if (!submitted) {
      // local[*, 4]: like a cluster (spark.task.maxFailures = 4), a failed task is retried.
      builder.master("local[*,4]");
    }
    if (master == null || master.startsWith("local")) {
      if (!submitted) {
        builder.config("spark.ui.enabled", "false");
        builder.config("spark.driver.host", "127.0.0.1");
        builder.config("spark.driver.bindAddress", "127.0.0.1");
      }
    }
    Map<String, String> pinned = pinnedSettings(businessZone);
    // Keep executor JVM options set by spark-submit or spark-defaults.conf; add the zone to them.
    String existing = new org.apache.spark.SparkConf().get("spark.executor.extraJavaOptions", "").trim();
    if (!existing.isEmpty()) {
      pinned.put("spark.executor.extraJavaOptions", existing + " " + pinned.get("spark.executor.extraJavaOptions"));
    }
    pinned.forEach(builder::config);
    boolean local = master != null ? master.startsWith("local") : !submitted;
    if (local && !extra.containsKey("spark.sql.shuffle.partitions")) {
      // 200 shuffle partitions cost more than they give on one machine; results do not depend on it.
      builder.config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));
    }
    extra.forEach(builder::config);
    return builder.getOrCreate();
  }
}
