package io.github.customertiers.pipeline.publish;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes a complete staged directory live under its published name with renames only: an existing
 * version is first moved aside, then the staged one renamed into place. The version moved aside is
 * kept until the caller has published everything of the date (it deletes the trash), so a later
 * failure can {@link #rollBack} this one. A failed rename is reported with the path, never
 * ignored, and the old version is put back.
 */
public final class DirectorySwap {
  private DirectorySwap() {}

  public static void replace(FileSystem fs, Path staged, Path live, Path aside) throws IOException {
    fs.mkdirs(live.getParent());
    boolean hadOld = fs.exists(live);
    if (hadOld) {
      fs.mkdirs(aside.getParent());
      if (!fs.rename(live, aside)) {
        throw new IOException("could not move the published " + live + " aside to " + aside + " (rename reported failure)");
      }
    }
    if (!fs.rename(staged, live)) {
      String previous = "";
      if (hadOld && !fs.exists(live)) {
        previous = fs.rename(aside, live) ? "; the previous version is back in place"
            : "; the previous version is kept at " + aside + " and the next run of this date puts it back";
      }
      throw new IOException("could not publish " + staged + " as " + live + " (rename reported failure)" + previous);
    }
  }

  /**
   * Undoes a {@link #replace}: the version moved aside becomes live again; without one (the date
   * was new) the directory published by the replace is removed, so the date is not half-published.
   *
   * @param discard where the version published by the replace is moved
   */
  public static void rollBack(FileSystem fs, Path live, Path aside, Path discard) throws IOException {
    if (fs.exists(live)) {
      fs.mkdirs(discard.getParent());
      if (!fs.rename(live, discard)) {
        throw new IOException("could not roll back " + live + " (rename to " + discard + " reported failure)");
      }
    }
    if (fs.exists(aside) && !fs.rename(aside, live)) {
      throw new IOException("could not roll back " + live + ": the previous version is kept at " + aside);
    }
  }
}
