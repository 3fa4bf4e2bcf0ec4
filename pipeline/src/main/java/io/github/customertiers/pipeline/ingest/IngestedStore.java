package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The ingested rows of one feed in the warehouse: {@code ingested/<feed>/batch=<id>/part-*.parquet},
 * {@code event_date} a column of the files, which are range-partitioned and sorted by it (a few
 * files per batch, so a reader as of a date skips the row groups of later days by their statistics).
 * Batches written before 0.2 keep their {@code batch=<id>/event_date=D/} directories and are read
 * as they are. Each ingest adds one batch directory, renamed into place only when complete. Two small
 * registries sit beside the batches:
 * <ul>
 *   <li>{@code _files/<sha256>.json}: every ingested file (path, batch, rows read and loaded), so a
 *       file delivered again is skipped and a corrected file under the same path is recognised;
 *   <li>{@code _batches/<batch>.json}: every batch (when, rows read, earlier file versions it
 *       replaces), written before the batch's rename and effective only once the batch directory
 *       exists, so a replacement becomes visible in the same atomic step as its new rows.
 * </ul>
 * Readers see only complete batches, never the rows of a replaced file version, and select days
 * with partition pruning.
 */
public final class IngestedStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final WarehouseLayout layout;
  private final Path root;
  private final Feed feed;

  public IngestedStore(String warehouse, Feed feed) {
    this.layout = new WarehouseLayout(warehouse);
    this.root = layout.ingested(feed.feedName());
    this.feed = feed;
  }

  /** A file ingested before, from {@code _files/}. */
  record FileRecord(String file, String digest, String batch, String sourceFile, long read, long loaded) {}

  /** A committed batch, from {@code _batches/}. */
  record BatchRecord(String batch, Instant ingestedAt, long read, List<EarlierVersion> replaces, Layout layout) {
    BatchRecord(String batch, Instant ingestedAt, long read, List<EarlierVersion> replaces) {
      this(batch, ingestedAt, read, replaces, Layout.EVENT_DATE_COLUMN);
    }
  }

  /** How a batch directory holds its rows. */
  enum Layout {
    /** {@code event_date} inside the files (written since 0.2). */
    EVENT_DATE_COLUMN,
    /** One {@code event_date=D} directory per day (batches written before 0.2, or without a record). */
    EVENT_DATE_DIRECTORIES
  }

  /** Rows a batch file holds at most before a batch is written as more files (one per core at most). */
  static final long ROWS_PER_FILE = 1_000_000L;

  public Path root() { return root; }

  Path filesRegistry() { return layout.ingestedFiles(feed.feedName()); }

  Path batchesRegistry() { return layout.ingestedBatches(feed.feedName()); }

  Path staging() { return layout.ingestStaging(feed.feedName()); }

  Path staging(String batch) { return layout.ingestStaging(feed.feedName(), batch); }

  Path batchDirectory(String batch) { return layout.ingestedBatch(feed.feedName(), batch); }

  boolean hasBatches(Configuration hadoop) {
    return !batchDirectories(hadoop).isEmpty();
  }

  private List<FileStatus> batchDirectories(Configuration hadoop) {
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) {
        return List.of();
      }
      return Arrays.stream(fs.listStatus(root)).filter(s -> s.isDirectory() && s.getPath().getName().startsWith("batch=")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + root, e);
    }
  }

  /** Every stored row (all days), in the stored schema; empty when nothing was ingested yet. */
  public Dataset<Row> all(SparkSession spark) {
    return visible(spark, List.of());
  }

  /**
   * Stored rows without those of replaced file versions, committed ones and {@code pending} ones
   * (the earlier versions an ingest in progress is about to replace).
   */
  Dataset<Row> visible(SparkSession spark, Collection<EarlierVersion> pending) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (!hasBatches(hadoop)) {
      return spark.createDataFrame(List.of(), feed.storedSchema());
    }
    StructType schema = feed.storedSchema().add("batch", DataTypes.StringType);
    Set<List<String>> hidden = new HashSet<>();
    Set<String> withEventDateColumn = new HashSet<>();
    for (BatchRecord b : committedBatches(hadoop)) {
      b.replaces().forEach(r -> hidden.add(List.of(r.batch(), r.sourceFile())));
      if (b.layout() == Layout.EVENT_DATE_COLUMN) {
        withEventDateColumn.add(b.batch());
      }
    }
    List<String> columnBatches = new ArrayList<>();
    List<String> directoryBatches = new ArrayList<>();
    for (FileStatus s : batchDirectories(hadoop)) {
      String batch = s.getPath().getName().substring("batch=".length());
      (withEventDateColumn.contains(batch) ? columnBatches : directoryBatches).add(s.getPath().toString());
    }
    Dataset<Row> stored = null;
    // Each layout is read on its own: Spark's partition discovery needs one directory structure.
    for (List<String> paths : List.of(columnBatches, directoryBatches)) {
      if (!paths.isEmpty()) {
        Dataset<Row> part = spark.read().schema(schema).option("basePath", root.toString()).parquet(paths.toArray(String[]::new));
        stored = stored == null ? part : stored.unionByName(part);
      }
    }
    pending.forEach(r -> hidden.add(List.of(r.batch(), r.sourceFile())));
    if (!hidden.isEmpty()) {
      StructType pairs = new StructType().add("_batch", DataTypes.StringType).add("_source_file", DataTypes.StringType);
      List<Row> rows = hidden.stream().map(p -> RowFactory.create(p.get(0), p.get(1))).toList();
      Dataset<Row> replaced = broadcast(spark.createDataFrame(rows, pairs));
      stored = stored.join(replaced, col("batch").equalTo(replaced.col("_batch"))
          .and(col("source_file").equalTo(replaced.col("_source_file"))), "left_anti");
    }
    Column[] cols = Arrays.stream(feed.storedSchema().fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    return stored.select(cols);
  }

  /** Digests of every file ingested before. */
  Set<String> knownDigests(Configuration hadoop) {
    Set<String> digests = new HashSet<>();
    for (FileStatus s : list(hadoop, filesRegistry())) {
      String name = s.getPath().getName();
      digests.add(name.substring(0, name.length() - ".json".length()));
    }
    return digests;
  }

  /** Every file ingested before. */
  List<FileRecord> fileRecords(Configuration hadoop) {
    List<FileRecord> out = new ArrayList<>();
    for (FileStatus s : list(hadoop, filesRegistry())) {
      JsonNode n = readJson(hadoop, s.getPath());
      String name = s.getPath().getName();
      String file = n.path("file").asText();
      String sourceFile = n.hasNonNull("source_file") ? n.get("source_file").asText() : new Path(file).toUri().toString();
      out.add(new FileRecord(file, name.substring(0, name.length() - ".json".length()), n.path("batch").asText(),
          sourceFile, n.path("read").asLong(), n.path("loaded").asLong()));
    }
    return out;
  }

  /** Committed batches that recorded themselves, oldest first. */
  List<BatchRecord> committedBatches(Configuration hadoop) {
    List<BatchRecord> out = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      for (FileStatus s : list(hadoop, batchesRegistry())) {
        JsonNode n = readJson(hadoop, s.getPath());
        String batch = n.path("batch").asText();
        if (!fs.exists(batchDirectory(batch))) {
          continue; // written by an ingest that did not commit
        }
        List<EarlierVersion> replaces = new ArrayList<>();
        for (JsonNode r : n.path("replaces")) {
          replaces.add(new EarlierVersion(r.path("digest").asText(), r.path("batch").asText(),
              r.path("source_file").asText(), r.path("rows").asLong()));
        }
        Layout layout = n.hasNonNull("layout") ? Layout.valueOf(n.get("layout").asText()) : Layout.EVENT_DATE_DIRECTORIES;
        out.add(new BatchRecord(batch, Instant.parse(n.path("ingested_at").asText()), n.path("read").asLong(), replaces, layout));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + batchesRegistry(), e);
    }
    out.sort(Comparator.comparing(BatchRecord::ingestedAt).thenComparing(BatchRecord::batch));
    return out;
  }

  void recordBatch(FileSystem fs, BatchRecord batch) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("batch", batch.batch());
    m.put("ingested_at", batch.ingestedAt().toString());
    m.put("read", batch.read());
    List<Map<String, Object>> replaces = new ArrayList<>();
    for (EarlierVersion r : batch.replaces()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("digest", r.digest());
      e.put("batch", r.batch());
      e.put("source_file", r.sourceFile());
      e.put("rows", r.rowsWithdrawn());
      replaces.add(e);
    }
    m.put("replaces", replaces);
    m.put("layout", batch.layout().name());
    write(fs, new Path(batchesRegistry(), batch.batch() + ".json"), m);
  }

  void recordFile(FileSystem fs, FileRecord file) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file.file());
    m.put("batch", file.batch());
    m.put("source_file", file.sourceFile());
    m.put("read", file.read());
    m.put("loaded", file.loaded());
    write(fs, new Path(filesRegistry(), file.digest() + ".json"), m);
  }

  private static void write(FileSystem fs, Path path, Map<String, Object> json) throws IOException {
    fs.mkdirs(path.getParent());
    try (OutputStream out = fs.create(path, true)) {
      out.write((JSON.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static List<FileStatus> list(Configuration hadoop, Path dir) {
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        return List.of();
      }
      return Arrays.stream(fs.listStatus(dir)).filter(s -> s.getPath().getName().endsWith(".json")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static JsonNode readJson(Configuration hadoop, Path path) {
    try (InputStream in = path.getFileSystem(hadoop).open(path)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
