package io.github.customertiers.pipeline.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The valid name closest to a mistyped one, for "did you mean" hints: names equal but for case,
 * spaces, dashes and underscores ({@code Customer ID} for {@code CustomerID}), one name inside the
 * other ({@code UnitPrice} for {@code Price}), or a small edit distance ({@code lapse_days} for
 * {@code lapse_dayz}). Ties go to the earlier candidate, so hints are deterministic.
 */
public final class NearestName {
  private NearestName() {}

  /** The candidate nearest to {@code name}, if one is near enough to be a plausible intent. */
  public static Optional<String> among(String name, Collection<String> candidates) {
    String wanted = normal(name);
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    String best = null;
    int bestScore = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String c = normal(candidate);
      if (c.isEmpty() || candidate.equals(name)) {
        continue;
      }
      int score;
      if (c.equals(wanted)) {
        score = 0;
      } else if (Math.min(c.length(), wanted.length()) >= 4 && (c.contains(wanted) || wanted.contains(c))) {
        score = 1;
      } else {
        int distance = distance(wanted, c);
        score = distance <= Math.max(1, Math.min(wanted.length(), c.length()) / 3) ? 1 + distance : Integer.MAX_VALUE;
      }
      if (score < bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  /** " (did you mean 'x'?)" or an empty string. */
  public static String hint(String name, Collection<String> candidates) {
    return among(name, candidates).map(n -> " (did you mean '" + n + "'?)").orElse("");
  }

  private static String normal(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
