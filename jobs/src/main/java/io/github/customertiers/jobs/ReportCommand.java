package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.run.PublishedWarehouse;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tiers report}: the self-contained HTML report of a published date, from the warehouse only. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Write the HTML report of a published date: tiers and revenue, the Pareto curve, tiers over the "
        + "published dates, movement since the previous date, the RFM grid, score distributions, the value model, data "
        + "quality and the run. One self-contained file (inline SVG, no script, no network), each chart with its numbers.",
        "Every run also writes it into the date's exports (report_D.html). Reads the warehouse only."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "2:bad command line or config", "3:the date is not published (yet)", "1:internal error"})
public final class ReportCommand implements Callable<Integer> {
  @Mixin WarehouseDateOptions source = new WarehouseDateOptions();

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the report. Default: report_<as-of>.html in the current directory.")
  String out;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master. Default: local[*] (or the one spark-submit gives).")
  String master;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PublishedWarehouse published = source.published();
    Optional<PublishedDate> date = source.date(published);
    if (date.isEmpty()) {
      spec.commandLine().getErr().println("tiers: " + source.notPublished());
      return ExitCode.INPUT_NOT_READY;
    }
    Path target = new Path(out != null ? out : PublishedWarehouse.reportFileName(date.get().asOf()));
    long started = System.nanoTime();
    SparkSession spark = SparkFactory.session("customer-tiers report", master);
    FileSystem outFs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
    long bytes = published.writeReport(spark, date.get(), outFs.makeQualified(target));
    stdout.printf(Locale.ROOT, "Report of %s (%s): %s (%,d bytes, %.1f s)%n", date.get().asOf(), date.get().version(),
        PublishedCommand.shown(outFs.makeQualified(target)), bytes, (System.nanoTime() - started) / 1e9);
    return ExitCode.OK;
  }
}
