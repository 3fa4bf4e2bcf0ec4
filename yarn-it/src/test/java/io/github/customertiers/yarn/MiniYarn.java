package io.github.customertiers.yarn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;

/**
 * Hadoop's MiniYARNCluster in this JVM: a resource manager and one node manager on 127.0.0.1, and a
 * client configuration directory ({@code HADOOP_CONF_DIR}) that points spark-submit at them. The node
 * manager launches containers as child processes of this JVM, with the local file system as the
 * cluster's file system ({@code fs.defaultFS=file:///}), so a warehouse path on this machine is one
 * path for the driver, the application master and the executors.
 */
final class MiniYarn implements AutoCloseable {
  private final MiniYARNCluster cluster;
  private final Path confDir;

  private MiniYarn(MiniYARNCluster cluster, Path confDir) {
    this.cluster = cluster;
    this.confDir = confDir;
  }

  /** Starts the cluster ({@code nodeMemoryMb} for containers) and writes its client configuration to {@code confDir}. */
  static MiniYarn start(Path confDir, int nodeMemoryMb) throws IOException {
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
    conf.set("yarn.nodemanager.hostname", "127.0.0.1");
    // A build machine's disk is often fuller than the default 90% limit, which would mark the node unhealthy.
    conf.set(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, "100.0");
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, nodeMemoryMb);
    conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_FIXED_PORTS, false);
    MiniYARNCluster cluster = new MiniYARNCluster("customer-tiers", 1, 1, 1);
    cluster.init(conf);
    cluster.start();
    Files.createDirectories(confDir);
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      cluster.getConfig().writeXml(out);
    }
    Files.writeString(confDir.resolve("core-site.xml"),
        "<configuration><property><name>fs.defaultFS</name><value>file:///</value></property></configuration>\n",
        StandardCharsets.UTF_8);
    return new MiniYarn(cluster, confDir);
  }

  /** The directory to give spark-submit as {@code HADOOP_CONF_DIR}. */
  Path confDir() {
    return confDir;
  }

  String resourceManagerAddress() {
    return cluster.getConfig().get(YarnConfiguration.RM_ADDRESS);
  }

  /** Applications the resource manager has seen. */
  List<RMApp> applications() {
    return List.copyOf(cluster.getResourceManager().getRMContext().getRMApps().values());
  }

  /** The node manager's container log directories ({@code .../application_X/container_Y}), launch scripts inside. */
  List<Path> containerLogDirs() throws IOException {
    try (Stream<Path> files = Files.walk(cluster.getTestWorkDir().toPath(), 4)) {
      return files.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().startsWith("container_"))
          .filter(p -> p.getParent().getParent().getFileName().toString().contains("logDir"))
          .sorted().toList();
    }
  }

  @Override
  public void close() {
    cluster.stop();
  }
}
