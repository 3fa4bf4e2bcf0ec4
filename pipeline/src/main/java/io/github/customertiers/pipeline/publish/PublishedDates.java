package io.github.customertiers.pipeline.publish;

import io.github.customertiers.pipeline.run.WarehouseLayout;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
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
    TreeMap<LocalDate, PublishedDate> dates = new TreeMap<>();
    for (LocalDate d : datesUnder(layout.published())) {
      resolve(d).ifPresent(p -> dates.put(d, p));
    }
    for (LocalDate d : datesUnder(new Path(layout.root(), "segments"))) {
      if (!dates.containsKey(d)) {
        resolve(d).ifPresent(p -> dates.put(d, p));
      }
    }
    return new ArrayList<>(dates.values());
  }

  /** The latest published date strictly before {@code asOf}, if any. */
  public Optional<PublishedDate> before(LocalDate asOf) throws IOException {
    List<PublishedDate> all = all();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).asOf().isBefore(asOf)) {
        return Optional.of(all.get(i));
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

  private List<LocalDate> datesUnder(Path parent) throws IOException {
    List<LocalDate> dates = new ArrayList<>();
    if (!fs.exists(parent)) {
      return dates;
    }
    for (FileStatus s : fs.listStatus(parent, p -> p.getName().startsWith("as_of="))) {
      try {
        dates.add(LocalDate.parse(s.getPath().getName().substring("as_of=".length())));
      } catch (DateTimeParseException e) {
        // not a date directory
      }
    }
    return dates;
  }
}
