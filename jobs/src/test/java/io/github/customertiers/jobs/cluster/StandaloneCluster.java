package io.github.customertiers.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone master and one worker on 127.0.0.1, each a separate JVM started from a
 * SPARK_HOME that {@code scripts/spark-home} assembles from the project's own dependency jars.
 *
 * <p>Ports: the master's RPC and web UI ports are free ports found just before the start; the
 * worker takes ephemeral ports (0). Every wait has a deadline and fails early, with the daemon's
 * log, when the daemon died. {@link #close()} stops the worker (and the executors it launched)
 * and then the master by process id: SIGTERM, then SIGKILL after a grace period. A JVM shutdown
 * hook does the same if the test JVM is ended before {@code close()} runs.
 */
final class StandaloneCluster implements AutoCloseable {
  static final String HOST = "127.0.0.1";
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Path root;
  private final Path sparkHome;
  private final Path dir;
  private final int masterPort;
  private final int masterUiPort;
  private final List<Process> daemons = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "stop-standalone-cluster");

  private StandaloneCluster(Path root, Path sparkHome, Path dir, int masterPort, int masterUiPort) {
    this.root = root;
    this.sparkHome = sparkHome;
    this.dir = dir;
    this.masterPort = masterPort;
    this.masterUiPort = masterUiPort;
  }

  /**
   * Assembles a SPARK_HOME under {@code dir} for {@code jar} and starts the master and the worker
   * ({@code workerCores} cores, {@code workerMemory} for executors). Returns at once; call
   * {@link #awaitWorker(Duration)} before submitting.
   */
  static StandaloneCluster start(Path root, Path jar, Path dir, int workerCores, String workerMemory) throws IOException {
    Files.createDirectories(dir.resolve("logs"));
    Path sparkHome = dir.resolve("spark-home");
    ChildProcesses.run(List.of(root.resolve("scripts/spark-home").toString(), "--jar", jar.toString(), sparkHome.toString()),
        root, Map.of(), dir.resolve("logs/spark-home.log"), Duration.ofSeconds(120)).requireSuccess("scripts/spark-home");

    int[] ports = freePorts(2);
    StandaloneCluster cluster = new StandaloneCluster(root, sparkHome, dir, ports[0], ports[1]);
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.startDaemon("master", List.of("org.apache.spark.deploy.master.Master",
          "--host", HOST, "--port", String.valueOf(cluster.masterPort), "--webui-port", String.valueOf(cluster.masterUiPort)));
      Files.createDirectories(dir.resolve("work"));
      cluster.startDaemon("worker", List.of("org.apache.spark.deploy.worker.Worker",
          "--host", HOST, "--port", "0", "--webui-port", "0",
          "--cores", String.valueOf(workerCores), "--memory", workerMemory,
          "--work-dir", dir.resolve("work").toString(), cluster.masterUrl()));
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  String masterUrl() {
    return "spark://" + HOST + ":" + masterPort;
  }

  Path sparkHome() {
    return sparkHome;
  }

  /** Directory the worker runs executors in: {@code app-<id>/<executor>/} with their jars and logs. */
  Path workDir() {
    return dir.resolve("work");
  }

  /** Process ids of the master and the worker, in start order. */
  List<Long> pids() {
    return daemons.stream().map(Process::pid).toList();
  }

  /** Waits until the master reports an ALIVE worker (its JSON status page); fails when a daemon died. */
  void awaitWorker(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest status = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + masterUiPort + "/json/"))
        .timeout(Duration.ofSeconds(5)).build();
    Instant deadline = Instant.now().plus(timeout);
    String last = "no answer yet";
    while (Instant.now().isBefore(deadline)) {
      requireDaemonsAlive();
      try {
        String body = http.send(status, HttpResponse.BodyHandlers.ofString()).body();
        Matcher alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(body);
        if (alive.find() && Integer.parseInt(alive.group(1)) > 0) {
          return;
        }
        last = body.length() > 300 ? body.substring(0, 300) : body;
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("no worker registered with " + masterUrl() + " within " + timeout
        + " (last status: " + last + ")\n" + logTails());
  }

  /** The master's JSON status (workers, applications). */
  String masterStatus() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    return http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + masterUiPort + "/json/"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The last lines of the daemons' logs and of every executor's stderr, for failure messages. */
  String logTails() {
    StringBuilder out = new StringBuilder();
    List<Path> logs = new ArrayList<>(List.of(dir.resolve("logs/master.log"), dir.resolve("logs/worker.log")));
    if (Files.isDirectory(workDir())) {
      try (Stream<Path> files = Files.walk(workDir())) {
        files.filter(p -> p.getFileName().toString().equals("stderr")).forEach(logs::add);
      } catch (IOException e) {
        out.append("(cannot list ").append(workDir()).append(": ").append(e).append(")\n");
      }
    }
    for (Path log : logs) {
      out.append("---- ").append(log).append(" (last lines)\n").append(ChildProcesses.tail(log, 40)).append('\n');
    }
    return out.toString();
  }

  /** Stops the worker, the executors it started, then the master; idempotent. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run; nothing to remove.
    }
  }

  private synchronized void stopAll() {
    // Worker first (its executors are its children), master last: the reverse of the start order.
    for (int i = daemons.size() - 1; i >= 0; i--) {
      ChildProcesses.stop(daemons.get(i).toHandle(), STOP_GRACE);
    }
  }

  private void startDaemon(String name, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(sparkHome.resolve("conf") + java.io.File.pathSeparator + sparkHome.resolve("jars") + "/*");
    command.add("-Xmx384m");
    command.addAll(ChildProcesses.jvmOptions(root));
    // INFO logs for the daemons (Spark's defaults), whatever conf/log4j2.properties says for the job.
    command.add("-Dlog4j2.configurationFile=classpath:org/apache/spark/log4j2-defaults.properties");
    command.add("-Dspark.master.rest.enabled=false");
    command.add("-Dspark.worker.cleanup.enabled=false");
    command.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("logs/" + name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", HOST);
    env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    daemons.add(pb.start());
  }

  private void requireDaemonsAlive() {
    for (Process p : daemons) {
      if (!p.isAlive()) {
        throw new IllegalStateException("a Spark daemon (pid " + p.pid() + ") exited with code " + p.exitValue() + "\n" + logTails());
      }
    }
  }

  private static int[] freePorts(int count) throws IOException {
    // Hold all sockets open until every port is chosen, so the ports differ.
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST));
        s.setReuseAddress(true);
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
