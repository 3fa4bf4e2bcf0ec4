package io.github.customertiers.jobs.cluster;

import static io.github.customertiers.jobs.cluster.RunComparison.AS_OF;
import static io.github.customertiers.jobs.cluster.RunComparison.TIERS;
import static io.github.customertiers.jobs.cluster.RunComparison.firstDifferentExport;
import static io.github.customertiers.jobs.cluster.RunComparison.snapshot;
import static io.github.customertiers.jobs.cluster.RunComparison.summaryLines;
import static io.github.customertiers.jobs.cluster.RunComparison.visibleFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.jobs.Published;
import io.github.customertiers.jobs.TiersCli;
import io.github.customertiers.pipeline.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job on a real Spark standalone cluster gives what it gives in local mode.
 *
 * <p>A master and a worker (1 core, 1 GB) run on 127.0.0.1 as separate JVMs, started from a
 * SPARK_HOME that {@code scripts/spark-home} assembles from the project's dependency jars: its
 * {@code jars/} holds Spark's jars only, so the application's own (pipeline, Smile, picocli) reach
 * the executors only if {@code scripts/tiers-submit} ships them. {@code tiers run} on the sample data
 * goes through {@code scripts/tiers-submit} (client mode: the driver is a child JVM of this test,
 * the executor a child of the worker); the reference is the same command in local mode, run in this
 * JVM while the daemons start. Both must publish the same: the same tiers, scores and reasons per
 * customer and byte-identical export files. Runs in the integration-test phase (maven-failsafe-plugin), after
 * {@code package} built target/customer-tiers.jar, lib/ and app-lib/.
 */
class StandaloneClusterIT {
  @TempDir static Path work;
  static Path root;
  static Path appLib;
  static Path localWarehouse;
  static Path clusterWarehouse;
  static StandaloneCluster cluster;
  static int localExit;
  static String localOutput;
  static ChildProcesses.Result submitted;

  @BeforeAll
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  static void runLocallyAndOnTheCluster() throws Exception {
    root = projectRoot();
    Path builtJar = Path.of(System.getProperty("tiers.jar", root.resolve("jobs/target/customer-tiers.jar").toString()));
    assertThat(builtJar).as("the packaged CLI (this test runs in mvn verify, after package)").exists();
    assertThat(builtJar.resolveSibling("app-lib")).as("the application's jars beside it").isDirectory();
    Path jar = snapshot(builtJar, work.resolve("dist"));
    appLib = jar.resolveSibling("app-lib");
    Path config = root.resolve("sample-data/tiers.yaml");
    localWarehouse = work.resolve("local-warehouse");
    clusterWarehouse = work.resolve("cluster-warehouse");

    long started = System.nanoTime();
    cluster = StandaloneCluster.start(root, jar, work.resolve("cluster"), 1, "1g");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    localExit = TiersCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute("run", "--config", config.toString(), "--warehouse", localWarehouse.toString());
    localOutput = out + "\n" + err;
    assertThat(localExit).as("exit code of the local-mode reference run; output:\n%s", localOutput).isZero();
    long localDone = System.nanoTime();

    cluster.awaitWorker(Duration.ofSeconds(120));
    submitted = ChildProcesses.run(List.of(
            root.resolve("scripts/tiers-submit").toString(),
            "--jar", jar.toString(),
            "--master", cluster.masterUrl(),
            "--driver-memory", "768m",
            "--conf", "spark.ui.enabled=false",
            // The local run uses max(4, 2 x cores) shuffle partitions; 200 on one executor core only costs time.
            "--conf", "spark.sql.shuffle.partitions=4",
            "--",
            "run", "--config", config.toString(), "--warehouse", clusterWarehouse.toString()),
        root,
        Map.of("SPARK_HOME", cluster.sparkHome().toString(), "SPARK_LOCAL_IP", StandaloneCluster.HOST),
        work.resolve("tiers-submit.log"),
        Duration.ofMinutes(10));
    System.out.printf("StandaloneClusterIT: local run %d s; cluster ready %d s later; tiers-submit run %d s (exit %d)%n",
        (localDone - started) / 1_000_000_000L, (System.nanoTime() - localDone) / 1_000_000_000L - submitted.took().toSeconds(),
        submitted.took().toSeconds(), submitted.exitCode());
  }

