package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.stability.TierStability;
import io.github.customertiers.pipeline.ingest.FeedIngestResult;
import io.github.customertiers.pipeline.tiers.TierModel;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a run did, as a value: serialised as the run manifest and printed as the run summary.
 *
 * @param stageMillis wall time of every stage, in run order
 * @param stability tier changes against the previous published date; null when there is none
 * @param actionLists rows of each action list and of the changes file (at_risk, moved, win_back, anniversaries, changes)
 */
public record RunResult(
    String runId,
    LocalDate asOf,
    String toolVersion,
    String configDigest,
    List<FeedIngestResult> ingest,
    List<String> feedsUsed,
    long customersScored,
    long activeBuyers,
    long unpublished,
    List<TierSummaryRow> tiers,
    TierModel model,
    Map<String, Object> valueModel,
    String previousAsOf,
    List<MigrationRow> migrations,
    String segmentsPath,
    String exportsPath,
    Map<String, Long> stageMillis,
    TierStability stability,
    Map<String, Long> actionLists) {

  /** The same result with the stage times as they are now (the publish stage ends after the manifest is written). */
  RunResult withStageMillis(Map<String, Long> millis) {
    return new RunResult(runId, asOf, toolVersion, configDigest, ingest, feedsUsed, customersScored, activeBuyers, unpublished,
        tiers, model, valueModel, previousAsOf, migrations, segmentsPath, exportsPath, millis,
        stability, actionLists);
  }
}
