package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.PublishedDates;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import io.github.customertiers.pipeline.report.CustomerExplanation;
import io.github.customertiers.pipeline.report.MarketingReport;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** What a warehouse has published, read without Spark: dates, their live versions, when, and their manifests. */
public final class PublishedWarehouse {
  private final FileSystem fs;
  private final WarehouseLayout layout;
  private final PublishedDates dates;

  private PublishedWarehouse(FileSystem fs, WarehouseLayout layout) {
    this.fs = fs;
    this.layout = layout;
    this.dates = new PublishedDates(fs, layout);
  }

  /** The warehouse at a Hadoop path, with the default Hadoop configuration. */
  public static PublishedWarehouse at(String warehouse) throws IOException {
    WarehouseLayout layout = new WarehouseLayout(warehouse);
    return new PublishedWarehouse(layout.root().getFileSystem(new Configuration()), layout);
  }

  /** Why there is no warehouse at the path (no such directory, or a file), or empty when there is one. */
  public Optional<String> missing() throws IOException {
    Path root = layout.root();
    if (!fs.exists(root)) {
      return Optional.of("no such directory");
    }
    return fs.getFileStatus(root).isDirectory() ? Optional.empty() : Optional.of("a file, not a directory");
  }

  /**
   * What {@code tiers show} prints for one customer on a published date ({@link CustomerExplanation}),
   * read from the Parquet files directly.
   *
   * @throws io.github.customertiers.pipeline.ingest.InvalidInputException when the customer is not published on the date
   */
  public String explain(PublishedDate d, String customerId, boolean history, int scoringMonths) throws IOException {
    return CustomerExplanation.text(fs, dates.all(), d, customerId, history, scoringMonths);
  }

  /** Every published date, oldest first. */
  public List<PublishedDate> all() throws IOException {
    return dates.all();
  }

  /** The live version of a date, if it is published. */
  public Optional<PublishedDate> resolve(LocalDate asOf) throws IOException {
    return dates.resolve(asOf);
  }

  /** When the live version was made live: the pointer's time (the segment table's for the pre-0.2.0 layout). */
  public Instant publishedAt(PublishedDate d) throws IOException {
    Path stamped = d.legacy() ? d.segments() : layout.pointer(d.asOf());
    return Instant.ofEpochMilli(fs.getFileStatus(stamped).getModificationTime());
  }

  /** The live version of {@code asOf}, or of the latest published date when it is null; empty when not published. */
  public Optional<PublishedDate> resolveOrLatest(LocalDate asOf) throws IOException {
    if (asOf != null) {
      return resolve(asOf);
    }
    List<PublishedDate> all = all();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Writes the HTML report of a published date to {@code target} (through this warehouse's file
   * system) and returns its size in bytes.
   */
  public long writeReport(SparkSession spark, PublishedDate d, Path target) throws IOException {
    return MarketingReport.write(spark, fs, layout, d, target);
  }

  /** The file name of a date's HTML report ({@code report_D.html}), in its exports and by default of {@code tiers report}. */
  public static String reportFileName(LocalDate asOf) {
    return MarketingReport.fileName(asOf);
  }

  /** The date's manifest, when it has one. */
  public Optional<ManifestSummary> manifest(PublishedDate d) throws IOException {
    Path file = WarehouseLayout.manifestIn(d.segments());
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(file)) {
      return Optional.of(RunManifest.mapper().readValue(in, ManifestSummary.class));
    }
  }

  /**
   * The path a person can bookmark: inside the live version {@code published/as_of=D/v=.../X}, the
   * same path through the date's {@code current} symlink (local file systems), which a later run
   * switches instead of deleting; other paths as they are.
   */
  public static Path bookmarkable(Path p) {
    Path version = p.getParent();
    Path date = version == null ? null : version.getParent();
    String scheme = p.toUri().getScheme();
    if (date == null || !version.getName().startsWith(WarehouseLayout.VERSION_PREFIX) || !(scheme == null || scheme.equals("file"))) {
      return p;
    }
    java.nio.file.Path link = java.nio.file.Path.of(date.toUri().getPath(), WarehouseLayout.CURRENT_LINK);
    try {
      if (java.nio.file.Files.isSymbolicLink(link)
          && java.nio.file.Files.readSymbolicLink(link).getFileName().toString().equals(version.getName())) {
        return new Path(new Path(date, WarehouseLayout.CURRENT_LINK), p.getName());
      }
    } catch (IOException | RuntimeException e) {
      // no readable link: the versioned path is still right
    }
    return p;
  }

}
