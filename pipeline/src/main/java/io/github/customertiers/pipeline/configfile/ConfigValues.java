package io.github.customertiers.pipeline.configfile;

import io.github.customertiers.pipeline.errors.ConfigException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed values of the config file, one parser for the run keys ({@link ConfigLoader}) and the feed
 * keys ({@link FeedSpecLoader}): every failure is a {@link ConfigException} naming the key and the
 * value.
 */
final class ConfigValues {
  private ConfigValues() {}

  static String text(String key, Object v) {
    if (v == null || v instanceof Map || v instanceof List) {
      throw new ConfigException("config key '" + key + "' must be a single value, got " + v);
    }
    return v.toString();
  }

  /** {@code true}/{@code yes} or {@code false}/{@code no}, in any case. */
  static boolean bool(String key, Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    return switch (text(key, v).trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes" -> true;
      case "false", "no" -> false;
      default -> throw new ConfigException("config key '" + key + "' must be true or false, got '" + v + "'");
    };
  }

  /** @param unit what the number counts, named in the message; null for none */
  static int integer(String key, Object v, String unit) {
    try {
      return Integer.parseInt(text(key, v).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("config key '" + key + "' must be a whole number" + (unit == null ? "" : " of " + unit)
          + ", got '" + v + "'");
    }
  }

  /** @param unit what the number measures, named in the message; null for none */
  static double number(String key, Object v, String unit) {
    try {
      return Double.parseDouble(text(key, v).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("config key '" + key + "' must be a number" + (unit == null ? "" : " (" + unit + ")")
          + ", got '" + v + "'");
    }
  }

  static ZoneId zone(String key, String id) {
    try {
      return ZoneId.of(id.trim());
    } catch (DateTimeException e) {
      throw new ConfigException(key + " '" + id + "' is not a time zone id (e.g. UTC, Europe/Berlin)");
    }
  }

  static LocalDate date(String key, String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeException e) {
      throw new ConfigException(key + " must be a date YYYY-MM-DD, got '" + value + "'");
    }
  }

  /** One value or a list of values. */
  static List<String> list(String key, Object v) {
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

  /** A mapping of names to single values. */
  static Map<String, String> mapping(String key, Object v, String what) {
    if (!(v instanceof Map<?, ?> m)) {
      throw new ConfigException("config key '" + key + "' must be a mapping of " + what + ", got " + v);
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, val) -> out.put(String.valueOf(k), text(key + "." + k, val)));
    return out;
  }
}
