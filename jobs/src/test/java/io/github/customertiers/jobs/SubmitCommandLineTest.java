package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit command line that {@code scripts/tiers-submit --print-command} assembles, for a
 * standalone master and for the YARN and Kubernetes examples of docs/OPERATIONS.md (YARN and
 * Kubernetes cannot run here: Spark's yarn and kubernetes modules are not in the project's Maven
 * jars). The real script runs as a child process ({@code bash scripts/tiers-submit}); its printed
 * line (bash {@code printf %q}) is read back into arguments by bash itself.
 *
 * <p>This runs in the test phase, before {@code package} built jobs/target/customer-tiers.jar, so the
 * script gets {@code --jar} with a jar this test writes (a manifest Class-Path as maven-jar-plugin
 * writes it, long enough to be wrapped) and an app-lib/ beside it that also holds jars of an older
 * build. spark-submit is a stand-in in a temporary SPARK_HOME (with a spark-core 4.2 jar name, so the
 * script neither warns nor assembles a SPARK_HOME with scripts/spark-home): {@code --print-command}
 * never runs it. {@link PackagedJarSubmitIT} checks the real packaged jar, after {@code package}.
 */
class SubmitCommandLineTest {
  static final String MAIN_CLASS = "io.github.customertiers.jobs.TiersCli";
  static final String DRIVER_OPTS = "spark.driver.defaultJavaOptions=";
  static final String EXECUTOR_OPTS = "spark.executor.defaultJavaOptions=";

  /** The test jar's manifest Class-Path (each with the lib/ prefix), in this order. */
  static final List<String> CLASS_PATH = List.of(
      "customer-tiers-pipeline-0.1.0.jar", "spark-sql_2.13-4.2.0.jar", "spark-core_2.13-4.2.0.jar",
      "smile-core-6.3.0.jar", "smile-base-6.3.0.jar", "hadoop-client-runtime-3.5.0.jar",
      "jackson-databind-3.2.2.jar", "jackson-core-3.2.2.jar", "netty-tcnative-boringssl-static-2.0.76.Final-linux-x86_64.jar",
      "commons-csv-1.14.1.jar", "scala-library-2.13.17.jar", "picocli-4.7.7.jar");
  /** What app-lib/ holds of them: the application's jars, which Spark does not bring. */
  static final List<String> APP_JARS = List.of(
      "customer-tiers-pipeline-0.1.0.jar", "smile-core-6.3.0.jar", "smile-base-6.3.0.jar",
      "jackson-databind-3.2.2.jar", "jackson-core-3.2.2.jar", "commons-csv-1.14.1.jar", "picocli-4.7.7.jar");
  /** Also in app-lib/, left by an older build; the manifest does not name them. */
  static final List<String> STALE_APP_JARS = List.of("smile-core-6.2.0.jar", "picocli-4.7.6.jar", "guava-33.0.0-jre.jar");

  @TempDir static Path work;
  static Path root;
  static List<String> jvmOptions;
  static Path jar;
  static Path sparkHome;
  static Path otherSparkHome;

