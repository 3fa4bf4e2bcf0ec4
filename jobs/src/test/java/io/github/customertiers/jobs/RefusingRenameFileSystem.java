package io.github.customertiers.jobs;

import java.io.IOException;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Test-only Hadoop FileSystem for {@code file:} paths: a real local filesystem whose renames that
 * publish report failure (return false), as some stores do. Installed in a child run with
 * {@code -Dspark.hadoop.fs.file.impl=} this class and
 * {@code -Dcustomertiers.test.refuseRename=version|pointer}: {@code version} refuses the rename of
 * the staged directory into {@code published/as_of=D/v=...}, {@code pointer} the switch of
 * {@code published/as_of=D/_CURRENT}.
 */
public class RefusingRenameFileSystem extends LocalFileSystem {
  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    String refuse = System.getProperty("customertiers.test.refuseRename", "version");
    boolean publishesVersion = src.toString().contains("/_staging/") && dst.getName().startsWith("v=");
    boolean switchesPointer = dst.getName().equals("_CURRENT");
    if ((refuse.equals("version") && publishesVersion) || (refuse.equals("pointer") && switchesPointer)) {
      return false;
    }
    return super.rename(src, dst);
  }
}
