package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/tiers-submit --print-command} with the jar {@code package} built
 * (jobs/target/customer-tiers.jar, the script's default): {@code --jars} has exactly the app-lib/
 * jars its manifest names. An integration test, so it runs after {@code package} on every build,
 * a fresh clone's included; the stand-in SPARK_HOME and the helpers are {@link SubmitCommandLineTest}'s.
 */
class PackagedJarSubmitIT {
  @TempDir static Path work;

  @BeforeAll
  static void aSparkHome() throws Exception {
    SubmitCommandLineTest.work = work;
    SubmitCommandLineTest.buildAJarAndASparkHome();
  }

  @Test
  void thePackagedJarShipsTheAppLibJarsItsManifestNames() throws Exception {
    Path built = SubmitCommandLineTest.root.resolve("jobs/target/customer-tiers.jar");
    Path appLib = built.resolveSibling("app-lib");
    assertThat(Files.isRegularFile(built) && Files.isDirectory(appLib) && Files.isDirectory(built.resolveSibling("lib")))
        .as("package built %s with lib/ and app-lib/ beside it", built).isTrue();
    String classPath;
    try (JarFile builtJar = new JarFile(built.toFile())) {
      classPath = builtJar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
    }
    List<String> expected = Arrays.stream(classPath.trim().split(" +"))
        .map(e -> e.substring(e.indexOf('/') + 1))
        .filter(n -> Files.isRegularFile(appLib.resolve(n)))
        .map(n -> appLib.toAbsolutePath().resolve(n).toString()).toList();

    SubmitCommandLineTest.Run run = SubmitCommandLineTest.tiersSubmit(Map.of("SPARK_HOME", SubmitCommandLineTest.sparkHome.toString()),
        "--print-command", "--master", "yarn", "--", "run", "--config", "/etc/customer-tiers/tiers.yaml");
    assertThat(run.exitCode()).as("exit code; stderr:\n%s", run.err()).isZero();
    SubmitCommandLineTest.SubmitLine line = SubmitCommandLineTest.SubmitLine.parse(run, built.toAbsolutePath());
    line.assertOwnSettings(SubmitCommandLineTest.sparkHome, built.toAbsolutePath(), expected,
        SubmitCommandLineTest.jvmOptions, SubmitCommandLineTest.jvmOptions);
    assertThat(expected).as("application jars shipped")
        .anyMatch(p -> p.endsWith("/customer-tiers-pipeline-0.1.0.jar"))
        .anyMatch(p -> Path.of(p).getFileName().toString().startsWith("smile-core-"))
        .anyMatch(p -> Path.of(p).getFileName().toString().startsWith("picocli-"))
        .noneMatch(p -> Path.of(p).getFileName().toString().startsWith("spark-"));
  }
}
