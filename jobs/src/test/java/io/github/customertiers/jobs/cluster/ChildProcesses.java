package io.github.customertiers.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Child processes of the cluster tests (here and in yarn-it, through this module's test jar): run
 * with a deadline, stop a process tree by pid, read log tails.
 */
public final class ChildProcesses {
  private ChildProcesses() {}

  /** How a command ended; its output (both streams) is in {@code log}. */
  public record Result(List<String> command, int exitCode, Path log, boolean timedOut, Duration took) {
    Result requireSuccess(String what) {
      if (!succeeded()) {
        throw new IllegalStateException(what + (timedOut ? " timed out after " + took : " exited with " + exitCode)
            + "; command " + command + "\n---- " + log + " (last lines)\n" + tail(log, 80));
      }
      return this;
    }

    /** Ended by itself before the deadline, with exit code 0. */
    public boolean succeeded() {
      return !timedOut && exitCode == 0;
    }

    /** Everything it printed. */
    public String output() throws IOException {
      return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    /** How it ended, with the last lines of its output, for an assertion message. */
    public String failure() {
      return String.join(" ", command) + (timedOut ? " timed out after " + took : " exited with " + exitCode) + "\n---- "
          + log + " (last lines)\n" + tail(log, 60);
    }
  }

  /**
   * Runs a command with both output streams in {@code log}. When the timeout passes the command and
   * all its descendants are stopped; descendants it left behind are stopped in any case.
   */
  public static Result run(List<String> command, Path workingDir, Map<String, String> env, Path log, Duration timeout)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    long started = System.nanoTime();
    Process p = pb.start();
    try {
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (!finished) {
        stop(p.toHandle(), Duration.ofSeconds(10));
        return new Result(command, -1, log, true, took);
      }
      return new Result(command, p.exitValue(), log, false, took);
    } catch (InterruptedException e) {
      stop(p.toHandle(), Duration.ofSeconds(10));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      p.descendants().forEach(d -> terminate(d, Duration.ofSeconds(5)));
    }
  }

  /** SIGTERM to the process, SIGKILL after {@code grace}; then the same for descendants it left. */
  static void stop(ProcessHandle process, Duration grace) {
    List<ProcessHandle> descendants = process.descendants().toList();
    terminate(process, grace);
    for (ProcessHandle d : descendants) {
      terminate(d, Duration.ofSeconds(5));
    }
  }

  private static void terminate(ProcessHandle process, Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      process.destroyForcibly();
      process.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The JVM options Spark needs on JDK 25: scripts/jvm-options without comments and blank lines. */
  static List<String> jvmOptions(Path root) {
    try {
      return Files.readAllLines(root.resolve("scripts/jvm-options"), StandardCharsets.UTF_8).stream()
          .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code lines} lines of a text file, or a note saying why there are none. */
  static String tail(Path file, int lines) {
    if (!Files.isRegularFile(file)) {
      return "(no " + file + ")";
    }
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
