package io.github.customertiers.pipeline.ingest;

import io.github.customertiers.pipeline.config.FeedSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The planning of an ingest, before Spark reads a row: which of the listed files are new, how each
 * new one is laid out, which earlier versions they replace, and which cannot be read as configured.
 * Its result is the {@link Delivery} that {@link FeedIngest} reads, checks and loads.
 */
final class DeliveryPlan {
  // FeedIngest's logger: the log lines of an ingest keep one name.
  private static final Logger LOG = LogManager.getLogger(FeedIngest.class);

  private DeliveryPlan() {}

  /**
   * Lists and probes the inputs. A file that cannot be read as configured is rejected when it is
   * dated or in a dry run; otherwise it fails the ingest.
   */
  static Delivery plan(Feed feed, FeedSpec spec, List<String> inputs, IngestedStore store, Configuration hadoop,
      boolean dryRun) {
    List<InputFile> files = InputFiles.list(hadoop, feed, spec.format(), inputs);
    Set<String> known = store.knownDigests(hadoop);
    List<IngestedStore.FileRecord> registry = store.fileRecords(hadoop);
    List<FileAccounting> skipped = new ArrayList<>();
    List<SourceLayout> fresh = new ArrayList<>();
    Map<String, List<EarlierVersion>> earlier = new LinkedHashMap<>();
    List<RejectedFile> rejected = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (InputFile file : files) {
      if (known.contains(file.digest()) || !seen.add(file.digest())) {
        LOG.info("{}: {} was ingested before (same content); skipped", feed.feedName(), file.path());
        skipped.add(FileAccounting.alreadyIngested(file));
        continue;
      }
      try {
        SourceLayout layout = InputProbe.probe(hadoop, feed, spec, file);
        if (!layout.empty() && layout.columns() != null) {
          FeedMapping.resolve(feed, spec, layout.columns(), List.of(file));
        }
        fresh.add(layout);
      } catch (InvalidInputException e) {
        if (!dryRun && file.deliveryDate() == null) {
          throw e;
        }
        RejectedFile r = new RejectedFile(feed.feedName(), file.path(), file.deliveryDate(), e.getMessage());
        if (!dryRun) {
          LOG.warn("{}: delivery of {} rejected: {}", r.feed(), r.deliveryDate(), r.describe());
        }
        rejected.add(r);
        continue;
      }
      List<EarlierVersion> versions = registry.stream()
          .filter(r -> r.file().equals(file.path()) && !r.digest().equals(file.digest()))
          .map(r -> new EarlierVersion(r.digest(), r.batch(), r.sourceFile(), r.loaded()))
          .toList();
      if (!versions.isEmpty()) {
        LOG.info("{}: {} is a new version of a file ingested before; it replaces the rows of {} earlier version(s)",
            feed.feedName(), file.path(), versions.size());
        earlier.put(file.path(), versions);
      }
    }
    return new Delivery(skipped, fresh, earlier, rejected);
  }
}
