package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.FeedSpec;
import io.github.customertiers.pipeline.config.FeedSpecs;
import io.github.customertiers.pipeline.ingest.Feed;
import io.github.customertiers.pipeline.ingest.FeedMapping;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
          case WIDTHS -> b.widths(list(key, v).stream().map(w -> integer(key, w)).toArray(Integer[]::new));
          case TIMESTAMP_FORMAT -> b.timestampFormats(list(key, v).toArray(String[]::new));
          case TIME_ZONE -> b.timeZone(zone(key, text(key, v)));
          case COLUMNS -> mapping(key, v).forEach(b::column);
          case EXPRESSIONS -> mapping(key, v).forEach(b::expression);
          case RETURN_WHEN -> b.returnWhen(text(key, v));
          case FILTER_OUT -> b.filterOut(text(key, v));
          case MAX_QUARANTINE_RATE -> b.maxQuarantineRate(number(key, v));
          case EMPTY_FILES -> b.emptyFiles(FeedSpec.OnProblem.parse(key, text(key, v)));
          case VOLUME_MIN_RATIO, VOLUME_HISTORY, VOLUME_MIN_HISTORY, VOLUME_ON_LOW -> { }
        }
      }
      FeedSpec.VolumeCheck defaults = FeedSpec.VolumeCheck.defaults();
      b.volume(new FeedSpec.VolumeCheck(
          values.containsKey(FeedSpec.Key.VOLUME_MIN_RATIO)
              ? number(prefix + ".volume.min_ratio", values.get(FeedSpec.Key.VOLUME_MIN_RATIO)) : defaults.minRatio(),
          values.containsKey(FeedSpec.Key.VOLUME_HISTORY)
              ? integer(prefix + ".volume.history", values.get(FeedSpec.Key.VOLUME_HISTORY)) : defaults.history(),
          values.containsKey(FeedSpec.Key.VOLUME_MIN_HISTORY)
              ? integer(prefix + ".volume.min_history", values.get(FeedSpec.Key.VOLUME_MIN_HISTORY)) : defaults.minHistory(),
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
        throw new ConfigException("unknown key '" + prefix + "." + key + "'" + io.github.customertiers.pipeline.config.NearestName.hint(key,
            java.util.Arrays.stream(FeedSpec.Key.values()).map(FeedSpec.Key::path).toList()) + " (see docs/INPUTS.md for the feed keys)");
      }
    }
  }

  private static String text(String key, Object v) {
    if (v == null || v instanceof Map || v instanceof List) {
      throw new ConfigException("config key '" + key + "' must be a single value, got " + v);
    }
    return v.toString();
  }

  private static boolean bool(String key, Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    String s = text(key, v).trim().toLowerCase(java.util.Locale.ROOT);
    return switch (s) {
      case "true", "yes" -> true;
      case "false", "no" -> false;
      default -> throw new ConfigException("config key '" + key + "' must be true or false, got '" + v + "'");
    };
  }

  private static List<String> list(String key, Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        out.add(text(key, o));
      }
    } else {
      out.add(text(key, v));
    }
    return out;
  }

  private static Map<String, String> mapping(String key, Object v) {
    if (!(v instanceof Map<?, ?> m)) {
      throw new ConfigException("config key '" + key + "' must be a mapping of canonical column to source, got " + v);
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, val) -> out.put(String.valueOf(k), text(key + "." + k, val)));
    return out;
  }

  private static int integer(String key, Object v) {
    try {
      return Integer.parseInt(text(key, v).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("config key '" + key + "' must be a whole number, got '" + v + "'");
    }
  }

  private static double number(String key, Object v) {
    try {
      return Double.parseDouble(text(key, v).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("config key '" + key + "' must be a number, got '" + v + "'");
    }
  }

  private static ZoneId zone(String key, String id) {
    try {
      return ZoneId.of(id.trim());
    } catch (DateTimeException e) {
      throw new ConfigException(key + " '" + id + "' is not a time zone id (e.g. UTC, Europe/Berlin)");
    }
  }
}