  @BeforeAll
  static void buildAJarAndASparkHome() throws IOException {
    root = ProjectPaths.root();
    jvmOptions = Files.readAllLines(root.resolve("scripts/jvm-options"), StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertThat(jvmOptions).as("options in scripts/jvm-options").hasSizeGreaterThan(5);

    Path dist = Files.createDirectories(work.resolve("build output"));
    jar = dist.resolve("customer-tiers.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, MAIN_CLASS);
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
        String.join(" ", CLASS_PATH.stream().map(n -> "lib/" + n).toList()));
    manifest.getMainAttributes().putValue("Build-Jdk-Spec", "25");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      jarOut.setComment("written by SubmitCommandLineTest: a manifest only");
    }
    try (JarFile written = new JarFile(jar.toFile())) {
      String raw = new String(written.getInputStream(written.getEntry(JarFile.MANIFEST_NAME)).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(raw).as("the manifest wraps Class-Path over continuation lines, as real ones do").contains("\r\n ");
    }
    Files.createDirectories(dist.resolve("app-lib"));
    Files.createDirectories(dist.resolve("lib"));
    for (String name : CLASS_PATH) {
      Files.createFile(dist.resolve("lib").resolve(name));
    }
    for (String name : Stream.concat(APP_JARS.stream(), STALE_APP_JARS.stream()).toList()) {
      Files.createFile(dist.resolve("app-lib").resolve(name));
    }

    sparkHome = fakeSparkHome(work.resolve("spark 4.2 home"), true);
    otherSparkHome = fakeSparkHome(work.resolve("other-spark"), true);
  }

  /** A SPARK_HOME whose bin/spark-submit is a stand-in that fails if it is ever run. */
  private static Path fakeSparkHome(Path home, boolean withSparkCore) throws IOException {
    Path submit = Files.createDirectories(home.resolve("bin")).resolve("spark-submit");
    Files.writeString(submit, "#!/bin/sh\necho 'stand-in spark-submit: --print-command must not run it' >&2\nexit 99\n");
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(home.resolve("jars"));
    if (withSparkCore) {
      Files.createFile(home.resolve("jars/spark-core_2.13-4.2.0.jar"));
    }
    return home;
  }

  // ---- the documented examples

  @Test
  void standaloneMaster() throws Exception {
    List<String> submitOptions = List.of(
        "--master", "spark://spark-master.example:7077", "--executor-memory", "4g", "--total-executor-cores", "8");
    // Paths with spaces and characters the shell would expand reach the tiers command unchanged; a
    // relative config stays relative (in client mode the driver resolves it against the current directory).
    List<String> tiersArgs = List.of("run", "--config", "sample-data/tiers.yaml",
        "--warehouse", "/data/tiers warehouse/it's $HOME * [x] {a,b} ~",
        "--inputs", "/mnt/shared drive/feeds\nwith a line break", "");
    SubmitLine line = submit(Map.of("SPARK_HOME", sparkHome.toString()), submitOptions, tiersArgs);

    line.assertOwnSettings(sparkHome, jar, expectedAppJars(), jvmOptions, jvmOptions);
    assertThat(line.userOptions()).containsExactlyElementsOf(submitOptions);
    assertThat(line.tiersArgs()).containsExactlyElementsOf(tiersArgs);
  }

  /** docs/OPERATIONS.md, "YARN (`--master yarn`)": the client-mode example. */
  @Test
  void yarnClientModeExampleOfTheOperationsGuide() throws Exception {
    List<String> submitOptions = List.of("--master", "yarn", "--queue", "analytics",
        "--num-executors", "4", "--executor-cores", "2", "--executor-memory", "4g",
        "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=/usr/lib/jvm/jdk-25",
        "--conf", "spark.executorEnv.JAVA_HOME=/usr/lib/jvm/jdk-25");
    List<String> tiersArgs = List.of("run", "--config", "/etc/customer-tiers/tiers.yaml");
    SubmitLine line = submit(
        Map.of("SPARK_HOME", sparkHome.toString(), "HADOOP_CONF_DIR", "/etc/hadoop/conf"), submitOptions, tiersArgs);

    line.assertOwnSettings(sparkHome, jar, expectedAppJars(), jvmOptions, jvmOptions);
    assertThat(line.userOptions()).containsExactlyElementsOf(submitOptions);
    assertThat(line.tiersArgs()).containsExactlyElementsOf(tiersArgs);
    assertThat(line.optionValues("--master")).as("the master: the user's only").containsExactly("yarn");
  }

  /** docs/OPERATIONS.md, "YARN (`--master yarn`)": cluster mode with the config shipped by --files. */
  @Test
  void yarnClusterModeWithTheConfigShipped() throws Exception {
    List<String> submitOptions = List.of("--master", "yarn", "--deploy-mode", "cluster", "--queue", "analytics",
        "--files", "/etc/customer-tiers/tiers.yaml");
    List<String> tiersArgs = List.of("run", "--config", "tiers.yaml");
    SubmitLine line = submit(Map.of("SPARK_HOME", sparkHome.toString()), submitOptions, tiersArgs);

    line.assertOwnSettings(sparkHome, jar, expectedAppJars(), jvmOptions, jvmOptions);
    assertThat(line.userOptions()).containsExactlyElementsOf(submitOptions);
    assertThat(line.tiersArgs()).containsExactlyElementsOf(tiersArgs);
  }

  /** docs/OPERATIONS.md, "Kubernetes (`--master k8s://`)": the cluster-mode example. */
  @Test
  void kubernetesExampleOfTheOperationsGuide() throws Exception {
    List<String> submitOptions = List.of("--master", "k8s://https://k8s-api.example:6443", "--deploy-mode", "cluster",
        "--conf", "spark.kubernetes.namespace=customer-tiers",
        "--conf", "spark.kubernetes.authenticate.driver.serviceAccountName=spark",
        "--conf", "spark.kubernetes.container.image=registry.example/spark:4.2.0-scala2.13-java25",
        "--conf", "spark.kubernetes.file.upload.path=s3a://tiers-bucket/spark-uploads",
        "--conf", "spark.executor.instances=4", "--executor-memory", "4g");
    List<String> tiersArgs = List.of(
        "run", "--config", "/etc/customer-tiers/tiers.yaml", "--warehouse", "s3a://tiers-bucket/warehouse");
    SubmitLine line = submit(Map.of("SPARK_HOME", sparkHome.toString()), submitOptions, tiersArgs);

    line.assertOwnSettings(sparkHome, jar, expectedAppJars(), jvmOptions, jvmOptions);
    assertThat(line.userOptions()).containsExactlyElementsOf(submitOptions);
    assertThat(line.tiersArgs()).containsExactlyElementsOf(tiersArgs);
    assertThat(line.confs()).containsEntry("spark.kubernetes.container.image", "registry.example/spark:4.2.0-scala2.13-java25");
  }

  /** Kubernetes client mode from a pod, with the driver's address for the executors. */
  @Test
  void kubernetesClientMode() throws Exception {
    List<String> submitOptions = List.of("--master", "k8s://https://k8s-api.example:6443", "--deploy-mode", "client",
        "--conf", "spark.kubernetes.container.image=registry.example/spark:4.2.0-scala2.13-java25",
        "--conf", "spark.driver.host=10.1.2.3");
    List<String> tiersArgs = List.of("run", "--config", "/opt/tiers/tiers.yaml");
    SubmitLine line = submit(Map.of("SPARK_HOME", sparkHome.toString()), submitOptions, tiersArgs);

    line.assertOwnSettings(sparkHome, jar, expectedAppJars(), jvmOptions, jvmOptions);
    assertThat(line.userOptions()).containsExactlyElementsOf(submitOptions);
    assertThat(line.tiersArgs()).containsExactlyElementsOf(tiersArgs);
  }

  // ---- jars, JVM options, precedence

  @Test
  void userJarsAreJoinedWithTheApplicationJarsIntoOneJarsOption() throws Exception {
    List<String> tiersArgs = List.of("run", "--config", "/etc/customer-tiers/tiers.yaml");
    SubmitLine line = submit(Map.of("SPARK_HOME", sparkHome.toString()),
        List.of("--master", "yarn", "--jars", "/opt/extra/a.jar,hdfs:///libs/b.jar", "--queue", "analytics",
            "--jars=/opt/extra/c.jar"),
        tiersArgs);

    List<String> jars = new ArrayList<>(expectedAppJars());
    jars.addAll(List.of("/opt/extra/a.jar", "hdfs:///libs/b.jar", "/opt/extra/c.jar"));
    line.assertOwnSettings(sparkHome, jar, jars, jvmOptions, jvmOptions);
    assertThat(line.userOptions()).as("user --jars are taken out of the options passed on")
        .containsExactly("--master", "yarn", "--queue", "analytics");
    assertThat(line.optionValues("--jars")).as("spark-submit keeps only the last --jars: one only").hasSize(1);
  }

  @Test
  void extraJvmOptionsFromTheEnvironmentFollowTheRequiredOnes() throws Exception {
    Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString(),
        "TIERS_DRIVER_JAVA_OPTS", "-Xss4m -Dtiers.trace=driver",
        "TIERS_EXECUTOR_JAVA_OPTS", "-XX:+UseG1GC -Dtiers.trace=executor");
    SubmitLine line = submit(env, List.of("--master", "yarn"), List.of("run", "--config", "/etc/tiers.yaml"));

    List<String> driver = new ArrayList<>(jvmOptions);
    driver.addAll(List.of("-Xss4m", "-Dtiers.trace=driver"));
    List<String> executor = new ArrayList<>(jvmOptions);
    executor.addAll(List.of("-XX:+UseG1GC", "-Dtiers.trace=executor"));
    line.assertOwnSettings(sparkHome, jar, expectedAppJars(), driver, executor);
  }

