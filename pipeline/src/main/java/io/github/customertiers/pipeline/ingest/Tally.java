package io.github.customertiers.pipeline.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * What became of the records of one file (keyed by Spark's spelling of its path). {@link FeedIngest}
 * counts them when it reads and deduplicates a delivery, {@link DeliveryChecks} judges them, and they
 * end up in the file's {@link FileAccounting}; {@link #sourceKey} matches a listed path to Spark's
 * spelling of it.
 */
final class Tally {
  long read;
  long filtered;
  long valid;
  long duplicates;
  long unique;
  final Map<String, Long> reasons = new HashMap<>();
  /** Filtered records by the name of the first filter rule they matched. */
  final Map<String, Long> filteredByRule = new HashMap<>();

  /** The tally of {@code file}; an empty one when none of its records was counted. */
  static Tally of(Map<String, Tally> tallies, InputFile file) {
    return tallies.getOrDefault(sourceKey(tallies.keySet(), file.path()), new Tally());
  }

  /** Spark reports file paths in its own URI spelling; match them to our listing. */
  static String sourceKey(Set<String> sources, String file) {
    String spelled = new Path(file).toUri().toString();
    if (sources.contains(spelled)) {
      return spelled;
    }
    String bare = new Path(file).toUri().getPath();
    for (String s : sources) {
      if (new Path(s).toUri().getPath().equals(bare)) {
        return s;
      }
    }
    return spelled;
  }
}
