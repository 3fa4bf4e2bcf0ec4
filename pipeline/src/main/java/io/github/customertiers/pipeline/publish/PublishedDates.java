package io.github.customertiers.pipeline.publish;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What is published in a warehouse, as readers must see it: every date through its pointer, so a
 * reader gets one complete version of a date whatever a publish is doing at the same moment.
 */
public final class PublishedDates {
  private final FileSystem fs;
  private final WarehouseLayout layout;

  public PublishedDates(FileSystem fs, WarehouseLayout layout) {
    this.fs = fs;
    this.layout = layout;
  }

  /** The live version of a date, if the date is published. */
  public Optional<PublishedDate> resolve(LocalDate asOf) throws IOException {
    Optional<String> version = VersionPointer.read(fs, layout.pointer(asOf));
    if (version.isPresent()) {
      Path dir = layout.version(asOf, version.get());
      if (!fs.exists(dir)) {
        throw new IOException("the pointer " + layout.pointer(asOf) + " names " + version.get()
            + ", which does not exist; rerun the date to publish it again");
      }
      return Optional.of(new PublishedDate(asOf, version.get(), WarehouseLayout.segmentsIn(dir),
          WarehouseLayout.exportsIn(dir), WarehouseLayout.migrationsIn(dir)));
    }
    if (fs.exists(layout.legacySegments(asOf))) {
      return Optional.of(new PublishedDate(asOf, PublishedDate.LEGACY, layout.legacySegments(asOf),
          layout.legacyExports(asOf), layout.legacyMigrations(asOf)));
    }
    return Optional.empty();
  }

  /** Every published date, oldest first. */
  public List<PublishedDate> all() throws IOException {
    List<PublishedDate> dates = new ArrayList<>();
    for (LocalDate d : candidates()) {
      resolve(d).ifPresent(dates::add);
    }
    return dates;
  }

  /**
   * The latest published date strictly before {@code asOf}, if any. Resolves pointers from the
   * nearest candidate down and stops at the first published one, so a range run does not read
   * every pointer of the warehouse for each of its dates.
   */
  public Optional<PublishedDate> before(LocalDate asOf) throws IOException {
    List<LocalDate> earlier = candidates().headSet(asOf, false).descendingSet().stream().toList();
    for (LocalDate d : earlier) {
      Optional<PublishedDate> published = resolve(d);
      if (published.isPresent()) {
        return published;
      }
    }
    return Optional.empty();
  }

  /** The segment tables of the given published dates as one table (its {@code as_of} column tells them apart). */
  public static Dataset<Row> segments(SparkSession spark, List<PublishedDate> dates) {
    if (dates.isEmpty()) {
      throw new IllegalArgumentException("no published dates to read");
    }
    return spark.read().parquet(dates.stream().map(d -> d.segments().toString()).toArray(String[]::new));
  }

  /** Dates that have a directory in the current or the 0.1.0 layout (published or not), oldest first. */
  private TreeSet<LocalDate> candidates() throws IOException {
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (Path parent : List.of(layout.published(), layout.legacySegments())) {
      if (!fs.exists(parent)) {
        continue;
      }
      for (FileStatus s : fs.listStatus(parent, p -> p.getName().startsWith(WarehouseLayout.DATE_PREFIX))) {
        try {
          dates.add(LocalDate.parse(s.getPath().getName().substring(WarehouseLayout.DATE_PREFIX.length())));
        } catch (DateTimeParseException e) {
          // not a date directory
        }
      }
    }
    return dates;
  }
}