  @Test
  void userConfsComeAfterTheScriptsSoTheyWin() throws Exception {
    List<String> submitOptions = List.of("--conf", "spark.executor.defaultJavaOptions=-Dmine=1", "--master", "yarn",
        "--conf", "spark.kubernetes.container.image=registry.example/customer-tiers:0.1.0", "--num-executors", "4");
    SubmitLine line = submit(Map.of("SPARK_HOME", sparkHome.toString()), submitOptions, List.of("run"));

    line.assertOwnSettings(sparkHome, jar, expectedAppJars(), jvmOptions, jvmOptions);
    List<String> args = line.args();
    assertThat(args.lastIndexOf("spark.executor.defaultJavaOptions=-Dmine=1"))
        .as("the user's executor options after the script's").isGreaterThan(args.indexOf(EXECUTOR_OPTS + String.join(" ", jvmOptions)));
    assertThat(line.confs()).as("the last value of each --conf, as spark-submit keeps it")
        .containsEntry("spark.executor.defaultJavaOptions", "-Dmine=1")
        .containsEntry("spark.kubernetes.container.image", "registry.example/customer-tiers:0.1.0");
    assertThat(line.userOptions()).containsExactlyElementsOf(submitOptions);
  }

  @Test
  void sparkHomeOptionBeatsTheEnvironment() throws Exception {
    SubmitLine spaced = submit(Map.of("SPARK_HOME", otherSparkHome.toString()),
        List.of("--spark-home", sparkHome.toString(), "--master", "yarn"), List.of("run"));
    spaced.assertOwnSettings(sparkHome, jar, expectedAppJars(), jvmOptions, jvmOptions);

    SubmitLine joined = submit(Map.of("SPARK_HOME", sparkHome.toString()),
        List.of("--master", "yarn", "--spark-home=" + otherSparkHome), List.of("run"));
    joined.assertOwnSettings(otherSparkHome, jar, expectedAppJars(), jvmOptions, jvmOptions);
    assertThat(joined.userOptions()).containsExactly("--master", "yarn");
  }

