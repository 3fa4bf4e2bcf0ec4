package io.github.customertiers.pipeline.configfile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.customertiers.pipeline.config.ClusteringOptions;
import io.github.customertiers.pipeline.config.ConfigKey;
import io.github.customertiers.pipeline.config.NearestName;
import io.github.customertiers.pipeline.config.PathNames;
import io.github.customertiers.pipeline.config.ActionOptions;
import io.github.customertiers.pipeline.config.ExportConsumer;
import io.github.customertiers.pipeline.config.Playbook;
import io.github.customertiers.pipeline.publish.ExportColumns;
import io.github.customertiers.pipeline.config.QualityOptions;
import io.github.customertiers.pipeline.config.TierPolicy;
import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.config.ValueModelOptions;
import io.github.customertiers.pipeline.config.Windows;
import io.github.customertiers.pipeline.errors.ConfigException;
import io.github.customertiers.pipeline.value.ClvParameters;
import io.github.customertiers.pipeline.value.ModelTimeUnit;
import io.github.customertiers.pipeline.value.ValueModelThresholds;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Merges command line, environment, config file and defaults into a {@link TiersConfig}, in that
 * order of precedence. Relative input paths and the warehouse in a config file are relative to
 * the file's directory; on the command line, to the working directory. Unknown keys are errors.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<ConfigKey, Object> fileValues = new EnumMap<>(ConfigKey.class);
  private final Map<String, String> environment;
  private Path configDirectory;

  public ConfigLoader(Map<String, String> environment) {
    this.environment = environment;
  }

  public ConfigLoader load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file + " does not exist");
    }
    configDirectory = file.toAbsolutePath().getParent();
    Object root;
    try {
      root = YAML.readValue(file.toFile(), Object.class);
    } catch (IOException e) {
      throw new ConfigException("cannot parse " + file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (root == null) {
      return this;
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException(file + ": expected a mapping of keys at the top level");
    }
    flatten(file, "", map);
    return this;
  }

  private void flatten(Path file, String prefix, Map<?, ?> map) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      var known = ConfigKey.byPath(key);
      if (known.isPresent()) {
        fileValues.put(known.get(), e.getValue());
      } else if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(file, key + ".", nested);
      } else {
        throw new ConfigException(file + ": unknown key '" + key + "'" + NearestName.hint(key,
            Arrays.stream(ConfigKey.values()).map(ConfigKey::path).toList()) + " (see docs/CONFIG.md for the keys)");
      }
    }
  }

  /**
   * Command-line values; null or empty means "not given". The three flags are per-run overrides of
   * the stability gate ({@code --accept-tier-changes}), the freshness check ({@code --allow-stale})
   * and the carried model ({@code --refit}), applied by {@link #resolveForRun}.
   */
  public record Overrides(LocalDate asOf, String warehouse, List<String> transactions, List<String> interactions,
      String master, String businessZone, boolean acceptTierChanges, boolean allowStale, boolean refit) {
    public Overrides(LocalDate asOf, String warehouse, List<String> transactions, List<String> interactions,
        String master, String businessZone) {
      this(asOf, warehouse, transactions, interactions, master, businessZone, false, false, false);
    }
  }

  /** The warehouse root alone (command line, environment, config file, default), for commands that only read it. */
  public String warehouse(String cliWarehouse) {
    String warehouse = cliWarehouse != null ? cliWarehouse : fileRelative(ConfigKey.WAREHOUSE);
    if (warehouse == null || warehouse.isBlank()) {
      throw new ConfigException("warehouse must be set (--warehouse, TIERS_WAREHOUSE or 'warehouse:' in the config)");
    }
    try {
      PathNames.requireSafe("warehouse", warehouse);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    return warehouse;
  }

  /** The day windows alone (config file, defaults), for commands that only read the warehouse ({@code tiers show}). */
  public Windows windows() {
    try {
      return new Windows(integer(ConfigKey.SCORING_WINDOW_DAYS), integer(ConfigKey.LAPSE_WINDOW_DAYS),
          integer(ConfigKey.ENGAGEMENT_WINDOW_DAYS), integer(ConfigKey.NEW_CUSTOMER_WINDOW_DAYS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e); // Windows rejects a bad value naming key and value
    }
  }

  /** The as-of date: command line, else {@code as_of} (environment or file), else yesterday in the business time zone. */
  public LocalDate asOf(Overrides cli, Clock clock) {
    if (cli.asOf() != null) {
      return cli.asOf();
    }
    String configured = text(ConfigKey.AS_OF);
    return configured != null ? date(ConfigKey.AS_OF, configured)
        : LocalDate.now(clock.withZone(zone(firstNonNull(cli.businessZone(), text(ConfigKey.BUSINESS_TIME_ZONE))))).minusDays(1);
  }

  /**
   * The configuration of a command that runs: {@link #resolve}, then the per-run flags of
   * {@code cli}, the secret of every pseudonymised consumer (a missing or empty one is a
   * {@link ConfigException}, before anything is written) and a check that a local warehouse is, or
   * can be created as, a directory.
   */
  public TiersConfig resolveForRun(Overrides cli) {
    TiersConfig resolved = resolve(cli);
    var consumers = ConsumerSecrets.load(resolved.exportConsumers(), environment);
    Preflight.warehouseUsable(resolved.warehouse());
    var clustering = resolved.clustering();
    return new TiersConfig(resolved.businessZone(), resolved.warehouse(), resolved.transactionInputs(),
        resolved.interactionInputs(), resolved.feeds(), resolved.windows(), resolved.tierPolicy(),
        cli.refit() ? clustering.withRefit() : clustering,
        resolved.quality().withOverrides(cli.acceptTierChanges(), cli.allowStale()), resolved.valueModel(),
        resolved.allowEmptyPublish(), resolved.publishDelta(), resolved.master(), resolved.sparkConf(), resolved.actions(),
        consumers);
  }

  /**
   * Every configured local input exists, so that a command fails in a second, not after Spark's
   * start (remote paths are checked by the ingest).
   *
   * @throws io.github.customertiers.pipeline.ingest.InputNotReadyException naming the feed and the path
   */
  public static void requireInputsDelivered(TiersConfig config) {
    Preflight.inputsDelivered(config);
  }

  /** The configuration: command line, environment, config file, defaults (each record validated). */
  public TiersConfig resolve(Overrides cli) {
    ZoneId zone = zone(firstNonNull(cli.businessZone(), text(ConfigKey.BUSINESS_TIME_ZONE)));
    String warehouse = cli.warehouse() != null ? cli.warehouse() : fileRelative(ConfigKey.WAREHOUSE);
    List<String> transactions = !cli.transactions().isEmpty() ? cli.transactions() : paths(ConfigKey.TRANSACTIONS);
    List<String> interactions = !cli.interactions().isEmpty() ? cli.interactions() : paths(ConfigKey.INTERACTIONS);
    try {
      return new TiersConfig(zone, warehouse, transactions, interactions,
          FeedSpecLoader.load(fileValues.get(ConfigKey.FEEDS_TRANSACTIONS), fileValues.get(ConfigKey.FEEDS_INTERACTIONS)),
          windows(),
          new TierPolicy(decimal(ConfigKey.VIP_CAP), decimal(ConfigKey.KEY_CAP), decimal(ConfigKey.BAND),
              new io.github.customertiers.pipeline.config.LapseOptions(decimal(ConfigKey.LAPSE_GAP_MULTIPLE),
                  decimal(ConfigKey.LAPSE_MAX_P_ALIVE), decimal(ConfigKey.LAPSE_MAX_VALUE_SCORE), decimal(ConfigKey.LAPSE_MAX_WINDOWS))),
          new ClusteringOptions(integer(ConfigKey.K_MIN), integer(ConfigKey.K_MAX), integer(ConfigKey.SAMPLE_SIZE),
              integer(ConfigKey.SILHOUETTE_SAMPLE_SIZE), Long.parseLong(text(ConfigKey.SEED)),
              Boolean.parseBoolean(text(ConfigKey.REFIT).trim())),
          new QualityOptions(new BigDecimal(text(ConfigKey.MAX_AMOUNT)), decimal(ConfigKey.MAX_QUARANTINE_RATE),
              decimal(ConfigKey.MAX_UNEXPLAINED_TIER_CHANGES), integer(ConfigKey.MAX_STALENESS_DAYS), false, false),
          valueModel(),
          bool(ConfigKey.ALLOW_EMPTY),
          bool(ConfigKey.PUBLISH_DELTA),
          firstNonNull(cli.master(), text(ConfigKey.MASTER)),
          sparkConf(),
          new ActionOptions(decimal(ConfigKey.AT_RISK_BELOW_P_ALIVE), decimal(ConfigKey.AT_RISK_GAP_MULTIPLE),
              integer(ConfigKey.ANNIVERSARY_DAYS), Playbook.fromMapping(fileValues.get(ConfigKey.PLAYBOOK))),
          exportConsumers());
    } catch (NumberFormatException e) {
      throw new ConfigException("a numeric config value is not a number: " + e.getMessage(), e);
    } catch (IllegalArgumentException | NullPointerException e) {
      // The records reject bad values in their constructors, naming key and value.
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /** Consumers of pseudonymised exports, names checked before any I/O; their secrets are loaded by {@link ConsumerSecrets}. */
  private List<ExportConsumer> exportConsumers() {
    Object v = fileValues.get(ConfigKey.PSEUDONYMISE);
    Object columns = fileValues.get(ConfigKey.CONSUMER_COLUMNS);
    List<ExportConsumer> out = new ArrayList<>();
    if (v == null) {
      if (columns != null) {
        throw new ConfigException("exports.columns is set but exports.pseudonymise names no consumer");
      }
      return out;
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new ConfigException("exports.pseudonymise must be a mapping {consumer: key file or env:VARIABLE}");
    }
    Map<?, ?> selected = columns == null ? Map.of() : columns instanceof Map<?, ?> c ? c : null;
    if (selected == null) {
      throw new ConfigException("exports.columns must be a mapping {consumer: [column, ...]}");
    }
    for (Object name : selected.keySet()) {
      if (!m.containsKey(name)) {
        throw new ConfigException("exports.columns names consumer '" + String.valueOf(name).replaceAll("\\p{Cntrl}", "?")
            + "' that exports.pseudonymise does not");
      }
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String name = String.valueOf(e.getKey());
      ExportConsumer.requireSafeName(name);
      String source = e.getValue() == null ? null : e.getValue().toString();
      if (source != null && !source.startsWith("env:")) {
        source = resolveAgainstConfig(source);
      }
      List<String> cols = new ArrayList<>();
      Object c = selected.get(e.getKey());
      if (c != null) {
        if (!(c instanceof List<?> list)) {
          throw new ConfigException("exports.columns." + name + " must be a list of column names");
        }
        for (Object col : list) {
          String column = String.valueOf(col);
          if (!ExportColumns.ALL.containsKey(column) && !ExportColumns.ACTIONS.containsKey(column)) {
            throw new ConfigException("exports.columns." + name + ": unknown column '" + column + "'" + NearestName.hint(column, new ArrayList<>(ExportColumns.ALL.keySet())) + " (docs/DELIVERABLES.md)");
          }
          cols.add(column);
        }
      }
      out.add(new ExportConsumer(name, source, cols, null));
    }
    return out;
  }

  private ValueModelOptions valueModel() {
    ModelTimeUnit unit = switch (text(ConfigKey.VALUE_MODEL_TIME_UNIT).trim().toLowerCase(Locale.ROOT)) {
      case "weeks", "week" -> ModelTimeUnit.WEEKS;
      case "days", "day" -> ModelTimeUnit.DAYS;
      default -> throw new ConfigException("value_model.time_unit must be 'weeks' or 'days', got '"
          + text(ConfigKey.VALUE_MODEL_TIME_UNIT) + "'");
    };
    return new ValueModelOptions(
        bool(ConfigKey.VALUE_MODEL_ENABLED),
        unit,
        new ClvParameters(decimal(ConfigKey.CLV_HORIZON_WEEKS), ModelTimeUnit.WEEKS, decimal(ConfigKey.CLV_MARGIN),
            decimal(ConfigKey.CLV_DISCOUNT_RATE)),
        new ValueModelThresholds(decimal(ConfigKey.VALUE_MODEL_MIN_HISTORY_WEEKS), ModelTimeUnit.WEEKS,
            integer(ConfigKey.VALUE_MODEL_MIN_REPEAT_BUYERS)),
        decimal(ConfigKey.LAPSE_BELOW_P_ALIVE));
  }

  private static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }

  /** Environment, then file, then default. */
  String text(ConfigKey key) {
    if (key.environmentVariable().isPresent()) {
      String env = environment.get(key.environmentVariable().get());
      if (env != null && !env.isBlank()) {
        return env;
      }
    }
    Object v = fileValues.get(key);
    if (v != null) {
      if (v instanceof Map || v instanceof List) {
        throw new ConfigException("config key '" + key.path() + "' must be a single value, got " + v);
      }
      return v.toString();
    }
    return key.defaultValue().orElse(null);
  }

  private String fileRelative(ConfigKey key) {
    String env = key.environmentVariable().map(environment::get).orElse(null);
    if (env != null && !env.isBlank()) {
      return env;
    }
    Object v = fileValues.get(key);
    if (v != null) {
      return resolveAgainstConfig(v.toString());
    }
    return key.defaultValue().orElse(null);
  }

  private List<String> paths(ConfigKey key) {
    Object v = fileValues.get(key);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v instanceof List<?> list) {
      for (Object o : list) {
        out.add(resolveAgainstConfig(String.valueOf(o)));
      }
    } else {
      out.add(resolveAgainstConfig(v.toString()));
    }
    return out;
  }

  private String resolveAgainstConfig(String path) {
    if (path.contains("://") || path.startsWith("/") || configDirectory == null) {
      return path;
    }
    return configDirectory.resolve(path).normalize().toString();
  }

  private Map<String, String> sparkConf() {
    Object v = fileValues.get(ConfigKey.SPARK_CONF);
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
    } else if (v != null) {
      throw new ConfigException("config key 'spark.conf' must be a mapping of Spark settings");
    }
    return out;
  }

  private int integer(ConfigKey key) {
    return ConfigValues.integer(key.path(), text(key), key.unit());
  }

  private double decimal(ConfigKey key) {
    return ConfigValues.number(key.path(), text(key), key.unit());
  }

  private boolean bool(ConfigKey key) {
    return ConfigValues.bool(key.path(), text(key));
  }

  static ZoneId zone(String id) {
    return ConfigValues.zone("business_time_zone", id);
  }

  static LocalDate date(ConfigKey key, String value) {
    return ConfigValues.date(key.path(), value);
  }
}
