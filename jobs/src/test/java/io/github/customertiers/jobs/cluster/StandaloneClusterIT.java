package io.github.customertiers.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * JVM while the daemons start. Runs in the integration-test phase (maven-failsafe-plugin), after
 * {@code package} built target/customer-tiers.jar, lib/ and app-lib/.
 */
class StandaloneClusterIT {
  static final String AS_OF = "2026-11-15";
  static final List<String> TIERS = List.of("vip", "key", "ordinary", "potential", "lapsed");
  /**
   * Outputs of the fitted value model. The fit sums over (x, t_x, T) tuples collected in the order
   * the cluster's partitions return them, so the parameters may differ in the last digits between
   * masters (seen: 1.3e-6 relative in expected_value); every other column must be identical.
   */
  static final Set<String> FITTED_COLUMNS = Set.of("p_alive", "expected_purchases", "expected_value", "clv");
  static final double FITTED_RELATIVE_TOLERANCE = 1e-4;

  @TempDir static Path work;
  static Path root;
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
    Path jar = Path.of(System.getProperty("tiers.jar", root.resolve("jobs/target/customer-tiers.jar").toString()));
    assertThat(jar).as("the packaged CLI (this test runs in mvn verify, after package)").exists();
    assertThat(jar.resolveSibling("app-lib")).as("the application's jars beside it").isDirectory();
    Path config = root.resolve("sample-data/tiers.yaml");
    localWarehouse = work.resolve("local-warehouse");
    clusterWarehouse = work.resolve("cluster-warehouse");

    cluster = StandaloneCluster.start(root, jar, work.resolve("cluster"), 1, "1g");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    localExit = TiersCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute("run", "--config", config.toString(), "--warehouse", localWarehouse.toString());
    localOutput = out + "\n" + err;
    assertThat(localExit).as("exit code of the local-mode reference run; output:\n%s", localOutput).isZero();

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
        .containsPattern("\"completedapps\"\\s*:\\s*\\[\\s*\\{[^]]*\"name\"\\s*:\\s*\"customer-tiers[^\"]*\"[^]]*\"state\"\\s*:\\s*\"FINISHED\"");
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
    assertThat(executorDirs).as("executors the worker launched").isNotEmpty();
    for (Path executor : executorDirs) {
      assertThat(executor.resolve("smile-core-6.3.0.jar")).as("Smile shipped to executor %s", executor).exists();
      assertThat(executor.resolve("customer-tiers-pipeline-0.1.0.jar")).as("pipeline shipped to %s", executor).exists();
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
    Path localExports = localWarehouse.resolve("exports/as_of=" + AS_OF);
    Path clusterExports = clusterWarehouse.resolve("exports/as_of=" + AS_OF);
    assertThat(visibleFiles(clusterExports)).as("export files").isEqualTo(visibleFiles(localExports))
        .containsAll(TIERS.stream().map(t -> t + ".csv").toList());
    for (String tier : TIERS) {
      List<List<String>> expected = Csv.parse(Files.readString(localExports.resolve(tier + ".csv"), StandardCharsets.UTF_8));
      List<List<String>> actual = Csv.parse(Files.readString(clusterExports.resolve(tier + ".csv"), StandardCharsets.UTF_8));
      assertThat(actual).as("records of %s.csv", tier).hasSameSizeAs(expected);
      List<String> header = expected.get(0);
      assertThat(actual.get(0)).as("header of %s.csv", tier).isEqualTo(header);
      for (int r = 1; r < expected.size(); r++) {
        for (int c = 0; c < header.size(); c++) {
          String want = expected.get(r).get(c);
          String got = actual.get(r).get(c);
          String what = tier + ".csv record " + r + " (" + expected.get(r).get(0) + ") column " + header.get(c);
          if (FITTED_COLUMNS.contains(header.get(c)) && !want.isEmpty() && !got.isEmpty()) {
            double w = Double.parseDouble(want);
            assertThat(Double.parseDouble(got)).as(what).isCloseTo(w, within(Math.max(1e-12, Math.abs(w) * FITTED_RELATIVE_TOLERANCE)));
          } else {
            assertThat(got).as(what).isEqualTo(want);
          }
        }
      }
    }
  }

  private static void requireClusterRun() {
    if (submitted.timedOut() || submitted.exitCode() != 0) {
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
    return spark().read().parquet(warehouse.resolve("segments/as_of=" + AS_OF).toString())
        .selectExpr("concat_ws('|', customer_id, tier, r_score, f_score, m_score, value_score, loyalty_score, reason)")
        .orderBy("customer_id")
        .as(Encoders.STRING()).collectAsList();
  }

  private static List<String> summaryLines(String output) {
    return output.lines().filter(l -> TIERS.stream().anyMatch(t -> l.matches(t + "\\s+[0-9,]+\\s+.*"))).toList();
  }

  private static List<String> visibleFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("_")).sorted().toList();
    }
  }

  private static Stream<Path> children(Path dir) {
    try {
      return Files.list(dir).toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path projectRoot() {
    String configured = System.getProperty("project.root");
    if (configured != null && Files.isDirectory(Path.of(configured, "sample-data"))) {
      return Path.of(configured);
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("sample-data"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root (a directory holding sample-data/)");
    }
    return p;
  }

  /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF ends a record. */
  static final class Csv {
    private Csv() {}

    static List<List<String>> parse(String text) {
      List<List<String>> records = new ArrayList<>();
      List<String> record = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        if (quoted) {
          if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (ch == '"') {
            quoted = false;
          } else {
            field.append(ch);
          }
        } else if (ch == '"') {
          quoted = true;
        } else if (ch == ',') {
          record.add(field.toString());
          field.setLength(0);
        } else if (ch == '\r' || ch == '\n') {
          if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          record.add(field.toString());
          field.setLength(0);
          records.add(record);
          record = new ArrayList<>();
        } else {
          field.append(ch);
        }
      }
      if (field.length() > 0 || !record.isEmpty()) {
        record.add(field.toString());
        records.add(record);
      }
      return records;
    }
  }
}
