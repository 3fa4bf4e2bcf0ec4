package io.github.customertiers.pipeline.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A lock file under {@code <warehouse>/_locks/}, taken with an exclusive create (atomic on local
 * filesystems and HDFS) and holding its owner: host, process id, run id and start time. A lock
 * is stale, and taken over, when its owner process on this host is gone or when it is older than
 * the stale age. Close releases it.
 */
public final class WarehouseLock implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(WarehouseLock.class);
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(12);

  private static final java.util.Set<WarehouseLock> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    // A SIGTERM from a scheduler runs shutdown hooks, not finally blocks: release our locks there.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> HELD.forEach(WarehouseLock::close), "release-tiers-locks"));
  }

  private final FileSystem fs;
  private final Path path;
  private boolean held = true;

  private WarehouseLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
    HELD.add(this);
  }

  public static Path lockPath(Path warehouse, String name) {
    return new WarehouseLayout(warehouse).lock(name);
  }

  /** Takes the lock or fails at once naming the holder. */
  public static WarehouseLock acquire(FileSystem fs, Path warehouse, String name, String runId, Duration staleAfter)
      throws IOException {
    Path path = lockPath(warehouse, name);
    fs.mkdirs(path.getParent());
    for (int attempt = 0; attempt < 2; attempt++) {
      try (OutputStream out = fs.create(path, false)) {
        Properties owner = new Properties();
        owner.setProperty("host", host());
        owner.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
        owner.setProperty("run_id", runId);
        owner.setProperty("started", Instant.now().toString());
        owner.store(out, "customer-tiers lock " + name);
        return new WarehouseLock(fs, path);
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        Properties holder = read(fs, path);
        if (attempt == 0 && isStale(holder, staleAfter)) {
          LOG.warn("taking over the stale lock {} of {}", path, describe(holder));
          fs.delete(path, false);
          continue;
        }
        throw new LockHeldException("the lock " + name + " is held by " + describe(holder) + " (" + path
            + "); wait for that run, or delete the lock file if you are sure it is gone");
      }
    }
    throw new LockHeldException("could not take the lock " + path);
  }

  /** Takes the lock, waiting for a holder to finish for at most {@code wait}. */
  public static WarehouseLock acquireWaiting(FileSystem fs, Path warehouse, String name, String runId, Duration staleAfter,
      Duration wait) throws IOException {
    Instant deadline = Instant.now().plus(wait);
    while (true) {
      try {
        return acquire(fs, warehouse, name, runId, staleAfter);
      } catch (LockHeldException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the lock " + name, ie);
        }
      }
    }
  }

  static boolean isStale(Properties holder, Duration staleAfter) {
    String started = holder.getProperty("started");
    if (started != null) {
      try {
        if (Instant.parse(started).plus(staleAfter).isBefore(Instant.now())) {
          return true;
        }
      } catch (java.time.format.DateTimeParseException ignored) {
        return true;
      }
    } else {
      return true;
    }
    if (host().equals(holder.getProperty("host"))) {
      try {
        long pid = Long.parseLong(holder.getProperty("pid", "-1"));
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
      } catch (NumberFormatException e) {
        return true;
      }
    }
    return false;
  }

  static String describe(Properties holder) {
    return "run " + holder.getProperty("run_id", "?") + " (pid " + holder.getProperty("pid", "?") + " on "
        + holder.getProperty("host", "?") + ", since " + holder.getProperty("started", "?") + ")";
  }

  private static Properties read(FileSystem fs, Path path) throws IOException {
    Properties p = new Properties();
    try (InputStream in = fs.open(path)) {
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (java.io.FileNotFoundException e) {
      // released between our create and our read: treat as stale so the retry takes it
    }
    return p;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }

  @Override
  public synchronized void close() {
    if (held) {
      held = false;
      HELD.remove(this);
      try {
        fs.delete(path, false);
      } catch (IOException e) {
        LOG.warn("could not release the lock {}: {}", path, e.getMessage());
      }
    }
  }
}
