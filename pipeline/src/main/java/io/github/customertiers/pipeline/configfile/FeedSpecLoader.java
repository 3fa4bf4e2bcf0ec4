package io.github.customertiers.pipeline.configfile;

import static io.github.customertiers.pipeline.configfile.ConfigValues.bool;
import static io.github.customertiers.pipeline.configfile.ConfigValues.integer;
import static io.github.customertiers.pipeline.configfile.ConfigValues.list;
import static io.github.customertiers.pipeline.configfile.ConfigValues.mapping;
import static io.github.customertiers.pipeline.configfile.ConfigValues.number;
import static io.github.customertiers.pipeline.configfile.ConfigValues.text;
import static io.github.customertiers.pipeline.configfile.ConfigValues.zone;

import io.github.customertiers.pipeline.config.FeedSpec;
import io.github.customertiers.pipeline.config.FeedSpecs;
import io.github.customertiers.pipeline.config.NearestName;
import io.github.customertiers.pipeline.errors.ConfigException;
import io.github.customertiers.pipeline.ingest.Feed;
import io.github.customertiers.pipeline.ingest.FeedMapping;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the {@code feeds:} section of a config file into {@link FeedSpecs}: each key is one of
 * {@link FeedSpec.Key} (unknown keys are errors naming the key), values are typed and the spec is
 * checked against its feed (canonical names, SQL syntax) before anything is read.
 */
final class FeedSpecLoader {
  private FeedSpecLoader() {}

  static FeedSpecs load(Object transactions, Object interactions) {
    return new FeedSpecs(parse(Feed.TRANSACTIONS, transactions), parse(Feed.INTERACTIONS, interactions));
  }

  static FeedSpec parse(Feed feed, Object section) {
    String prefix = "feeds." + feed.feedName();
    if (section == null) {
      return FeedSpec.canonical();
    }
    if (!(section instanceof Map<?, ?> map)) {
      throw new ConfigException("config key '" + prefix + "' must be a mapping of feed settings (see docs/INPUTS.md)");
    }
    Map<FeedSpec.Key, Object> values = new LinkedHashMap<>();
    flatten(prefix, "", map, values);
    FeedSpec spec;
    try {
      FeedSpec.Builder b = FeedSpec.builder();
      for (Map.Entry<FeedSpec.Key, Object> e : values.entrySet()) {
        String key = prefix + "." + e.getKey().path();
        Object v = e.getValue();
        switch (e.getKey()) {
          case FORMAT -> b.format(FeedSpec.Format.parse(text(key, v)));
          case DELIMITER -> b.delimiter(text(key, v));
          case QUOTE -> b.quote(text(key, v));
          case ESCAPE -> b.escape(text(key, v));
          case ENCODING -> b.encoding(text(key, v));
          case HEADER -> b.header(bool(key, v));
          case SOURCE_COLUMNS -> b.sourceColumns(list(key, v).toArray(String[]::new));
          case WIDTHS -> b.widths(list(key, v).stream().map(w -> integer(key, w, null)).toArray(Integer[]::new));
          case TIMESTAMP_FORMAT -> b.timestampFormats(list(key, v).toArray(String[]::new));
          case TIME_ZONE -> b.timeZone(zone(key, text(key, v)));
          case COLUMNS -> mapping(key, v, "canonical column to source").forEach(b::column);
          case EXPRESSIONS -> mapping(key, v, "canonical column to source").forEach(b::expression);
          case RETURN_WHEN -> b.returnWhen(text(key, v));
          case FILTER_OUT -> {
            if (v instanceof Map<?, ?>) {
              mapping(key, v, "rule name to Spark SQL condition").forEach(b::filterRule);
            } else {
              b.filterOut(text(key, v));
            }
          }
          case MAX_QUARANTINE_RATE -> b.maxQuarantineRate(number(key, v, null));
          case EMPTY_FILES -> b.emptyFiles(FeedSpec.OnProblem.parse(key, text(key, v)));
          case VOLUME_MIN_RATIO, VOLUME_HISTORY, VOLUME_MIN_HISTORY, VOLUME_ON_LOW -> { }
        }
      }
      FeedSpec.VolumeCheck defaults = FeedSpec.VolumeCheck.defaults();
      b.volume(new FeedSpec.VolumeCheck(
          values.containsKey(FeedSpec.Key.VOLUME_MIN_RATIO)
              ? number(prefix + ".volume.min_ratio", values.get(FeedSpec.Key.VOLUME_MIN_RATIO), null) : defaults.minRatio(),
          values.containsKey(FeedSpec.Key.VOLUME_HISTORY)
              ? integer(prefix + ".volume.history", values.get(FeedSpec.Key.VOLUME_HISTORY), null) : defaults.history(),
          values.containsKey(FeedSpec.Key.VOLUME_MIN_HISTORY)
              ? integer(prefix + ".volume.min_history", values.get(FeedSpec.Key.VOLUME_MIN_HISTORY), null) : defaults.minHistory(),
          values.containsKey(FeedSpec.Key.VOLUME_ON_LOW)
              ? FeedSpec.OnProblem.parse(prefix + ".volume.on_low", text(prefix + ".volume.on_low", values.get(FeedSpec.Key.VOLUME_ON_LOW)))
              : defaults.onLow()));
      spec = b.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(prefix + ": " + e.getMessage(), e);
    }
    try {
      FeedMapping.check(feed, spec);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    return spec;
  }

  private static void flatten(String prefix, String path, Map<?, ?> map, Map<FeedSpec.Key, Object> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = path + e.getKey();
      var known = FeedSpec.Key.byPath(key);
      if (known.isPresent()) {
        out.put(known.get(), e.getValue());
      } else if (key.equals("volume") && e.getValue() instanceof Map<?, ?> nested) {
        flatten(prefix, key + ".", nested, out);
      } else {
        throw new ConfigException("unknown key '" + prefix + "." + key + "'" + NearestName.hint(key,
            Arrays.stream(FeedSpec.Key.values()).map(FeedSpec.Key::path).toList()) + " (see docs/INPUTS.md for the feed keys)");
      }
    }
  }
}
