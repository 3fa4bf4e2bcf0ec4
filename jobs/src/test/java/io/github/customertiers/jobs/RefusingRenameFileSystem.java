package io.github.customertiers.jobs;

import java.io.IOException;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Test-only Hadoop FileSystem for {@code file:} paths: a real local filesystem whose rename of a
 * staged segment table into {@code segments/as_of=...} reports failure (returns false), as some
 * stores do. Installed in a child run with {@code -Dspark.hadoop.fs.file.impl=} this class.
 */
public class RefusingRenameFileSystem extends LocalFileSystem {
  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    if (src.toString().contains("/_staging/") && dst.getName().startsWith("as_of=") && dst.getParent() != null
        && dst.getParent().getName().equals("segments")) {
      return false;
    }
    return super.rename(src, dst);
  }
}
