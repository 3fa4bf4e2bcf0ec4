package io.github.customertiers.jobs.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the cluster tests (StandaloneClusterIT here, YarnClusterIT in yarn-it through this module's
 * test jar) compare between the local reference run and a cluster run of the packaged CLI on the
 * sample data: the per-tier summary lines and the export files, byte for byte except the report and
 * the exports manifest (they name their run); and the snapshot of the packaged CLI both runs start
 * from. Plain JDK code: yarn-it has none of the application's jars on its class path.
 */
public final class RunComparison {
  /** The as-of date of the sample run. */
  public static final String AS_OF = "2026-11-15";
  public static final List<String> TIERS = List.of("vip", "key", "ordinary", "potential", "lapsed");
  /** ExportFolder.MANIFEST of the pipeline (not on yarn-it's class path). */
  private static final String EXPORTS_MANIFEST = "exports_manifest.json";

  private RunComparison() {}

  /**
   * Copies the jar and app-lib/ (the files a rebuild rewrites) to {@code dist}, with lib/ linked:
   * a build running meanwhile in the same tree must not change the classes under a running driver.
   */
  public static Path snapshot(Path builtJar, Path dist) throws IOException {
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

  /** The lines of the per-tier summary table that {@code tiers run} prints. */
  public static List<String> summaryLines(String output) {
    return output.lines().filter(l -> TIERS.stream().anyMatch(t -> l.matches(t + "\\s+[0-9,]+\\s+.*"))).toList();
  }

  /** The names of the files a consumer sees in {@code dir} (no dot files, no {@code _SUCCESS}), sorted. */
  public static List<String> visibleFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("_")).sorted().toList();
    }
  }

  /**
   * The first export file of the local run whose bytes differ in {@code otherExports}, with the
   * record and column where they first differ; empty when all are the same.
   *
   * @param other what ran the other run ("cluster", "YARN"), for the message
   */
  public static Optional<String> firstDifferentExport(Path localExports, Path otherExports, String other) throws IOException {
    for (String file : visibleFiles(localExports)) {
      if (file.startsWith("report_") || file.equals(EXPORTS_MANIFEST)) {
        continue; // the report names its run (version, run id, stage durations); the manifest lists the report's digest
      }
      byte[] expected = Files.readAllBytes(localExports.resolve(file));
      byte[] actual = Files.readAllBytes(otherExports.resolve(file));
      if (!Arrays.equals(expected, actual)) {
        return Optional.of(file + " of the " + other + " run differs from the local run's: " + firstDifference(
            Csv.parse(new String(expected, StandardCharsets.UTF_8)), Csv.parse(new String(actual, StandardCharsets.UTF_8)), other));
      }
    }
    return Optional.empty();
  }

  /** Where two parsed CSV files first differ, for the failure message. */
  private static String firstDifference(List<List<String>> expected, List<List<String>> actual, String other) {
    List<String> header = expected.isEmpty() ? List.of() : expected.get(0);
    for (int r = 0; r < Math.min(expected.size(), actual.size()); r++) {
      List<String> e = expected.get(r);
      List<String> a = actual.get(r);
      for (int c = 0; c < Math.max(e.size(), a.size()); c++) {
        String ev = c < e.size() ? e.get(c) : "(none)";
        String av = c < a.size() ? a.get(c) : "(none)";
        if (!ev.equals(av)) {
          return "record " + r + " (" + e.get(0) + "), column " + (c < header.size() ? header.get(c) : c)
              + ": local " + ev + ", " + other + " " + av;
        }
      }
    }
    return expected.size() == actual.size() ? "same records, different bytes (line ends or quoting)"
        : "local has " + expected.size() + " records, " + other + " " + actual.size();
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
