package io.github.customertiers.pipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELIABILITY.md case 8: a rename that reports failure never reports success and keeps the old version. */
class DirectorySwapTest {
  @TempDir Path dir;

  /** A real local filesystem whose renames into a chosen target report failure, as some stores do. */
  static final class RefusingRenames extends LocalFileSystem {
    private final String refusedTarget;
    private final String refusedSource;

    RefusingRenames(String refusedTarget, String refusedSource) throws IOException {
      this.refusedTarget = refusedTarget;
      this.refusedSource = refusedSource;
      initialize(java.net.URI.create("file:///"), new Configuration());
    }

    @Override
    public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst) throws IOException {
      if (dst.toString().endsWith(refusedTarget) && src.toString().contains(refusedSource)) {
        return false;
      }
      return super.rename(src, dst);
    }
  }

  private Path tree(String name, String content) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    Files.writeString(d.resolve("part-0.txt"), content);
    return d;
  }

  @Test
  void replacesAnExistingVersionCompletely() throws IOException {
    Path live = tree("segments/as_of=2026-01-01", "old");
    Path staged = tree("_staging/run/segments", "new");
    DirectorySwap.replace(new RefusingRenames("nothing", ""), hp(staged), hp(live), hp(dir.resolve("_trash/run/segments")));
    assertThat(Files.readString(live.resolve("part-0.txt"))).isEqualTo("new");
    assertThat(Files.readString(dir.resolve("_trash/run/segments/part-0.txt"))).as("old version kept for a roll-back")
        .isEqualTo("old");
    DirectorySwap.rollBack(new RefusingRenames("nothing", ""), hp(live), hp(dir.resolve("_trash/run/segments")),
        hp(dir.resolve("_trash/run/discarded")));
    assertThat(Files.readString(live.resolve("part-0.txt"))).as("after a roll-back").isEqualTo("old");
  }

  @Test
  void failedRenameIsReportedWithThePathAndTheOldVersionStays() throws IOException {
    Path live = tree("segments/as_of=2026-01-01", "old");
    Path staged = tree("_staging/run/segments", "new");
    assertThatThrownBy(() -> DirectorySwap.replace(new RefusingRenames("segments/as_of=2026-01-01", "_staging"), hp(staged), hp(live),
        hp(dir.resolve("_trash/run/segments"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("could not publish").hasMessageContaining("as_of=2026-01-01").hasMessageContaining("rename reported failure");
    assertThat(Files.readString(live.resolve("part-0.txt"))).as("the previous version is back in place").isEqualTo("old");
  }

  @Test
  void whenEvenTheRestoreFailsTheMessageSaysWhereThePreviousVersionIs() throws IOException {
    Path live = tree("segments/as_of=2026-01-01", "old");
    Path staged = tree("_staging/run/segments", "new");
    assertThatThrownBy(() -> DirectorySwap.replace(new RefusingRenames("segments/as_of=2026-01-01", ""), hp(staged), hp(live),
        hp(dir.resolve("_trash/run/segments"))))
        .isInstanceOf(IOException.class).hasMessageContaining("previous version is kept at").hasMessageContaining("_trash");
    assertThat(Files.readString(dir.resolve("_trash/run/segments/part-0.txt"))).as("nothing lost").isEqualTo("old");
  }

  private static org.apache.hadoop.fs.Path hp(Path p) {
    return new org.apache.hadoop.fs.Path("file:" + p.toAbsolutePath());
  }
}
