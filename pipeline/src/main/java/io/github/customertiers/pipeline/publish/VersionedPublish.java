package io.github.customertiers.pipeline.publish;

import io.github.customertiers.pipeline.spark.FaultInjection;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Publishing one as-of date as a version (docs/OPERATIONS.md, "Publishing and recovery"): a staged
 * directory becomes {@code published/as_of=D/v=...} and goes live when the date's pointer is
 * switched to it; leftovers of earlier runs of the date are removed first. Callers hold the date's
 * lock.
 */
public final class VersionedPublish {
  private final FileSystem fs;
  private final WarehouseLayout layout;
  private final Consumer<String> progress;

  public VersionedPublish(FileSystem fs, WarehouseLayout layout, Consumer<String> progress) {
    this.fs = fs;
    this.layout = layout;
    this.progress = progress;
  }

  /**
   * Under the date's lock: removes what earlier runs of this date left behind: their staging areas,
   * half-written pointer files, and versions of the date that are not live (one a crash left
   * unpublished, or the one the last publish replaced). The live version is never touched.
   */
  public void recoverLeftovers(LocalDate asOf) throws IOException {
    String suffix = "-" + asOf;
    Path area = layout.staging();
    if (fs.exists(area)) {
      for (var run : fs.listStatus(area, p -> p.getName().endsWith(suffix))) {
        progress.accept("removing leftovers of an earlier run: " + run.getPath());
        fs.delete(run.getPath(), true);
      }
    }
    Path dateDir = layout.published(asOf);
    if (!fs.exists(dateDir)) {
      return;
    }
    String live = VersionPointer.read(fs, layout.pointer(asOf)).orElse(null);
    for (var child : fs.listStatus(dateDir)) {
      String name = child.getPath().getName();
      boolean oldVersion = name.startsWith(WarehouseLayout.VERSION_PREFIX) && !name.equals(live);
      boolean halfWritten = (name.startsWith(WarehouseLayout.POINTER + ".") && name.endsWith(".tmp"))
          || name.startsWith("." + WarehouseLayout.CURRENT_LINK + ".");
      if (oldVersion || halfWritten) {
        progress.accept("removing " + child.getPath() + (oldVersion ? " (not the live version of " + asOf + ")" : ""));
        fs.delete(child.getPath(), true);
      }
    }
  }

  /**
   * Publishes the staged version of a date: one rename moves the whole staged directory (segments,
   * exports, migrations, manifest) to a new version directory that no reader knows yet, then the
   * date's pointer is switched to it in one atomic step. A failure before the switch leaves the
   * previous version live; when the switch reports an error its outcome is read back, and nothing
   * that might be live is deleted.
   */
  public void publish(LocalDate asOf, Path staging, String version) throws IOException {
    Path pointer = layout.pointer(asOf);
    Path versionDir = layout.version(asOf, version);
    Optional<String> replaced = VersionPointer.read(fs, pointer);
    fs.mkdirs(layout.published(asOf));
    if (!fs.rename(staging, versionDir)) {
      throw new IOException("could not publish " + staging + " as " + versionDir + " (rename reported failure); "
          + (replaced.isPresent() ? "the previous version " + replaced.get() + " stays live" : "nothing was published"));
    }
    FaultInjection.pause("during-publish");
    try {
      VersionPointer.write(fs, pointer, version);
    } catch (IOException e) {
      Optional<String> now;
      try {
        now = VersionPointer.read(fs, pointer);
      } catch (IOException unreadable) {
        throw new IOException("could not publish " + asOf + ": switching " + pointer + " to " + version + " failed ("
            + e.getMessage() + ") and the pointer cannot be read back (" + unreadable.getMessage()
            + "); check it before reading the date, or rerun the date", e);
      }
      if (!now.equals(Optional.of(version))) {
        if (now.equals(replaced)) {
          fs.delete(versionDir, true);
        }
        throw new IOException("could not publish " + asOf + ": switching " + pointer + " to " + version + " failed ("
            + e.getMessage() + "); " + (replaced.isPresent() ? "the previous version " + replaced.get() + " stays live"
            : "nothing was published"), e);
      }
      progress.accept("  the pointer switch reported an error (" + e.getMessage() + ") but " + pointer
          + " names the new version: published");
    }
    removeSuperseded(asOf, version, replaced);
  }

  /**
   * After a publish: versions other than the new one and the one it replaced (kept until the next
   * run of the date, for readers still reading it) are deleted, and so are the date's directories
   * of the pre-0.2.0 layout, which the new version supersedes.
   */
  private void removeSuperseded(LocalDate asOf, String live, Optional<String> replaced)
      throws IOException {
    for (var child : fs.listStatus(layout.published(asOf), p -> p.getName().startsWith(WarehouseLayout.VERSION_PREFIX))) {
      String name = child.getPath().getName();
      if (!name.equals(live) && !Optional.of(name).equals(replaced)) {
        fs.delete(child.getPath(), true);
      }
    }
    for (Path legacy : List.of(layout.legacySegments(asOf), layout.legacyExports(asOf), layout.legacyMigrations(asOf))) {
      if (fs.exists(legacy)) {
        progress.accept("  removing " + legacy + " (the pre-0.2.0 layout; the date now lives in " + layout.published(asOf) + ")");
        fs.delete(legacy, true);
      }
    }
  }

  /** A new version name: the publish time (UTC) and a run-specific suffix, never one that exists. */
  public String newVersion(LocalDate asOf, String runId, Instant now) throws IOException {
    String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(now);
    String base = WarehouseLayout.VERSION_PREFIX + stamp + "-" + String.format("%08x", runId.hashCode());
    String version = base;
    for (int i = 2; fs.exists(layout.version(asOf, version)); i++) {
      version = base + "-" + i;
    }
    return version;
  }
}
