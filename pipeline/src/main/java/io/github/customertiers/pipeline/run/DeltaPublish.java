package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.publish.DeltaTables;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import java.time.LocalDate;
import org.apache.hadoop.fs.Path;

/**
 * The {@code publish.delta} step of a date: the date's published segments and migrations replace
 * the date in the warehouse's Delta tables ({@link DeltaTables}). It runs after the pointer switch,
 * from the live version, so a Delta reader never sees a date that is not published; if it fails,
 * the date stays published and a rerun of the date updates the tables.
 */
final class DeltaPublish {
  private final RunContext ctx;

  DeltaPublish(RunContext ctx) {
    this.ctx = ctx;
  }

  /** Fails before anything is written when the session cannot write Delta tables. */
  void requireSessionSupport() {
    DeltaTables.requireSessionSupport(ctx.spark());
  }

  /** Replaces {@code asOf} in the Delta tables with the rows of its live version {@code versionDir}. */
  void replaceDate(LocalDate asOf, Path versionDir) {
    Path segments = ctx.layout().deltaTable(DeltaTables.SEGMENTS);
    Path migrations = ctx.layout().deltaTable(DeltaTables.MIGRATIONS);
    ctx.progress().accept("replace " + asOf + " in the Delta tables " + segments + " and " + migrations);
    try {
      DeltaTables.replaceDate(ctx.spark().read().parquet(WarehouseLayout.segmentsIn(versionDir).toString()), segments, asOf);
      DeltaTables.replaceDate(ctx.spark().read().parquet(WarehouseLayout.migrationsIn(versionDir).toString()), migrations, asOf);
    } catch (Exception e) { // Delta's AnalysisException is checked in Java's eyes
      throw new IllegalStateException(asOf + " is published (" + versionDir + ") but its Delta tables under "
          + segments.getParent() + " were not updated: " + e.getMessage() + "; run the date again to update them", e);
    }
  }
}
