package io.github.customertiers.pipeline.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to do with a customer: a recommended action and a contact cadence per tier and per movement
 * (docs/TIERS.md, "Playbook"). A customer who moved since the previous published date gets the play
 * of their movement when the playbook has one, else the play of their tier.
 *
 * @param tiers play per tier label (vip, key, ordinary, potential, lapsed)
 * @param movements play per movement ({@link #MOVEMENTS})
 */
public record Playbook(Map<String, Play> tiers, Map<String, Play> movements) {
  /** Tier labels a playbook may name. */
  public static final List<String> TIERS = List.of("vip", "key", "ordinary", "potential", "lapsed");

  /**
   * Movements since the previous published date: {@code new} (not published on it), {@code entered_T}
   * (moved up into T), {@code fell_from_T} (moved down out of T, not into lapsed), {@code lapsed}
   * (any tier to lapsed), {@code returned} (lapsed to any other tier).
   */
  public static final List<String> MOVEMENTS = List.of("new", "entered_vip", "entered_key", "entered_ordinary",
      "entered_potential", "fell_from_vip", "fell_from_key", "fell_from_ordinary", "fell_from_potential", "lapsed", "returned");

  /** One recommendation: what to do and how often to contact. */
  public record Play(String action, String cadence) {
    public Play {
      if (action == null || action.isBlank()) {
        throw new IllegalArgumentException("actions.playbook: every play needs an 'action'");
      }
      cadence = cadence == null ? "" : cadence;
    }
  }

  public Playbook {
    // sorted: the config digest hashes the text of the configuration, which must not depend on hash order
    tiers = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(tiers, "tiers")));
    movements = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(movements, "movements")));
    for (String t : tiers.keySet()) {
      if (!TIERS.contains(t)) {
        throw new IllegalArgumentException("actions.playbook.tiers: unknown tier '" + t + "'" + NearestName.hint(t, TIERS)
            + " (known: " + TIERS + ")");
      }
    }
    for (String m : movements.keySet()) {
      if (!MOVEMENTS.contains(m)) {
        throw new IllegalArgumentException("actions.playbook.movements: unknown movement '" + m + "'"
            + NearestName.hint(m, MOVEMENTS) + " (known: " + MOVEMENTS + ")");
      }
    }
  }

  /** No recommendations: the playbook columns stay empty. */
  public static Playbook empty() {
    return new Playbook(Map.of(), Map.of());
  }

  /**
   * The playbook from its YAML mapping: {@code {tiers: {vip: {action: ..., cadence: ...}}, movements: {...}}};
   * null gives the empty playbook.
   */
  public static Playbook fromMapping(Object mapping) {
    if (mapping == null) {
      return empty();
    }
    if (!(mapping instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("actions.playbook must be a mapping with 'tiers' and/or 'movements', got " + mapping);
    }
    for (Object k : m.keySet()) {
      if (!"tiers".equals(k) && !"movements".equals(k)) {
        throw new IllegalArgumentException("actions.playbook: unknown key '" + k + "' (expected 'tiers' and/or 'movements')");
      }
    }
    return new Playbook(plays("actions.playbook.tiers", m.get("tiers")), plays("actions.playbook.movements", m.get("movements")));
  }

  private static Map<String, Play> plays(String key, Object value) {
    Map<String, Play> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(key + " must be a mapping of name to {action, cadence}, got " + value);
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?> play)) {
        throw new IllegalArgumentException(key + "." + e.getKey() + " must be a mapping {action, cadence}, got " + e.getValue());
      }
      for (Object k : play.keySet()) {
        if (!"action".equals(k) && !"cadence".equals(k)) {
          throw new IllegalArgumentException(key + "." + e.getKey() + ": unknown key '" + k + "' (expected action, cadence)");
        }
      }
      Object action = play.get("action");
      Object cadence = play.get("cadence");
      out.put(String.valueOf(e.getKey()), new Play(action == null ? null : action.toString(), cadence == null ? null : cadence.toString()));
    }
    return out;
  }
}
