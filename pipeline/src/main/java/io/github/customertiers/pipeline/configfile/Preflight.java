package io.github.customertiers.pipeline.configfile;

import io.github.customertiers.pipeline.errors.ConfigException;
import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.ingest.InputNotReadyException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks a command can make before it starts Spark (seconds), on local paths only: a remote
 * path ({@code hdfs://}, {@code s3a://}) needs Spark's Hadoop settings and is checked by the run.
 */
final class Preflight {
  private Preflight() {}

  /**
   * The warehouse is a directory, or can be created as one.
   *
   * @throws ConfigException naming the path when it, or a folder above it, is a file
   */
  static void warehouseUsable(String warehouse) {
    Optional<Path> local = local(warehouse);
    if (local.isEmpty()) {
      return;
    }
    Path p = local.get().toAbsolutePath().normalize();
    if (Files.exists(p) && !Files.isDirectory(p)) {
      throw new ConfigException("the warehouse " + warehouse + " is a file, not a directory; give a directory (--warehouse)");
    }
    for (Path above = p.getParent(); above != null; above = above.getParent()) {
      if (Files.exists(above)) {
        if (!Files.isDirectory(above)) {
          throw new ConfigException("the warehouse " + warehouse + " cannot be created: " + above + " is a file, not a directory");
        }
        return;
      }
    }
  }

  /**
   * Every configured local input exists, so a run fails in a second, not after Spark's start.
   *
   * @throws InputNotReadyException naming the feed and the path, with the message of the ingest
   */
  static void inputsDelivered(TiersConfig config) {
    inputsDelivered("transactions", config.transactionInputs());
    inputsDelivered("interactions", config.interactionInputs());
  }

  private static void inputsDelivered(String feed, List<String> inputs) {
    for (String input : inputs) {
      Optional<Path> local = local(input);
      if (local.isPresent() && !Files.exists(local.get())) {
        throw new InputNotReadyException(feed + " input " + input + " does not exist (not delivered yet?)");
      }
    }
  }

  /** The local file of a path without scheme or with {@code file:}; empty for other file systems. */
  static Optional<Path> local(String path) {
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    URI uri = new org.apache.hadoop.fs.Path(path).toUri();
    boolean local = uri.getScheme() == null || uri.getScheme().equals("file");
    return local ? Optional.of(Path.of(uri.getPath())) : Optional.empty();
  }
}
