package io.github.customertiers.pipeline.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The small file that names the live version of a published date ({@code _CURRENT}). Switching it
 * is the one atomic step of a publish: readers that resolve it see the old complete version or the
 * new complete version, never a missing or mixed one.
 * <ul>
 *   <li>Local and POSIX filesystems: written beside, then renamed over the old pointer (rename(2)
 *       replaces a file atomically). It is written without a Hadoop {@code .crc} file, so no
 *       checksum can disagree with the content for a moment.</li>
 *   <li>HDFS and other filesystems with an atomic overwriting rename: {@link FileContext#rename}
 *       with {@link Options.Rename#OVERWRITE}.</li>
 *   <li>Object stores (s3a, gs, abfs, ...): one PUT of the whole object, which readers see entirely
 *       or not at all.</li>
 * </ul>
 * On a local filesystem a symlink {@code current} beside the pointer is switched the same way, so
 * people and tools that read plain paths get the same guarantee.
 */
public final class VersionPointer {
  private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs",
      "oss", "cos", "cosn", "obs", "r2");

  private VersionPointer() {}

  /** The version the pointer names, or empty when there is no pointer. */
  public static Optional<String> read(FileSystem fs, Path pointer) throws IOException {
    if (!fs.exists(pointer)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(pointer)) {
      String version = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
      if (version.isEmpty() || version.contains("/") || version.contains("..")) {
        throw new IOException("the version pointer " + pointer + " is damaged (content '" + version
            + "'); write the name of an existing version directory into it, or rerun the date");
      }
      return Optional.of(version);
    }
  }

  /** Makes {@code version} (a directory beside the pointer) the live one, atomically. */
  public static void write(FileSystem fs, Path pointer, String version) throws IOException {
    String scheme = String.valueOf(fs.getUri().getScheme()).toLowerCase(Locale.ROOT);
    byte[] content = (version + "\n").getBytes(StandardCharsets.UTF_8);
    if (OBJECT_STORES.contains(scheme)) {
      try (OutputStream out = fs.create(pointer, true)) {
        out.write(content);
      }
      return;
    }
    Path temp = new Path(pointer.getParent(), pointer.getName() + "." + UUID.randomUUID() + ".tmp");
    FileSystem writer = fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    try (OutputStream out = writer.create(temp, false)) {
      out.write(content);
    }
    boolean local = fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
    try {
      if (local) {
        if (!fs.rename(temp, pointer)) {
          throw new IOException("could not switch " + pointer + " to " + version + " (rename of " + temp
              + " reported failure)");
        }
      } else {
        FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(temp, pointer, Options.Rename.OVERWRITE);
      }
    } catch (IOException e) {
      writer.delete(temp, false);
      throw e;
    }
    if (local) {
      switchLink(pointer, version);
    }
  }

  /** Local filesystems: {@code current} beside the pointer becomes a symlink to the version. */
  private static void switchLink(Path pointer, String version) throws IOException {
    java.nio.file.Path dateDir = java.nio.file.Path.of(pointer.getParent().toUri().getPath());
    java.nio.file.Path temp = dateDir.resolve("." + WarehouseLayout.CURRENT_LINK
        + "." + UUID.randomUUID());
    try {
      Files.createSymbolicLink(temp, java.nio.file.Path.of(version));
      Files.move(temp, dateDir.resolve(WarehouseLayout.CURRENT_LINK),
          StandardCopyOption.ATOMIC_MOVE);
    } catch (UnsupportedOperationException | IOException e) {
      Files.deleteIfExists(temp);
      // The pointer file is what the pipeline and the documented readers use; the link is a
      // convenience, so a filesystem without symlinks does not fail the publish.
      org.apache.logging.log4j.LogManager.getLogger(VersionPointer.class)
          .warn("could not point {}/current at {}: {}", dateDir, version, e.toString());
    }
  }
}