  @Test
  void aSparkHomeWithoutSpark42IsWarnedAbout() throws Exception {
    Path notSpark42 = fakeSparkHome(work.resolve("spark-3.5"), false);
    Files.createFile(notSpark42.resolve("jars/spark-core_2.13-3.5.4.jar"));
    Run run = tiersSubmit(Map.of("SPARK_HOME", notSpark42.toString()),
        "--print-command", "--master", "yarn", "--jar", jar.toString(), "--", "run");
    assertThat(run.exitCode()).as("exit code; stderr:\n%s", run.err()).isZero();
    assertThat(run.err()).contains("warning: " + notSpark42 + " does not look like Spark 4.2 for Scala 2.13");
    assertThat(SubmitLine.parse(run, jar).program()).isEqualTo(notSpark42.resolve("bin/spark-submit").toString());
  }

  @Test
  void argumentsAfterTheSeparatorAreTheTiersCommandsEvenWhenTheyLookLikeTheScriptsOwn() throws Exception {
    List<String> tiersArgs = List.of("run", "--help", "--class", "x", "--jars", "y.jar", "--", "--print-command");
    SubmitLine line = submit(Map.of("SPARK_HOME", sparkHome.toString()), List.of("--master", "yarn"), tiersArgs);
    line.assertOwnSettings(sparkHome, jar, expectedAppJars(), jvmOptions, jvmOptions);
    assertThat(line.tiersArgs()).containsExactlyElementsOf(tiersArgs);

    SubmitLine help = submit(Map.of("SPARK_HOME", sparkHome.toString()), List.of(), List.of("--help"));
    assertThat(help.userOptions()).isEmpty();
    assertThat(help.tiersArgs()).containsExactly("--help");
  }

