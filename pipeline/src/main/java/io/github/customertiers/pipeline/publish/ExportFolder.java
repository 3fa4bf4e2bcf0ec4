package io.github.customertiers.pipeline.publish;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Makes an exports folder fit for people and for tools that load it: no Hadoop side files
 * ({@code .crc}, {@code _SUCCESS}), an exports manifest ({@value #MANIFEST}: per file its data rows,
 * bytes and SHA-256) and permissions 0640 for files, 0750 for the folder. Idempotent: called again
 * after a file is added, it lists every file.
 */
public final class ExportFolder {
  /** The exports manifest's file name. */
  public static final String MANIFEST = "exports_manifest.json";
  public static final FsPermission FILE_PERMISSION = new FsPermission((short) 0640);
  public static final FsPermission FOLDER_PERMISSION = new FsPermission((short) 0750);

  private ExportFolder() {}

  public static void finish(FileSystem fs, Path folder) throws IOException {
    removeSideFiles(fs, folder);
    List<Map<String, Object>> files = new ArrayList<>();
    FileStatus[] listed = fs.listStatus(folder, p -> isPublic(p.getName()) && !p.getName().equals(MANIFEST));
    Arrays.sort(listed, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    for (FileStatus f : listed) {
      if (!f.isFile()) {
        continue;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("file", f.getPath().getName());
      Digested d = digest(fs, f.getPath());
      entry.put("rows", f.getPath().getName().endsWith(".csv") ? Math.max(0, d.records() - 1) : null);
      entry.put("bytes", f.getLen());
      entry.put("sha256", d.sha256());
      files.add(entry);
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("files", files);
    manifest.put("note", "rows: data rows of a CSV file (header excluded); sha256 of the file's bytes");
    try (OutputStream out = fs.create(new Path(folder, MANIFEST), true)) {
      out.write(WarehouseJson.mapper().writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8));
    }
    removeSideFiles(fs, folder);
    for (FileStatus f : fs.listStatus(folder)) {
      if (f.isFile()) {
        fs.setPermission(f.getPath(), FILE_PERMISSION);
      }
    }
    fs.setPermission(folder, FOLDER_PERMISSION);
  }

  private static boolean isPublic(String name) {
    return !name.startsWith(".") && !name.startsWith("_");
  }

  /** Deletes checksum files and success markers, through the raw file system where there is one. */
  private static void removeSideFiles(FileSystem fs, Path folder) throws IOException {
    FileSystem raw = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    for (FileStatus f : raw.listStatus(folder)) {
      String name = f.getPath().getName();
      if (f.isFile() && ((name.startsWith(".") && name.endsWith(".crc")) || name.equals("_SUCCESS"))) {
        raw.delete(f.getPath(), false);
      }
    }
  }

  private record Digested(long records, String sha256) {}

  /** SHA-256 of a file and its CSV records (line ends outside quoted fields), in one streaming pass. */
  private static Digested digest(FileSystem fs, Path file) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    CsvRecordCount records = new CsvRecordCount();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = fs.open(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        records.scan(buffer, n);
      }
    }
    return new Digested(records.total(), HexFormat.of().formatHex(sha.digest()));
  }
}
