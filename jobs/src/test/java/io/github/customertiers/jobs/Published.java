package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.publish.PublishedDates;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** Reads a test warehouse the way readers must: every date through its version pointer. */
public final class Published {
  private Published() {}

  public static Optional<PublishedDate> find(Path warehouse, String date) {
    try {
      FileSystem fs = FileSystem.getLocal(new Configuration());
      return new PublishedDates(fs, new WarehouseLayout(new org.apache.hadoop.fs.Path(warehouse.toUri())))
          .resolve(LocalDate.parse(date));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PublishedDate date(Path warehouse, String date) {
    return find(warehouse, date).orElseThrow(() -> new AssertionError("nothing published for " + date + " in " + warehouse));
  }

  public static Path segments(Path warehouse, String date) {
    return local(date(warehouse, date).segments());
  }

  public static Path exports(Path warehouse, String date) {
    return local(date(warehouse, date).exports());
  }

  public static Path migrations(Path warehouse, String date) {
    return local(date(warehouse, date).migrations());
  }

  private static Path local(org.apache.hadoop.fs.Path p) {
    return Path.of(p.toUri().getPath());
  }
}
