package io.github.customertiers.pipeline.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The output directory, through the Hadoop file system of the session (so it can be local or
 * remote). Local files are handled through the raw file system, which writes no {@code .crc}.
 */
final class OutputFiles {

  private final FileSystem fileSystem;
  private final Path root;

  private OutputFiles(FileSystem fileSystem, Path root) {
    this.fileSystem = fileSystem;
    this.root = root;
  }

  static OutputFiles of(SparkSession spark, String outDir) {
    Path root = new Path(outDir);
    try {
      FileSystem fileSystem = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fileSystem instanceof ChecksumFileSystem checksummed) {
        fileSystem = checksummed.getRawFileSystem();
      }
      return new OutputFiles(fileSystem, root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + outDir, e);
    }
  }

  /** The path of {@code relative} under the output directory. */
  String child(String relative) {
    return new Path(root, relative).toString();
  }

  /**
   * Renames Spark's part files in {@code dir} to {@code prefix-00000.csv}, ... in partition order
   * and deletes the {@code _SUCCESS} marker and checksum files.
   */
  void tidy(String dir, String prefix) {
    try {
      List<FileStatus> parts = new ArrayList<>();
      for (FileStatus file : fileSystem.listStatus(new Path(dir))) {
        String name = file.getPath().getName();
        if (name.startsWith("_") || name.endsWith(".crc")) {
          delete(file.getPath());
        } else if (name.startsWith("part-")) {
          parts.add(file);
        }
      }
      parts.sort(Comparator.comparing(file -> file.getPath().getName()));
      for (int i = 0; i < parts.size(); i++) {
        Path target = new Path(dir, String.format("%s-%05d.csv", prefix, i));
        if (!fileSystem.rename(parts.get(i).getPath(), target)) {
          throw new IOException("could not rename " + parts.get(i).getPath() + " to " + target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tidy " + dir, e);
    }
  }

  /** Writes {@code header} and {@code lines} to {@code dir/name}; returns its path. */
  String write(String dir, String name, String header, List<String> lines) {
    Path file = new Path(dir, name);
    try (OutputStream out = fileSystem.create(file, true)) {
      StringBuilder text = new StringBuilder(header).append('\n');
      lines.forEach(line -> text.append(line).append('\n'));
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file.toString();
  }

  private void delete(Path path) throws IOException {
    if (!fileSystem.delete(path, false) && fileSystem.exists(path)) {
      throw new IOException("could not delete " + path);
    }
  }
}
