package io.github.customertiers.pipeline.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The files of one delivery: skipped ones (same content ingested before), new ones with their
 * probed layout, earlier versions they replace, and files rejected (that cannot be read as
 * configured, or failed a check of their own). {@link DeliveryPlan} makes it, {@link DeliveryChecks}
 * judge it and {@link FeedIngest} loads its new files; a file that fails a check leaves it through
 * {@link #rejecting}.
 */
record Delivery(List<FileAccounting> skipped, List<SourceLayout> fresh, Map<String, List<EarlierVersion>> earlier,
    List<RejectedFile> rejected) {
  // FeedIngest's logger: the log lines of an ingest keep one name.
  private static final Logger LOG = LogManager.getLogger(FeedIngest.class);

  List<SourceLayout> readable() {
    return fresh.stream().filter(l -> !l.empty()).toList();
  }

  List<EarlierVersion> replacing() {
    return earlier.values().stream().flatMap(List::stream).toList();
  }

  Map<String, String> rejectedByFile() {
    Map<String, String> out = new LinkedHashMap<>();
    rejected.forEach(r -> out.put(r.file(), r.reason()));
    return out;
  }

  /** Without the files of a problem: they are rejected for its reason (added to an earlier reason). */
  Delivery rejecting(Feed feed, DeliveryChecks.Problem problem) {
    Set<String> paths = new HashSet<>();
    problem.files().forEach(f -> paths.add(f.path()));
    List<RejectedFile> now = new ArrayList<>(rejected);
    for (InputFile f : problem.files()) {
      int i = indexOf(now, f.path());
      if (i < 0) {
        now.add(new RejectedFile(feed.feedName(), f.path(), f.deliveryDate(), problem.message()));
      } else {
        now.set(i, now.get(i).because(problem.message()));
      }
    }
    now.stream().filter(r -> paths.contains(r.file()))
        .forEach(r -> LOG.warn("{}: delivery of {} rejected: {}", r.feed(), r.deliveryDate(), r.describe()));
    Map<String, List<EarlierVersion>> versions = new LinkedHashMap<>(earlier);
    versions.keySet().removeAll(paths);
    return new Delivery(skipped, fresh.stream().filter(l -> !paths.contains(l.file().path())).toList(), versions, now);
  }

  private static int indexOf(List<RejectedFile> files, String path) {
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i).file().equals(path)) {
        return i;
      }
    }
    return -1;
  }
}
