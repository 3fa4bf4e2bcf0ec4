package io.github.customertiers.jobs;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Test-only Hadoop FileSystem for {@code file:} paths: a real local filesystem whose disk is "full"
 * for files created under a run's staging exports, as when a disk fills up during the write.
 * Installed in a child run with {@code -Dspark.hadoop.fs.file.impl=} this class.
 */
public class NoSpaceFileSystem extends LocalFileSystem {
  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    String path = f.toString();
    if (path.contains("/_staging/") && path.contains("/exports/")) {
      throw new IOException("No space left on device");
    }
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
