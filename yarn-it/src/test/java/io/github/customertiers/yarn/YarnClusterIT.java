package io.github.customertiers.yarn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMAppState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job on YARN gives what it gives in local mode.
 *
 * <p>Hadoop's MiniYARNCluster (a resource manager and a node manager) runs in this JVM. The packaged CLI
 * goes through {@code scripts/tiers-submit --master yarn} in client mode, with {@code HADOOP_CONF_DIR}
 * pointing at the mini cluster and a SPARK_HOME that {@code scripts/spark-home} assembles from the
 * project's jars plus spark-yarn (what a Spark distribution built with YARN support has): the driver is a
 * child JVM of this test, the application master and the executor are containers the node manager
 * launches. The reference is the same command with {@code --master local[2]}. Both must publish the
 * same summary and byte-identical tier files (customer, tier, scores, reason, CLV per row). Runs with
 * {@code mvn verify -Pyarn}, after the jobs module packaged target/customer-tiers.jar, lib/ and app-lib/.
 */
class YarnClusterIT {
  static final String AS_OF = "2026-11-15";
  static final List<String> TIERS = List.of("vip", "key", "ordinary", "potential", "lapsed");

  @TempDir static Path work;
  static Path root;
  static MiniYarn yarn;
  static ChildProcess local;
  static ChildProcess onYarn;

  @BeforeAll
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  static void runLocallyAndOnYarn() throws Exception {
    root = Path.of(System.getProperty("project.root"));
    Path builtJar = Path.of(System.getProperty("tiers.jar"));
    assertThat(builtJar).as("the packaged CLI (mvn verify -Pyarn packages the jobs module first)").exists();
    assertThat(builtJar.resolveSibling("app-lib")).as("the application's jars beside it").isDirectory();
    Path sparkYarn = Path.of(System.getProperty("spark.yarn.jar"));
    assertThat(sparkYarn).as("spark-yarn, copied by the dependency plugin").exists();
    Path jar = snapshot(builtJar, work.resolve("dist"));
    Path sparkHome = sparkHomeWithYarn(jar, sparkYarn, work.resolve("spark-home"));

    yarn = MiniYarn.start(work.resolve("hadoop-conf"), 4096);
    String javaHome = System.getProperty("java.home");
    Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString(), "HADOOP_CONF_DIR", yarn.confDir().toString(),
        "SPARK_LOCAL_IP", "127.0.0.1", "JAVA_HOME", javaHome);
    String config = root.resolve("sample-data/tiers.yaml").toString();
    List<String> common = List.of("--driver-memory", "1g", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.sql.shuffle.partitions=4");

    local = ChildProcess.run(submit(jar, List.of("--master", "local[2]"), common,
        List.of("run", "--config", config, "--warehouse", work.resolve("local-warehouse").toString())),
        root, env, work.resolve("local.log"), Duration.ofMinutes(12));
    assertThat(local.succeeded()).as("local reference run: %s", local.failure()).isTrue();

    // Client mode; one executor with one core. The containers get the JDK of this JVM: a node's
    // default Java need not be 25 (docs/OPERATIONS.md, "Running on YARN").
    onYarn = ChildProcess.run(submit(jar, List.of("--master", "yarn", "--deploy-mode", "client",
            "--num-executors", "1", "--executor-cores", "1", "--executor-memory", "1g",
            "--conf", "spark.yarn.am.memory=512m",
            "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + javaHome,
            "--conf", "spark.executorEnv.JAVA_HOME=" + javaHome), common,
        List.of("run", "--config", config, "--warehouse", work.resolve("yarn-warehouse").toString())),
        root, env, work.resolve("yarn.log"), Duration.ofMinutes(15));
    System.out.printf("YarnClusterIT: local run %d s, YARN run %d s (exit %d), resource manager %s%n",
        local.took().toSeconds(), onYarn.took().toSeconds(), onYarn.exitCode(), yarn.resourceManagerAddress());
  }

  @AfterAll
  static void stopYarn() {
    if (yarn != null) {
      yarn.close();
    }
  }

  @Test
  void yarnRunPublishesWithTheSameSummary() throws IOException {
    requireYarnRun();
    String output = onYarn.output();
    assertThat(output).contains("Tiers as of " + AS_OF).contains("Segments: " + work.resolve("yarn-warehouse"));
    assertThat(summaryLines(output)).as("per-tier summary, YARN vs local").hasSize(TIERS.size())
        .isEqualTo(summaryLines(local.output()));
  }

