package io.github.customertiers.yarn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run to its end or a deadline, output in a log file; descendants it leaves are stopped. */
record ChildProcess(List<String> command, int exitCode, Path log, boolean timedOut, Duration took) {

  static ChildProcess run(List<String> command, Path workingDir, Map<String, String> env, Path log, Duration timeout)
      throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    long started = System.nanoTime();
    Process p = pb.start();
    try {
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      return finished ? new ChildProcess(command, p.exitValue(), log, false, took) : new ChildProcess(command, -1, log, true, took);
    } finally {
      List<ProcessHandle> left = p.descendants().toList();
      p.destroy();
      left.forEach(ProcessHandle::destroy);
      p.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
      left.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

  boolean succeeded() {
    return !timedOut && exitCode == 0;
  }

  String output() throws IOException {
    return Files.readString(log, StandardCharsets.ISO_8859_1);
  }

  /** Why it failed, with the last lines of its output, for an assertion message. */
  String failure() throws IOException {
    List<String> lines = output().lines().toList();
    return String.join(" ", command) + (timedOut ? " timed out after " + took : " exited with " + exitCode) + "\n---- "
        + log + " (last lines)\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}
