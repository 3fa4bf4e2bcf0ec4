package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.ingest.FeedIngestResult;
import io.github.customertiers.pipeline.ingest.RejectedFile;
import java.util.List;

/**
 * What an ingest did: per feed, the row accounting and the rejected files.
 *
 * @param batch the id of the ingest (its batch directories carry it)
 * @param millis wall time of the ingest, waiting for the lock included
 */
public record IngestResult(String batch, List<FeedIngestResult> feeds, long millis) {
  public IngestResult {
    feeds = List.copyOf(feeds);
  }

  /** The dated files that were rejected, every feed's. */
  public List<RejectedFile> rejected() {
    return feeds.stream().flatMap(r -> r.rejected().stream()).toList();
  }
}
