package io.github.customertiers.pipeline.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every configuration key, declared once: its path in the YAML file, the environment variable
 * that may set it, its default, its unit and a one-line doc. Precedence: command line &gt;
 * environment &gt; config file &gt; default. docs/CONFIG.md is checked against this list by a test.
 */
public enum ConfigKey {
  AS_OF("as_of", "TIERS_AS_OF", null, "date",
      "Score as of the end of this day (YYYY-MM-DD); default: yesterday in the business time zone."),
  BUSINESS_TIME_ZONE("business_time_zone", "TIERS_BUSINESS_TIME_ZONE", "UTC", "IANA zone",
      "Zone that decides which day a timestamp belongs to and what 'yesterday' is."),
  WAREHOUSE("warehouse", "TIERS_WAREHOUSE", "warehouse", "path",
      "Root of everything the pipeline writes (ingested data, segments, exports, quarantine)."),
  TRANSACTIONS("inputs.transactions", null, null, "paths",
      "Transaction export files or directories (CSV, CSV.gz or Parquet)."),
  INTERACTIONS("inputs.interactions", null, null, "paths",
      "Interaction export files or directories (CSV, CSV.gz or Parquet); optional."),
  FEEDS_TRANSACTIONS("feeds.transactions", null, null, "mapping",
      "Format, layout and column mapping of the transaction exports (docs/INPUTS.md); default: canonical CSV/Parquet."),
  FEEDS_INTERACTIONS("feeds.interactions", null, null, "mapping",
      "Format, layout and column mapping of the interaction exports (docs/INPUTS.md); default: canonical CSV/Parquet."),
  SCORING_WINDOW_DAYS("windows.scoring_days", null, "365", "days",
      "Window for frequency, monetary and months-with-purchase, ending on the as-of day."),
  LAPSE_WINDOW_DAYS("windows.lapse_days", null, "180", "days",
      "Lapse window: without the value model a buyer with two purchases is lapsed after this many days; one-time buyers after this plus the repeat buyers' usual gap (docs/TIERS.md, 'The lapse rule')."),
  ENGAGEMENT_WINDOW_DAYS("windows.engagement_days", null, "90", "days",
      "A prospect with an interaction in this many days is potential; also the interactions_recent window."),
  NEW_CUSTOMER_WINDOW_DAYS("windows.new_customer_days", null, "30", "days",
      "A buyer whose only purchase falls in this many days is a new customer (potential)."),
  VIP_CAP("tiers.vip_cap", null, "0.05", "share of active buyers",
      "Largest share of active buyers that may be vip."),
  KEY_CAP("tiers.key_cap", null, "0.20", "share of active buyers",
      "Largest share of active buyers that may be key."),
  BAND("tiers.band", null, "3", "score points",
      "Hysteresis band: a customer keeps their previous tier unless their value or loyalty score crosses a line by more than this."),
  LAPSE_GAP_MULTIPLE("tiers.lapse.gap_multiple", null, "3", "own mean gaps",
      "A repeat buyer (3 or more purchases without the value model) is past their rhythm when silent for more than this many of their own mean gaps."),
  LAPSE_MAX_P_ALIVE("tiers.lapse.max_p_alive", null, "0.2", "probability",
      "With the value model fitted, a repeat buyer past their rhythm is lapsed only while P(alive) is below this."),
  LAPSE_MAX_VALUE_SCORE("tiers.lapse.max_value_score", null, "60", "score points",
      "With the value model fitted, a buyer is lapsed only while their value score is below this (unless silent for tiers.lapse.max_windows)."),
  LAPSE_MAX_WINDOWS("tiers.lapse.max_windows", null, "1.5", "lapse windows",
      "Whatever the rhythm and the value model say, a buyer silent for this many lapse windows (rounded up to days) is lapsed."),
  K_MIN("clustering.k_min", null, "3", "clusters", "Smallest k tried for k-means."),
  K_MAX("clustering.k_max", null, "7", "clusters", "Largest k tried for k-means."),
  SAMPLE_SIZE("clustering.sample_size", null, "20000", "customers",
      "Active buyers sampled (reproducibly, by hash) to fit k-means on the driver."),
  SILHOUETTE_SAMPLE_SIZE("clustering.silhouette_sample_size", null, "2000", "customers",
      "Sampled customers on which the silhouette of each k is computed."),
  SEED("clustering.seed", null, "20240601", "integer", "Seed of sampling and k-means."),
  REFIT("clustering.refit", null, "false", "boolean",
      "Choose k by silhouette, re-standardize and place the tier lines afresh instead of carrying the previous published date's model."),
  MAX_AMOUNT("quality.max_amount", null, "1000000", "currency units",
      "Rows whose absolute amount exceeds this are quarantined as AMOUNT_OUT_OF_RANGE."),
  MAX_QUARANTINE_RATE("quality.max_quarantine_rate", null, "0.01", "share of rows",
      "The run fails when a feed quarantines more than this share of the rows it read."),
  MAX_UNEXPLAINED_TIER_CHANGES("quality.max_unexplained_tier_changes", null, "0.01", "share of customers",
      "A date whose tier changes not explained by the customers' own scores exceed this share is not published (exit 8; --accept-tier-changes after review)."),
  MAX_STALENESS_DAYS("quality.max_staleness_days", null, "3", "days",
      "A run as of a date more than this many days after a feed's newest ingested event is refused (exit 3; --allow-stale)."),
  VALUE_MODEL_ENABLED("value_model.enabled", null, "true", "boolean",
      "Fit BG/NBD + Gamma-Gamma each run; value_score then ranks CLV instead of monetary (docs/VALUE_MODEL.md)."),
  VALUE_MODEL_TIME_UNIT("value_model.time_unit", null, "weeks", "days or weeks", "Time unit of the value model."),
  CLV_HORIZON_WEEKS("value_model.horizon_weeks", null, "52", "weeks", "Horizon of expected purchases and CLV."),
  CLV_MARGIN("value_model.margin", null, "1.0", "share of revenue", "Margin applied to expected revenue in the CLV."),
  CLV_DISCOUNT_RATE("value_model.annual_discount_rate", null, "0.10", "per year", "Discount rate of the CLV."),
  VALUE_MODEL_MIN_HISTORY_WEEKS("value_model.min_history_weeks", null, "26", "weeks",
      "Minimum time from the first purchase in the data to the as-of day to fit the model."),
  VALUE_MODEL_MIN_REPEAT_BUYERS("value_model.min_repeat_buyers", null, "100", "customers",
      "Minimum customers with a repeat purchase to fit the model."),
  LAPSE_BELOW_P_ALIVE("value_model.lapse_below_p_alive", null, "0.05", "probability",
      "With the model fitted, a repeat buyer whose P(alive) is below this is lapsed whatever their rhythm (value score below tiers.lapse.max_value_score); 0 disables."),
  ALLOW_EMPTY("publish.allow_empty", null, "false", "boolean",
      "Publish a date even when it yields zero customers (refused by default)."),
  PUBLISH_DELTA("publish.delta", null, "false", "boolean",
      "Also keep the segment history and the migrations as Delta Lake tables <warehouse>/delta/segments and delta/migrations, partitioned by as_of (docs/LAKEHOUSE.md)."),
  AT_RISK_BELOW_P_ALIVE("actions.at_risk_below_p_alive", null, "0.5", "probability",
      "A vip or key customer whose P(alive) is below this is listed in at_risk.csv."),
  AT_RISK_GAP_MULTIPLE("actions.at_risk_gap_multiple", null, "1.5", "own mean gaps",
      "A vip or key customer silent for more than this many of their own mean gaps between purchases is listed in at_risk.csv."),
  ANNIVERSARY_DAYS("actions.anniversary_days", null, "7", "days",
      "anniversaries.csv lists vip and key customers whose first purchase has its anniversary in the coming this many days (1..31)."),
  PLAYBOOK("actions.playbook", null, null, "mapping",
      "Recommended action and contact cadence per tier and per movement (docs/TIERS.md, \"Playbook\"); default: none (empty columns)."),
  PSEUDONYMISE("exports.pseudonymise", null, null, "mapping",
      "Pseudonymised exports per consumer: {consumer: key file or env:VARIABLE}; customer_id becomes HMAC-SHA256 under the consumer's secret (docs/DELIVERABLES.md)."),
  CONSUMER_COLUMNS("exports.columns", null, null, "mapping",
      "Columns each pseudonymised consumer gets: {consumer: [column, ...]}; default: all (customer_id always)."),
  MASTER("spark.master", "TIERS_MASTER", null, "Spark master URL",
      "local[*] when unset and not launched by spark-submit."),
  SPARK_CONF("spark.conf", null, null, "map", "Extra Spark settings, e.g. spark.sql.shuffle.partitions.");

  private final String path;
  private final String environmentVariable;
  private final String defaultValue;
  private final String unit;
  private final String doc;

  ConfigKey(String path, String environmentVariable, String defaultValue, String unit, String doc) {
    this.path = path;
    this.environmentVariable = environmentVariable;
    this.defaultValue = defaultValue;
    this.unit = unit;
    this.doc = doc;
  }

  public String path() { return path; }

  public Optional<String> environmentVariable() { return Optional.ofNullable(environmentVariable); }

  public Optional<String> defaultValue() { return Optional.ofNullable(defaultValue); }

  public String unit() { return unit; }

  public String doc() { return doc; }

  public static Optional<ConfigKey> byPath(String path) {
    return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
  }
}
