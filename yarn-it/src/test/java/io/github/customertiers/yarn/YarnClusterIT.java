package io.github.customertiers.yarn;

import static io.github.customertiers.jobs.cluster.RunComparison.AS_OF;
import static io.github.customertiers.jobs.cluster.RunComparison.TIERS;
import static io.github.customertiers.jobs.cluster.RunComparison.firstDifferentExport;
import static io.github.customertiers.jobs.cluster.RunComparison.snapshot;
import static io.github.customertiers.jobs.cluster.RunComparison.summaryLines;
import static io.github.customertiers.jobs.cluster.RunComparison.visibleFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.jobs.cluster.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
  @TempDir static Path work;
  static Path root;
  static MiniYarn yarn;
  static ChildProcesses.Result local;
  static ChildProcesses.Result onYarn;

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

    local = ChildProcesses.run(submit(jar, List.of("--master", "local[2]"), common,
        List.of("run", "--config", config, "--warehouse", work.resolve("local-warehouse").toString())),
        root, env, work.resolve("local.log"), Duration.ofMinutes(12));
    assertThat(local.succeeded()).as("local reference run: %s", local.failure()).isTrue();

    // Client mode; one executor with one core. The containers get the JDK of this JVM: a node's
    // default Java need not be 25 (docs/OPERATIONS.md, "Running on YARN").
    onYarn = ChildProcesses.run(submit(jar, List.of("--master", "yarn", "--deploy-mode", "client",
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
    assertThat(firstDifferentExport(localExports, yarnExports, "YARN")).as("export files, YARN vs local").isEmpty();
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
    ChildProcesses.Result assembled = ChildProcesses.run(List.of(root.resolve("scripts/spark-home").toString(), "--jar", jar.toString(),
        home.toString()), root, Map.of(), work.resolve("spark-home.log"), Duration.ofMinutes(2));
    assertThat(assembled.succeeded()).as("scripts/spark-home: %s", assembled.failure()).isTrue();
    try (Stream<Path> jars = Files.list(home.resolve("jars"))) {
      assertThat(jars.map(p -> p.getFileName().toString())).as("an assembled SPARK_HOME has no YARN support of its own")
          .noneMatch(n -> n.startsWith("spark-yarn"));
    }
    Files.createSymbolicLink(home.resolve("jars").resolve(sparkYarn.getFileName()), sparkYarn.toAbsolutePath());
    return home;
  }

  private static Path exports(Path warehouse) {
    return warehouse.resolve("published").resolve("as_of=" + AS_OF).resolve("current").resolve("exports");
  }
}
