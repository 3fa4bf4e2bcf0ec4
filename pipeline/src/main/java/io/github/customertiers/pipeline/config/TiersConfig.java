package io.github.customertiers.pipeline.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole, validated configuration of a run (the as-of dates are arguments of the run, not configuration). Built at the boundary (the CLI merges command line,
 * environment, config file and defaults into it); the library only reads it.
 *
 * @param businessZone zone that assigns timestamps to days
 * @param warehouse Hadoop path of the warehouse root
 * @param transactionInputs transaction export paths (files or directories)
 * @param interactionInputs interaction export paths; may be empty
 * @param feeds layout and column mapping of each feed (docs/INPUTS.md); null = canonical exports
 * @param allowEmptyPublish publish a date with zero customers ({@code publish.allow_empty})
 * @param publishDelta also replace the date in the Delta Lake tables {@code <warehouse>/delta/}
 *     ({@code publish.delta})
 * @param actions action lists and playbook; null = defaults
 * @param exportConsumers consumers of pseudonymised exports (docs/DELIVERABLES.md); null = none
 */
public record TiersConfig(
    ZoneId businessZone,
    String warehouse,
    List<String> transactionInputs,
    List<String> interactionInputs,
    FeedSpecs feeds,
    Windows windows,
    TierPolicy tierPolicy,
    ClusteringOptions clustering,
    QualityOptions quality,
    ValueModelOptions valueModel,
    boolean allowEmptyPublish,
    boolean publishDelta,
    String master,
    Map<String, String> sparkConf,
    ActionOptions actions,
    List<ExportConsumer> exportConsumers) {

  public TiersConfig {
    Objects.requireNonNull(businessZone, "business_time_zone");
    if (warehouse == null || warehouse.isBlank()) {
      throw new IllegalArgumentException("warehouse must be set (--warehouse, TIERS_WAREHOUSE or 'warehouse:' in the config)");
    }
    transactionInputs = List.copyOf(transactionInputs);
    interactionInputs = List.copyOf(interactionInputs);
    feeds = feeds == null ? FeedSpecs.canonical() : feeds;
    if (transactionInputs.isEmpty() && interactionInputs.isEmpty()) {
      throw new IllegalArgumentException(
          "no inputs: give --transactions and/or --interactions, or inputs.transactions / inputs.interactions in the config");
    }
    for (String p : transactionInputs) {
      PathNames.requireSafe("inputs.transactions", p);
    }
    for (String p : interactionInputs) {
      PathNames.requireSafe("inputs.interactions", p);
    }
    PathNames.requireSafe("warehouse", warehouse);
    Objects.requireNonNull(windows, "windows");
    Objects.requireNonNull(tierPolicy, "tiers");
    Objects.requireNonNull(clustering, "clustering");
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(valueModel, "value_model");
    sparkConf = Map.copyOf(sparkConf);
    actions = actions == null ? ActionOptions.defaults() : actions;
    exportConsumers = exportConsumers == null ? List.of() : List.copyOf(exportConsumers);
  }

  /** A configuration without pseudonymised exports and without Delta tables. */
  public TiersConfig(ZoneId businessZone, String warehouse, List<String> transactionInputs, List<String> interactionInputs,
      FeedSpecs feeds, Windows windows, TierPolicy tierPolicy, ClusteringOptions clustering, QualityOptions quality,
      ValueModelOptions valueModel, boolean allowEmptyPublish, String master, Map<String, String> sparkConf,
      ActionOptions actions) {
    this(businessZone, warehouse, transactionInputs, interactionInputs, feeds, windows, tierPolicy, clustering, quality,
        valueModel, allowEmptyPublish, false, master, sparkConf, actions, List.of());
  }

  /** A configuration with the default action lists (no playbook), without Delta tables. */
  public TiersConfig(ZoneId businessZone, String warehouse, List<String> transactionInputs, List<String> interactionInputs,
      FeedSpecs feeds, Windows windows, TierPolicy tierPolicy, ClusteringOptions clustering, QualityOptions quality,
      ValueModelOptions valueModel, boolean allowEmptyPublish, String master, Map<String, String> sparkConf) {
    this(businessZone, warehouse, transactionInputs, interactionInputs, feeds, windows, tierPolicy, clustering, quality,
        valueModel, allowEmptyPublish, false, master, sparkConf, ActionOptions.defaults(), List.of());
  }

  /** The same configuration writing to another warehouse (a scratch one, for a backtest). */
  public TiersConfig withWarehouse(String otherWarehouse) {
    return new TiersConfig(businessZone, otherWarehouse, transactionInputs, interactionInputs, feeds, windows,
        tierPolicy, clustering, quality, valueModel, allowEmptyPublish, publishDelta, master, sparkConf, actions,
        exportConsumers);
  }
}
