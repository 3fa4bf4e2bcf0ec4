package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/startup-options}, which picks the JVM start-up options (the JIT compiler) of a {@code scripts/tiers} command: only
 * the quick one for small inputs and short commands, the JVM's default for a run or an ingest of
 * large, remote or unknown inputs. The real script runs as a child process on real files.
 */
class StartupOptionsScriptTest {
  static final String QUICK = "-XX:TieredStopAtLevel=1";
  static final String SERIAL_GC = "-XX:+UseSerialGC";

  @TempDir Path work;

  @Test
  void theReadmeSampleRunGetsTheQuickCompiler() throws Exception {
    Path config = ProjectPaths.root().resolve("sample-data/tiers.yaml");
    assertThat(startupOptions(Map.of(), "run", "--config", config.toString())).isEqualTo(QUICK);
    long sample = sizeOf(ProjectPaths.root().resolve("sample-data/transactions"))
        + sizeOf(ProjectPaths.root().resolve("sample-data/interactions"));
    assertThat(startupOptions(Map.of(), "--bytes", "run", "--config", config.toString())).isEqualTo(String.valueOf(sample));
    // A backfill of the sample works for minutes: the optimising compiler pays back.
    assertThat(startupOptions(Map.of(), "run", "--config", config.toString(), "--from", "2026-10-17", "--to", "2026-11-15")).isEmpty();
    assertThat(startupOptions(Map.of(), "run", "--config", config.toString(), "--from=2026-10-17")).isEmpty();
  }

  @Test
  void aRunOverTheThresholdGetsTheJvmDefault() throws Exception {
    Path exports = Files.createDirectories(work.resolve("in/transactions"));
    Files.writeString(exports.resolve("t.csv"), "x".repeat(5000), StandardCharsets.UTF_8);
    Map<String, String> small = Map.of("TIERS_QUICK_JIT_MAX_BYTES", "4999");
    assertThat(startupOptions(small, "run", "--transactions", exports.toString())).isEmpty();
    assertThat(startupOptions(small, "--quiet", "ingest", "--transactions=" + exports)).isEmpty();
    assertThat(startupOptions(Map.of("TIERS_QUICK_JIT_MAX_BYTES", "5000"), "run", "--transactions", exports.toString()))
        .isEqualTo(QUICK);
    // Short commands keep the quick compiler whatever the inputs.
    assertThat(startupOptions(small, "validate", "--transactions", exports.toString())).isEqualTo(QUICK);
    assertThat(startupOptions(small, "show", "--as-of", "2026-11-15")).isEqualTo(QUICK + " " + SERIAL_GC);
  }

  @Test
  void theConfigInputsAreReadRelativeToTheConfigInEveryListForm() throws Exception {
    Path exports = Files.createDirectories(work.resolve("exports"));
    Files.writeString(exports.resolve("a.csv"), "a".repeat(300), StandardCharsets.UTF_8);
    Files.createDirectories(exports.resolve("b"));
    Files.writeString(exports.resolve("b/b.csv"), "b".repeat(40), StandardCharsets.UTF_8);
    Files.writeString(exports.resolve("c.csv"), "c".repeat(5), StandardCharsets.UTF_8);
    Path config = work.resolve("tiers.yaml");
    Files.writeString(config, String.join("\n",
        "warehouse: wh   # not an input",
        "inputs:",
        "  transactions: [exports/a.csv, \"exports/b\"]  # two",
        "  interactions:",
        "    - exports/c.csv",
        "windows:",
        "  scoring_days: 365", ""), StandardCharsets.UTF_8);
    assertThat(startupOptions(Map.of(), "--bytes", "run", "--config", config.toString())).isEqualTo("345");
    // A feed named on the command line replaces that feed of the config (as tiers run resolves them).
    assertThat(startupOptions(Map.of(), "--bytes", "run", "--config", config.toString(), "--transactions", exports.resolve("c.csv").toString()))
        .isEqualTo("10");
  }

  @Test
  void remoteOrUnnamedInputsAndTheOverrideGetNoQuickCompiler() throws Exception {
    assertThat(startupOptions(Map.of(), "run", "--transactions", "hdfs://namenode/exports/transactions")).isEmpty();
    assertThat(startupOptions(Map.of(), "--bytes", "run", "--transactions", "s3a://bucket/t")).isEmpty();
    assertThat(startupOptions(Map.of(), "run", "--as-of", "2026-11-15")).isEmpty();
    assertThat(startupOptions(Map.of("TIERS_STARTUP_OPTS", "-XX:+UseSerialGC"), "run", "--as-of", "2026-11-15")).isEqualTo("-XX:+UseSerialGC");
    // tiers show keeps the quick compiler and the serial collector after an override, as scripts/tiers always gave it.
    assertThat(startupOptions(Map.of("TIERS_STARTUP_OPTS", "-Xss2m"), "show")).isEqualTo("-Xss2m " + QUICK + " " + SERIAL_GC);
    assertThat(startupOptions(Map.of("TIERS_STARTUP_OPTS", ""), "run", "--config",
        ProjectPaths.root().resolve("sample-data/tiers.yaml").toString())).isEmpty();
  }

  private static long sizeOf(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private String startupOptions(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", ProjectPaths.root().resolve("scripts/startup-options").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
    pb.environment().remove("TIERS_STARTUP_OPTS");
    pb.environment().remove("TIERS_QUICK_JIT_MAX_BYTES");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
