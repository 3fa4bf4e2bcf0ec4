package io.github.customertiers.jobs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root (surefire sets project.root; else walk up from the working directory). */
public final class ProjectPaths {
  private ProjectPaths() {}

  public static Path root() {
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
}
