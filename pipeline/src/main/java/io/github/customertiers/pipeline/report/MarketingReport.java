package io.github.customertiers.pipeline.report;

import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.PublishedDates;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The HTML report of one date ({@code report_D.html}): written into the exports of every
 * published version by the run, and on demand by {@code tiers report}. Reads the warehouse only.
 */
public final class MarketingReport {
  private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(MarketingReport.class);

  private MarketingReport() {}

  /** The report's file name for a date, e.g. {@code report_2026-11-15.html}. */
  public static String fileName(LocalDate asOf) {
    return "report_" + asOf + ".html";
  }

  /**
   * The report of a date as HTML, with the history of the published dates before it and, when a
   * backtest whose holdout ended by the date was run for the warehouse, its results.
   */
  public static String html(SparkSession spark, FileSystem fs, WarehouseLayout layout, PublishedDate date) throws IOException {
    List<PublishedDate> earlier = new PublishedDates(fs, layout).all();
    return HtmlReport.render(new ReportFactsReader(spark, fs).read(date, earlier),
        io.github.customertiers.pipeline.backtest.BacktestFile.latestFor(fs, layout.root().toString(), date.asOf()));
  }

  /** Writes the report of a date to a file; returns its size in bytes. */
  public static long write(SparkSession spark, FileSystem fs, WarehouseLayout layout, PublishedDate date, Path out) throws IOException {
    byte[] bytes = html(spark, fs, layout, date).getBytes(StandardCharsets.UTF_8);
    try (OutputStream o = fs.create(out, true)) {
      o.write(bytes);
    }
    LOG.info("report of {} written to {} ({} bytes)", date.asOf(), out, bytes.length);
    return bytes.length;
  }

  /**
   * Writes the report of a staged (about to be published) version into its exports directory, so
   * the report goes live with the version it describes; the exports manifest is refreshed to list it.
   */
  public static Path writeStaged(SparkSession spark, FileSystem fs, WarehouseLayout layout, PublishedDate staged) throws IOException {
    Path out = new Path(staged.exports(), fileName(staged.asOf()));
    write(spark, fs, layout, staged, out);
    io.github.customertiers.pipeline.publish.ExportFolder.finish(fs, staged.exports());
    return out;
  }
}
