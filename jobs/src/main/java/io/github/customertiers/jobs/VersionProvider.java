package io.github.customertiers.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the tool version that Maven wrote into the jar. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  public static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("/customer-tiers-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"customer-tiers " + version(), "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
        + ", Java " + System.getProperty("java.version")};
  }
}