  @Test
  void theResourceManagerRanTheApplicationToSuccess() throws IOException {
    requireYarnRun();
    List<RMApp> apps = yarn.applications();
    assertThat(apps).as("applications submitted to the resource manager").hasSize(1);
    RMApp app = apps.get(0);
    assertThat(app.getApplicationType()).isEqualTo("SPARK");
    assertThat(app.getName()).startsWith("customer-tiers");
    // The client returns when the application master reports success; the resource manager moves the
    // application from FINISHING to FINISHED a moment later (it waits for the master's container to end).
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (app.getState() == RMAppState.FINISHING && System.nanoTime() < deadline) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    assertThat(app.getState()).isEqualTo(RMAppState.FINISHED);
    assertThat(app.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
  }

  @Test
  void theExecutorRanInAYarnContainerWithTheJvmOptionsOfTiersSubmit() throws IOException {
    requireYarnRun();
    List<Path> containers = yarn.containerLogDirs();
    List<String> launches = new ArrayList<>();
    for (Path container : containers) {
      launches.add(Files.readString(container.resolve("launch_container.sh"), StandardCharsets.ISO_8859_1));
    }
    assertThat(launches).as("application master (client mode)").anyMatch(l -> l.contains("org.apache.spark.deploy.yarn.ExecutorLauncher"));
    List<String> executors = launches.stream().filter(l -> l.contains("CoarseGrainedExecutorBackend")).toList();
    assertThat(executors).as("executor containers of %s", containers).isNotEmpty();
    for (String launch : executors) {
      assertThat(launch).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
          .contains("--sun-misc-unsafe-memory-access=allow")
          .contains("-Duser.timezone=Europe/Berlin");
    }
  }

  @Test
  void tierFilesAreTheSame() throws IOException {
    requireYarnRun();
    Path localExports = exports(work.resolve("local-warehouse"));
    Path yarnExports = exports(work.resolve("yarn-warehouse"));
    assertThat(visibleFiles(yarnExports)).as("export files").isEqualTo(visibleFiles(localExports))
        .containsAll(TIERS.stream().map(t -> t + ".csv").toList());
    for (String file : visibleFiles(localExports)) {
      if (file.startsWith("report_") || file.equals("exports_manifest.json")) {
        continue; // the report names its run (version, run id, stage durations); the manifest lists the report's digest
      }
      byte[] expected = Files.readAllBytes(localExports.resolve(file));
      byte[] actual = Files.readAllBytes(yarnExports.resolve(file));
      if (!Arrays.equals(expected, actual)) {
        fail("%s of the YARN run differs from the local run's: %s", file, firstDifferentLine(expected, actual));
      }
    }
    assertThat(Files.readAllLines(localExports.resolve("vip.csv"))).as("vip.csv: header and customers").hasSizeGreaterThan(10);
  }

  private static void requireYarnRun() throws IOException {
    if (!onYarn.succeeded()) {
      throw new AssertionError("scripts/tiers-submit --master yarn: " + onYarn.failure());
    }
  }

  private static List<String> submit(Path jar, List<String> master, List<String> common, List<String> tiers) {
    List<String> command = new ArrayList<>(List.of(root.resolve("scripts/tiers-submit").toString(), "--jar", jar.toString()));
    command.addAll(master);
    command.addAll(common);
    command.add("--");
    command.addAll(tiers);
    return command;
  }

  /** scripts/spark-home for the jar, with spark-yarn added to its jars/ as a YARN-enabled distribution has it. */
  private static Path sparkHomeWithYarn(Path jar, Path sparkYarn, Path home) throws Exception {
    ChildProcess assembled = ChildProcess.run(List.of(root.resolve("scripts/spark-home").toString(), "--jar", jar.toString(),
        home.toString()), root, Map.of(), work.resolve("spark-home.log"), Duration.ofMinutes(2));
    assertThat(assembled.succeeded()).as("scripts/spark-home: %s", assembled.failure()).isTrue();
    try (Stream<Path> jars = Files.list(home.resolve("jars"))) {
      assertThat(jars.map(p -> p.getFileName().toString())).as("an assembled SPARK_HOME has no YARN support of its own")
          .noneMatch(n -> n.startsWith("spark-yarn"));
    }
    Files.createSymbolicLink(home.resolve("jars").resolve(sparkYarn.getFileName()), sparkYarn.toAbsolutePath());
    return home;
  }

  /** Copies the jar and app-lib/ (which a rebuild rewrites), with lib/ linked, so a build meanwhile changes nothing under the runs. */
  private static Path snapshot(Path builtJar, Path dist) throws IOException {
    Files.createDirectories(dist.resolve("app-lib"));
    Path jar = Files.copy(builtJar, dist.resolve(builtJar.getFileName()));
    try (Stream<Path> appJars = Files.list(builtJar.resolveSibling("app-lib"))) {
      for (Path appJar : appJars.toList()) {
        Files.copy(appJar, dist.resolve("app-lib").resolve(appJar.getFileName()));
      }
    }
    Files.createSymbolicLink(dist.resolve("lib"), builtJar.resolveSibling("lib").toAbsolutePath());
    return jar;
  }

  private static Path exports(Path warehouse) {
    return warehouse.resolve("published").resolve("as_of=" + AS_OF).resolve("current").resolve("exports");
  }

  private static List<String> summaryLines(String output) {
    return output.lines().filter(l -> TIERS.stream().anyMatch(t -> l.matches(t + "\\s+[0-9,]+\\s+.*"))).toList();
  }

  private static List<String> visibleFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("_")).sorted().toList();
    }
  }

  private static String firstDifferentLine(byte[] expected, byte[] actual) {
    List<String> e = new String(expected, StandardCharsets.UTF_8).lines().toList();
    List<String> a = new String(actual, StandardCharsets.UTF_8).lines().toList();
    for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
      if (!e.get(i).equals(a.get(i))) {
        return "line " + (i + 1) + ":\n  local " + e.get(i) + "\n  yarn  " + a.get(i);
      }
    }
    return "local has " + e.size() + " lines, YARN " + a.size();
  }
}
