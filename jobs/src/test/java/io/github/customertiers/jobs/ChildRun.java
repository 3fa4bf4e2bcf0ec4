package io.github.customertiers.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code tiers} process, started with this JVM's java and class path, the JVM options of
 * scripts/jvm-options and the quick JIT compiler that scripts/startup-options gives small inputs, optionally paused at a named fault-injection point so a test can kill it
 * there. Its stdout and stderr go to files.
 */
final class ChildRun implements AutoCloseable {
  final Process process;
  final Path stdout;
  final Path stderr;

  private ChildRun(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static ChildRun start(Path logs, String pauseAt, String... args) throws IOException {
    return start(logs, pauseAt, List.of(), args);
  }

  /** With extra JVM system properties, e.g. {@code -Dspark.hadoop.fs.file.impl=...}. */
  static ChildRun start(Path logs, String pauseAt, List<String> jvmProperties, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String line : Files.readAllLines(ProjectPaths.root().resolve("scripts/jvm-options"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        command.add(line.trim());
      }
    }
    command.add("-Xmx1500m");
    // What scripts/startup-options gives a run of a small input: the quick JIT compiler.
    command.add("-XX:TieredStopAtLevel=1");
    if (pauseAt != null) {
      command.add("-Dcustomertiers.pauseAt=" + pauseAt);
    }
    command.addAll(jvmProperties);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.github.customertiers.jobs.TiersCli");
    command.addAll(List.of(args));
    Files.createDirectories(logs);
    Path out = Files.createTempFile(logs, "child", ".out");
    Path err = Files.createTempFile(logs, "child", ".err");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return new ChildRun(pb.start(), out, err);
  }

  /** Waits until the child prints {@code PAUSED <point>}; fails if it exits or the timeout passes. */
  void awaitPause(String point, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (Files.readString(stderr).contains("PAUSED " + point)) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("child exited with " + process.exitValue() + " before pausing at " + point + ":\n"
            + Files.readString(stdout) + "\n" + tail(Files.readString(stderr)));
      }
      Thread.sleep(250);
    }
    throw new AssertionError("child did not pause at " + point + " within " + timeout + ":\n" + tail(Files.readString(stderr)));
  }

  long pid() {
    return process.pid();
  }

  void killHard() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  private static String tail(String s) {
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