  @AfterAll
  static void stopTheCluster() {
    if (cluster == null) {
      return;
    }
    List<Long> pids = cluster.pids();
    cluster.close();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("Spark daemon %d still running after close", pid).isFalse();
    }
  }

  @Test
  void clusterRunPublishesWithTheSameSummary() throws Exception {
    requireClusterRun();
    String output = Files.readString(submitted.log(), StandardCharsets.UTF_8);
    assertThat(output).contains("Tiers as of " + AS_OF).contains("Segments: " + clusterWarehouse);
    assertThat(summaryLines(output)).as("per-tier summary, cluster vs local").isEqualTo(summaryLines(localOutput));
    assertThat(cluster.masterStatus()).as("the master ran the application to its end")
        .containsPattern("(?s)\"completedapps\"\\s*:\\s*\\[.*?\"name\"\\s*:\\s*\"customer-tiers.*?\"state\"\\s*:\\s*\"FINISHED\"");
  }

  @Test
  void executorsGotTheApplicationJarsAndTheJvmOptionsFromTiersSubmit() throws IOException {
    requireClusterRun();
    try (Stream<Path> sparkJars = Files.list(cluster.sparkHome().resolve("jars"))) {
      assertThat(sparkJars.map(p -> p.getFileName().toString()))
          .as("the assembled SPARK_HOME has Spark's jars only").noneMatch(n -> n.startsWith("smile-") || n.startsWith("customer-tiers"));
    }
    List<Path> executorDirs;
    try (Stream<Path> apps = Files.list(cluster.workDir())) {
      executorDirs = apps.filter(p -> p.getFileName().toString().startsWith("app-"))
          .flatMap(StandaloneClusterIT::children).filter(Files::isDirectory).toList();
    }
    List<String> appJars;
    try (Stream<Path> jars = Files.list(appLib)) {
      appJars = jars.map(p -> p.getFileName().toString()).toList();
    }
    assertThat(appJars).as("app-lib/").anyMatch(n -> n.startsWith("smile-core-")).anyMatch(n -> n.startsWith("customer-tiers-pipeline-"));
    assertThat(executorDirs).as("executors the worker launched").isNotEmpty();
    for (Path executor : executorDirs) {
      for (String appJar : appJars) {
        assertThat(executor.resolve(appJar)).as("%s shipped to executor %s", appJar, executor).exists();
      }
      String launch = Files.readString(executor.resolve("stderr"), StandardCharsets.ISO_8859_1);
      assertThat(launch).as("launch command of executor %s", executor)
          .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
          .contains("--sun-misc-unsafe-memory-access=allow")
          .contains("-Duser.timezone=Europe/Berlin");
    }
  }

  @Test
  void segmentsHaveTheSameTiersScoresAndReasons() {
    requireClusterRun();
    List<String> local = segmentRows(localWarehouse);
    List<String> onCluster = segmentRows(clusterWarehouse);
    assertThat(local).as("customers published by the local run").hasSizeGreaterThan(1000);
    assertThat(onCluster).as("customer_id|tier|scores|reason, cluster vs local").isEqualTo(local);
  }

  @Test
  void exportFilesAreTheSame() throws IOException {
    requireClusterRun();
    Path localExports = Published.exports(localWarehouse, AS_OF);
    Path clusterExports = Published.exports(clusterWarehouse, AS_OF);
    assertThat(visibleFiles(clusterExports)).as("export files").isEqualTo(visibleFiles(localExports))
        .containsAll(TIERS.stream().map(t -> t + ".csv").toList());
    assertThat(firstDifferentExport(localExports, clusterExports, "cluster")).as("export files, cluster vs local").isEmpty();
  }

  private static void requireClusterRun() {
    if (!submitted.succeeded()) {
      throw new AssertionError("scripts/tiers-submit run on " + cluster.masterUrl()
          + (submitted.timedOut() ? " timed out after " + submitted.took() : " exited with " + submitted.exitCode())
          + "\n---- " + submitted.log() + " (last lines)\n" + ChildProcesses.tail(submitted.log(), 80)
          + "\n" + cluster.logTails());
    }
  }

  /** The session of the local reference run, or a new local one if that was stopped. */
  private static SparkSession spark() {
    scala.Option<SparkSession> active = SparkSession.getActiveSession();
    if (active.isDefined() && !active.get().sparkContext().isStopped()) {
      return active.get();
    }
    return SparkSessions.forJob("customer-tiers cluster test", "local[2]", ZoneId.of("UTC"), Map.of());
  }

  private static List<String> segmentRows(Path warehouse) {
    return spark().read().parquet(Published.segments(warehouse, AS_OF).toString())
        .selectExpr("concat_ws('|', customer_id, tier, r_score, f_score, m_score, value_score, loyalty_score, reason)")
        .orderBy("customer_id")
        .as(Encoders.STRING()).collectAsList();
  }

  private static Stream<Path> children(Path dir) {
    try {
      return Files.list(dir).toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path projectRoot() {
    return io.github.customertiers.jobs.ProjectPaths.root();
  }
}
