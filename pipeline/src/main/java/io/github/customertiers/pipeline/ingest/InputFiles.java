package io.github.customertiers.pipeline.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import io.github.customertiers.pipeline.config.FeedSpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Lists the export files behind configured paths and fingerprints them. */
public final class InputFiles {
  private InputFiles() {}

  /**
   * Expands files and directories (recursively, skipping names starting with '_' or '.') into a
   * sorted list, so file order never depends on the listing order of the filesystem. Each file
   * carries its {@link DeliveryDate}, read from its path below the configured path.
   *
   * @throws InputNotReadyException when a configured path does not exist
   */
  public static List<InputFile> list(Configuration hadoop, Feed feed, List<String> paths) {
    return list(hadoop, feed, FeedSpec.Format.AUTO, paths);
  }

  /**
   * As {@link #list(Configuration, Feed, List)}, every file read in the given format
   * ({@link FeedSpec.Format#AUTO}: by extension).
   */
  public static List<InputFile> list(Configuration hadoop, Feed feed, FeedSpec.Format format, List<String> paths) {
    List<InputFile> files = new ArrayList<>();
    for (String p : paths) {
      Path path = new Path(p);
      try {
        FileSystem fs = path.getFileSystem(hadoop);
        if (!fs.exists(path)) {
          throw new InputNotReadyException(feed.feedName() + " input " + p + " does not exist (not delivered yet?)");
        }
        FileStatus root = fs.getFileStatus(path);
        collect(fs, root, feed, format, files, root.isDirectory() ? "" : root.getPath().getName());
      } catch (IOException e) {
        throw new InvalidInputException("cannot list " + feed.feedName() + " input " + p + ": " + e.getMessage(), e);
      }
    }
    files.sort(java.util.Comparator.comparing(InputFile::path));
    if (files.isEmpty()) {
      throw new InputNotReadyException(feed.feedName() + " inputs " + paths + " hold no files");
    }
    return files;
  }

  /** {@code relative}: the path of {@code status} below the configured input (its name when that is a file). */
  private static void collect(FileSystem fs, FileStatus status, Feed feed, FeedSpec.Format configured, List<InputFile> out,
      String relative) throws IOException {
    String name = status.getPath().getName();
    if (name.startsWith("_") || name.startsWith(".")) {
      return;
    }
    if (status.isDirectory()) {
      for (FileStatus child : fs.listStatus(status.getPath())) {
        String childName = child.getPath().getName();
        collect(fs, child, feed, configured, out, relative.isEmpty() ? childName : relative + "/" + childName);
      }
      return;
    }
    InputFile.Format format = switch (configured) {
      case AUTO -> byExtension(status.getPath(), feed);
      case CSV -> InputFile.Format.CSV;
      case PARQUET -> InputFile.Format.PARQUET;
      case JSONL -> InputFile.Format.JSONL;
      case FIXED_WIDTH -> InputFile.Format.FIXED_WIDTH;
      case WHITESPACE -> InputFile.Format.WHITESPACE;
    };
    String qualified = status.getPath().makeQualified(fs.getUri(), fs.getWorkingDirectory()).toString();
    out.add(new InputFile(qualified, format, status.getLen(), sha256(fs, status.getPath()), DeliveryDate.of(relative)));
  }

  private static InputFile.Format byExtension(Path path, Feed feed) {
    String lower = path.getName().toLowerCase(java.util.Locale.ROOT);
    String bare = lower.endsWith(".gz") ? lower.substring(0, lower.length() - 3) : lower;
    if (lower.endsWith(".parquet")) {
      return InputFile.Format.PARQUET;
    } else if (bare.endsWith(".csv") || bare.endsWith(".txt")) {
      return InputFile.Format.CSV;
    } else if (bare.endsWith(".jsonl") || bare.endsWith(".ndjson")) {
      return InputFile.Format.JSONL;
    }
    throw new InvalidInputException("unsupported input file " + path
        + ": expected .csv, .csv.gz, .txt, .parquet or .jsonl, or set feeds." + feed.feedName() + ".format");
  }

  static String sha256(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
