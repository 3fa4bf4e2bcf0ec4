package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.actions.ActionExports;
import io.github.customertiers.pipeline.actions.PlaybookColumns;
import io.github.customertiers.pipeline.publish.ConsumerExports;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.SegmentColumns;
import io.github.customertiers.pipeline.publish.TierExports;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import io.github.customertiers.pipeline.report.MarketingReport;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The files a published date delivers beside its segment table, written into the run's staged
 * version ({@code exports/} and the folders beside it): the tier exports with the playbook's
 * columns ({@link TierExports}), the action lists ({@link ActionExports}), the pseudonymised
 * exports of each configured consumer ({@link ConsumerExports}) and, once the manifest is beside
 * the segments, the HTML marketing report ({@link MarketingReport}).
 *
 * @param staging the run's staged version of the date (it becomes the live version on publish)
 */
record DateExports(RunContext ctx, Path staging) {

  /**
   * Writes the tier, action and consumer exports of the segments written to staging.
   *
   * @param written  the staged segment table of {@code asOf}, as read back
   * @param previous the date published before {@code asOf}, if any (the action lists compare with it)
   * @return rows per action list, by file name
   */
  Map<String, Long> write(LocalDate asOf, Dataset<Row> written, Optional<PublishedDate> previous) throws IOException {
    Path exports = WarehouseLayout.exportsIn(staging);
    Dataset<Row> played = PlaybookColumns.add(written, ctx.config().actions().playbook());
    TierExports.write(played, SegmentColumns.TIER_FILE, ctx.fs(), exports);
    Map<String, Long> actionLists = ActionExports.write(ctx.spark(), ctx.fs(), played, asOf, ctx.config().actions(),
        previous.map(PublishedDate::segments), previous.filter(p -> !p.legacy()).map(p -> p.segments().getParent()), staging,
        exports);
    if (!ctx.config().exportConsumers().isEmpty()) {
      ConsumerExports.write(ctx.spark(), ctx.fs(), exports, staging, ctx.config().exportConsumers());
    }
    return actionLists;
  }

  /** Writes the HTML report of the staged version {@code version}: it goes live with the version it describes. */
  void writeReport(LocalDate asOf, String version) throws IOException {
    MarketingReport.writeStaged(ctx.spark(), ctx.fs(), ctx.layout(), new PublishedDate(asOf, version,
        WarehouseLayout.segmentsIn(staging), WarehouseLayout.exportsIn(staging), WarehouseLayout.migrationsIn(staging)));
  }
}
