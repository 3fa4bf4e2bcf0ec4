package io.github.customertiers.pipeline.publish;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes a complete staged directory live under its published name with renames only: an existing
 * version is first moved aside, the staged one renamed into place, and the old one deleted last.
 * A failed rename is reported with the path, never ignored, and the old version is put back.
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
    if (hadOld) {
      fs.delete(aside, true);
    }
  }
}
