package io.github.customertiers.pipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pointer switch that publishes a date (RELIABILITY.md case 6), on the real local filesystem. */
class VersionPointerTest {
  static final LocalDate DATE = LocalDate.parse("2026-11-15");
  @TempDir java.nio.file.Path dir;

  FileSystem fs() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  WarehouseLayout layout() {
    return new WarehouseLayout(new Path(dir.toUri()));
  }

  /** A complete version: every file holds the version's name. */
  void version(String name) throws IOException {
    java.nio.file.Path v = dir.resolve("published/as_of=" + DATE).resolve(name);
    for (String kind : List.of("segments", "exports", "migrations")) {
      Files.createDirectories(v.resolve(kind));
      Files.writeString(v.resolve(kind).resolve("part-0"), name);
    }
  }

  @Test
  void theSwitchReplacesThePointerAndTheCurrentLinkAndLeavesNoChecksumOrTemporaryFiles() throws Exception {
    version("v=1");
    version("v=2");
    Path pointer = layout().pointer(DATE);
    assertThat(VersionPointer.read(fs(), pointer)).isEmpty();
    VersionPointer.write(fs(), pointer, "v=1");
    assertThat(VersionPointer.read(fs(), pointer)).contains("v=1");
    VersionPointer.write(fs(), pointer, "v=2");
    assertThat(VersionPointer.read(fs(), pointer)).contains("v=2");
    java.nio.file.Path dateDir = dir.resolve("published/as_of=" + DATE);
    assertThat(Files.readSymbolicLink(dateDir.resolve("current")).toString()).isEqualTo("v=2");
    assertThat(Files.readString(dateDir.resolve("current/exports/part-0"))).isEqualTo("v=2");
    try (var names = Files.list(dateDir)) {
      assertThat(names.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("_CURRENT", "current", "v=1", "v=2");
    }
  }

  @Test
  void onAFileSystemThatIsNotTheLocalOneThePointerIsReplacedWithAnOverwritingRename() throws Exception {
    // Not a LocalFileSystem: the path HDFS takes (FileContext.rename with OVERWRITE).
    FileSystem other = new org.apache.hadoop.fs.FilterFileSystem(new org.apache.hadoop.fs.RawLocalFileSystem());
    other.initialize(java.net.URI.create("file:///"), new Configuration());
    version("v=1");
    version("v=2");
    Path pointer = layout().pointer(DATE);
    VersionPointer.write(other, pointer, "v=1");
    VersionPointer.write(other, pointer, "v=2");
    assertThat(VersionPointer.read(other, pointer)).contains("v=2");
    try (var names = Files.list(dir.resolve("published/as_of=" + DATE))) {
      assertThat(names.map(p -> p.getFileName().toString()).sorted().toList())
          .as("no temporary pointer and no symlink off the local file system").containsExactly("_CURRENT", "v=1", "v=2");
    }
  }

  @Test
  void aDamagedPointerIsReportedNotGuessed() throws Exception {
    Files.createDirectories(dir.resolve("published/as_of=" + DATE));
    Files.writeString(dir.resolve("published/as_of=" + DATE + "/_CURRENT"), "../../etc\n");
    assertThatThrownBy(() -> new PublishedDates(fs(), layout()).resolve(DATE))
        .hasMessageContaining("_CURRENT").hasMessageContaining("damaged");
    Files.writeString(dir.resolve("published/as_of=" + DATE + "/_CURRENT"), "v=9\n");
    assertThatThrownBy(() -> new PublishedDates(fs(), layout()).resolve(DATE))
        .hasMessageContaining("v=9").hasMessageContaining("does not exist");
  }

  @Test
  void readersThatResolveThePointerNeverSeeAMissingOrMixedVersionWhileItIsSwitched() throws Exception {
    for (int i = 0; i < 4; i++) {
      version("v=" + i);
    }
    FileSystem fs = fs();
    PublishedDates published = new PublishedDates(fs, layout());
    VersionPointer.write(fs, layout().pointer(DATE), "v=0");
    AtomicBoolean done = new AtomicBoolean();
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    int[] reads = new int[1];
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        try {
          PublishedDate d = published.resolve(DATE).orElseThrow();
          String segments = read(fs, new Path(d.segments(), "part-0"));
          String exports = read(fs, new Path(d.exports(), "part-0"));
          String viaLink = Files.readString(dir.resolve("published/as_of=" + DATE + "/current/segments/part-0"));
          if (!segments.equals(d.version()) || !exports.equals(d.version()) || !viaLink.startsWith("v=")) {
            problems.add(d.version() + ": " + segments + " / " + exports + " / " + viaLink);
          }
          reads[0]++;
        } catch (Exception e) {
          problems.add(e.toString());
        }
      }
    });
    reader.start();
    for (int i = 1; i <= 400; i++) {
      VersionPointer.write(fs, layout().pointer(DATE), "v=" + (i % 4));
    }
    done.set(true);
    reader.join();
    assertThat(problems).as("what readers saw during 400 switches").isEmpty();
    assertThat(reads[0]).as("reads done during the switches").isPositive();
  }

  @Test
  void publishedDatesListPointerAndLegacyDatesAndFindThePreviousOne() throws Exception {
    version("v=a");
    VersionPointer.write(fs(), layout().pointer(DATE), "v=a");
    Files.createDirectories(dir.resolve("segments/as_of=2026-11-01"));
    Files.createDirectories(dir.resolve("published/as_of=2026-11-20/v=orphan")); // never switched to: not published
    PublishedDates published = new PublishedDates(fs(), layout());
    assertThat(published.all()).extracting(d -> d.asOf().toString() + " " + d.version())
        .containsExactly("2026-11-01 legacy", "2026-11-15 v=a");
    assertThat(published.before(LocalDate.parse("2026-11-30")).orElseThrow().asOf()).isEqualTo(DATE);
    assertThat(published.before(DATE).orElseThrow().legacy()).isTrue();
    assertThat(published.before(LocalDate.parse("2026-11-01"))).isEmpty();
    assertThat(published.resolve(LocalDate.parse("2026-11-20"))).isEmpty();
  }

  static String read(FileSystem fs, Path p) throws IOException {
    try (var in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