  // ---- usage

  @Test
  void withoutTheSeparatorItIsAUsageError() throws Exception {
    Run run = tiersSubmit(Map.of("SPARK_HOME", sparkHome.toString()),
        "--print-command", "--master", "yarn", "run", "--config", "/etc/customer-tiers/tiers.yaml");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("separate the spark-submit options from the tiers command with --")
        .contains("scripts/tiers-submit --help");

    Run nothingAfter = tiersSubmit(Map.of("SPARK_HOME", sparkHome.toString()), "--print-command", "--master", "yarn", "--");
    assertThat(nothingAfter.exitCode()).isEqualTo(2);
    assertThat(nothingAfter.out()).isEmpty();
    assertThat(nothingAfter.err()).contains("no tiers command after --");
  }

  @Test
  void aMainClassIsAUsageError() throws Exception {
    for (List<String> classOption : List.of(List.of("--class", "com.example.Other"), List.of("--class=com.example.Other"))) {
      List<String> args = new ArrayList<>(List.of("--print-command", "--master", "yarn"));
      args.addAll(classOption);
      args.addAll(List.of("--", "run"));
      Run run = tiersSubmit(Map.of("SPARK_HOME", sparkHome.toString()), args.toArray(String[]::new));
      assertThat(run.exitCode()).as("exit code for %s", classOption).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).contains("the main class is " + MAIN_CLASS + "; do not pass --class");
    }
  }

  @Test
  void anOptionWithoutItsValueIsAUsageError() throws Exception {
    Map<String, String> needs = Map.of("--jar", "a file", "--jars", "a list", "--spark-home", "a directory");
    for (Map.Entry<String, String> option : needs.entrySet()) {
      for (List<String> args : List.of(List.of("--master", "yarn", option.getKey()), List.of(option.getKey(), ""))) {
        Run run = tiersSubmit(Map.of("SPARK_HOME", sparkHome.toString()), args.toArray(String[]::new));
        assertThat(run.exitCode()).as("exit code of %s; stderr:\n%s", args, run.err()).isEqualTo(2);
        assertThat(run.err()).contains("tiers-submit: " + option.getKey() + " needs " + option.getValue());
      }
    }
  }

  @Test
  void helpPrintsTheUsage() throws Exception {
    for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("--master", "yarn", "--help", "--", "run"))) {
      Run run = tiersSubmit(Map.of(), args.toArray(String[]::new));
      assertThat(run.exitCode()).as("exit code of %s; stderr:\n%s", args, run.err()).isZero();
      assertThat(run.out()).as("usage for %s", args)
          .startsWith("The tiers command on a Spark cluster")
          .contains("Usage: scripts/tiers-submit [SUBMIT OPTIONS] -- TIERS COMMAND [TIERS OPTIONS]")
          .contains("--spark-home DIR").contains("--jar FILE").contains("--print-command")
          .contains("TIERS_DRIVER_JAVA_OPTS").contains("TIERS_EXECUTOR_JAVA_OPTS")
          .contains("scripts/tiers-submit --master yarn")
          .doesNotContain("#!/").doesNotContain("set -euo");
      assertThat(run.out().lines()).as("comment markers are removed").noneMatch(l -> l.startsWith("#"));
    }
  }

  @Test
  void aMissingJarOrSparkSubmitIsReported() throws Exception {
    Run noJar = tiersSubmit(Map.of("SPARK_HOME", sparkHome.toString()),
        "--print-command", "--jar", work.resolve("nowhere/customer-tiers.jar").toString(), "--", "run");
    assertThat(noJar.exitCode()).isEqualTo(1);
    assertThat(noJar.err()).contains("no jar at " + work.resolve("nowhere/customer-tiers.jar"));

    Path empty = Files.createDirectories(work.resolve("empty spark home"));
    Run noSubmit = tiersSubmit(Map.of(), "--print-command", "--spark-home", empty.toString(), "--jar", jar.toString(), "--", "run");
    assertThat(noSubmit.exitCode()).isEqualTo(1);
    assertThat(noSubmit.err()).contains("no spark-submit at " + empty.resolve("bin/spark-submit"));
    assertThat(noSubmit.out()).isEmpty();
  }

  // ---- helpers

  /** The app-lib/ jars the test jar's manifest names, in manifest order: not Spark's, not the stale ones. */
  private static List<String> expectedAppJars() {
    return CLASS_PATH.stream().filter(APP_JARS::contains)
        .map(n -> jar.resolveSibling("app-lib").resolve(n).toString()).toList();
  }

  /** {@code scripts/tiers-submit --print-command --jar <test jar> OPTIONS -- TIERS ARGS}, parsed. */
  private static SubmitLine submit(Map<String, String> env, List<String> submitOptions, List<String> tiersArgs)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("--print-command", "--jar", jar.toString()));
    args.addAll(submitOptions);
    args.add("--");
    args.addAll(tiersArgs);
    Run run = tiersSubmit(env, args.toArray(String[]::new));
    assertThat(run.exitCode()).as("exit code of tiers-submit %s; stderr:\n%s", args, run.err()).isZero();
    assertThat(run.err()).as("stderr").isEmpty();
    return SubmitLine.parse(run, jar);
  }

  record Run(List<String> command, int exitCode, String out, String err) {}

  /**
   * {@code bash scripts/tiers-submit ARGS} from the repository root, with this JVM's JDK as
   * JAVA_HOME and none of the variables the script reads inherited unless given in {@code env}.
   */
  static Run tiersSubmit(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", "scripts/tiers-submit"));
    command.addAll(List.of(args));
    Path logs = Files.createDirectories(work.resolve("logs"));
    Path out = Files.createTempFile(logs, "tiers-submit", ".out");
    Path err = Files.createTempFile(logs, "tiers-submit", ".err");
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> environment = pb.environment();
    for (String name : List.of("SPARK_HOME", "TIERS_DRIVER_JAVA_OPTS", "TIERS_EXECUTOR_JAVA_OPTS", "SPARK_SCALA_VERSION", "HADOOP_CONF_DIR")) {
      environment.remove(name);
    }
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.putAll(env);
    Process process = pb.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("tiers-submit did not finish within 60 s: " + command);
    }
    return new Run(command, process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  /** A shell word list read back into arguments by bash: {@code eval "set -- LINE"}, printed NUL-separated. */
  static List<String> shellWords(String line) throws IOException, InterruptedException {
    Path parsed = Files.createTempFile(Files.createDirectories(work.resolve("logs")), "words", ".bin");
    Process p = new ProcessBuilder("bash", "-c", "eval \"set -- $1\" && printf '%s\\0' \"$@\"", "parse", line)
        .redirectOutput(parsed.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("bash did not parse the line within 30 s");
    }
    assertThat(p.exitValue()).as("bash reading back the printed command line").isZero();
    String words = Files.readString(parsed, StandardCharsets.UTF_8);
    assertThat(words).as("NUL-terminated words").endsWith("\0");
    return List.of(words.substring(0, words.length() - 1).split("\0", -1));
  }

  /**
   * The printed command line: the program, the script's own settings (--class, --jars, the driver's
   * and the executors' default JVM options), then the user's options, the jar, and the tiers command.
   */
  record SubmitLine(List<String> args, int jarIndex) {
    static final int OWN_SETTINGS_END = 9;

    /** Parses the printed line; the jar is the first argument after the script's own settings equal to {@code jar}. */
    static SubmitLine parse(Run run, Path jar) throws IOException, InterruptedException {
      assertThat(run.out()).as("stdout: one line").endsWith("\n");
      String printed = run.out().substring(0, run.out().length() - 1);
      assertThat(printed).as("stdout: one line").doesNotContain("\n");
      List<String> args = shellWords(printed);
      int jarIndex = -1;
      for (int i = OWN_SETTINGS_END; i < args.size(); i++) {
        if (args.get(i).equals(jar.toString())) {
          jarIndex = i;
          break;
        }
      }
      assertThat(jarIndex).as("position of %s in %s", jar, args).isGreaterThanOrEqualTo(OWN_SETTINGS_END);
      return new SubmitLine(args, jarIndex);
    }

    String program() {
      return args.get(0);
    }

    List<String> userOptions() {
      return args.subList(OWN_SETTINGS_END, jarIndex);
    }

    List<String> tiersArgs() {
      return args.subList(jarIndex + 1, args.size());
    }

    /** The values of every occurrence of an option (as separate argument) before the jar. */
    List<String> optionValues(String option) {
      List<String> values = new ArrayList<>();
      for (int i = 1; i + 1 < jarIndex; i++) {
        if (args.get(i).equals(option)) {
          values.add(args.get(i + 1));
        }
      }
      return values;
    }

    /** The --conf settings before the jar, later ones replacing earlier ones (as spark-submit does). */
    Map<String, String> confs() {
      Map<String, String> confs = new LinkedHashMap<>();
      for (String conf : optionValues("--conf")) {
        int eq = conf.indexOf('=');
        confs.put(conf.substring(0, eq), conf.substring(eq + 1));
      }
      return confs;
    }

    void assertOwnSettings(Path sparkHome, Path jar, List<String> jars, List<String> driverOptions, List<String> executorOptions) {
      assertThat(program()).as("the program: spark-submit of the chosen SPARK_HOME")
          .isEqualTo(sparkHome.resolve("bin/spark-submit").toString());
      assertThat(args.subList(1, 5)).as("main class and jars")
          .containsExactly("--class", MAIN_CLASS, "--jars", String.join(",", jars));
      assertThat(args.get(5)).isEqualTo("--conf");
      assertThat(args.get(6)).startsWith(DRIVER_OPTS);
      assertThat(args.get(6).substring(DRIVER_OPTS.length()).split(" "))
          .as("driver JVM options: scripts/jvm-options, then TIERS_DRIVER_JAVA_OPTS").containsExactlyElementsOf(driverOptions);
      assertThat(args.get(7)).isEqualTo("--conf");
      assertThat(args.get(8)).startsWith(EXECUTOR_OPTS);
      assertThat(args.get(8).substring(EXECUTOR_OPTS.length()).split(" "))
          .as("executor JVM options: scripts/jvm-options, then TIERS_EXECUTOR_JAVA_OPTS").containsExactlyElementsOf(executorOptions);
      assertThat(args.get(jarIndex)).as("the application jar, right before the tiers command").isEqualTo(jar.toString());
      assertThat(userOptions()).as("options the script sets itself are not repeated")
          .doesNotContain("--class", "--jars").noneMatch(a -> a.startsWith("--jars=") || a.startsWith("--class="));
    }
  }
}
