package io.github.customertiers.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for tests: headless Chromium (Debian package {@code chromium}, installed by
 * {@code scripts/ensure-chromium} when missing), a fresh profile per call, no network services,
 * and its log on stderr so console messages (CSP violations included) can be scanned.
 */
record HeadlessChromium(Path binary) {
  static HeadlessChromium ensure() throws IOException, InterruptedException {
    Path script = ProjectPaths.root().resolve("scripts/ensure-chromium");
    Process p = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0 || path.isEmpty()) {
      throw new AssertionError("headless Chromium is needed and could not be installed: run scripts/ensure-chromium");
    }
    return new HeadlessChromium(Path.of(path));
  }

  /** What the browser printed: the rendered DOM or nothing on stdout, its log on stderr. */
  record Result(int exitCode, String stdout, String log) {
    /** Console messages (errors, CSP violations such as a blocked request) and network errors in the log. */
    List<String> consoleAndNetworkErrors() {
      return log.lines().filter(l -> l.contains(":CONSOLE") || l.contains("net::ERR_")).toList();
    }
  }

  Result dumpDom(Path html, Path scratch) throws IOException, InterruptedException {
    return run(html, scratch, "--dump-dom");
  }

  Result screenshot(Path html, Path png, Path scratch) throws IOException, InterruptedException {
    return run(html, scratch, "--screenshot=" + png, "--window-size=1400,2400", "--hide-scrollbars");
  }

  private Result run(Path html, Path scratch, String... extra) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(scratch, "chromium-profile");
    Path out = scratch.resolve(profile.getFileName() + ".out");
    Path err = scratch.resolve(profile.getFileName() + ".err");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
    command.addAll(List.of(extra));
    command.add(html.toUri().toString());
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish within 3 minutes: " + command);
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
