package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import io.github.customertiers.pipeline.config.QualityOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingests the delivered files of one feed into the warehouse, honestly: every record read is
 * loaded, quarantined with a reason, or counted as a duplicate of a row already stored (in this
 * delivery or an earlier one). Files already ingested (same SHA-256) are skipped. The new rows
 * become visible in one directory rename, after the quality checks passed.
 */
public final class FeedIngest {
  private static final Logger LOG = LogManager.getLogger(FeedIngest.class);

  private final SparkSession spark;
  private final String warehouse;
  private final QualityOptions quality;

  public FeedIngest(SparkSession spark, String warehouse, QualityOptions quality) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.quality = quality;
  }

  public FeedIngestResult ingest(Feed feed, List<String> inputs, String batch, Instant ingestedAt) {
    long started = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    IngestedStore store = new IngestedStore(warehouse, feed);
    List<InputFile> files = InputFiles.list(hadoop, feed, inputs);
    Set<String> known = knownDigests(hadoop, store);
    List<FileAccounting> accounting = new ArrayList<>();
    List<InputFile> fresh = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (InputFile file : files) {
      if (known.contains(file.digest()) || !seen.add(file.digest())) {
        LOG.info("{}: {} was ingested before (same content); skipped", feed.feedName(), file.path());
        accounting.add(new FileAccounting(file.path(), file.digest(), FileAccounting.Status.ALREADY_INGESTED, 0, 0, 0, Map.of()));
      } else {
        fresh.add(file);
      }
    }
    if (fresh.isEmpty()) {
      return new FeedIngestResult(feed.feedName(), null, accounting, elapsedMs(started));
    }
    spark.sparkContext().setJobGroup("ingest " + feed.feedName(), "ingest " + fresh.size() + " " + feed.feedName() + " file(s)", false);
    try {
      accounting.addAll(ingestFresh(feed, store, fresh, batch, ingestedAt, hadoop));
    } finally {
      spark.sparkContext().clearJobGroup();
    }
    return new FeedIngestResult(feed.feedName(), batch, accounting, elapsedMs(started));
  }

  private List<FileAccounting> ingestFresh(Feed feed, IngestedStore store, List<InputFile> files, String batch,
      Instant ingestedAt, Configuration hadoop) {
    Dataset<Row> validated = RowValidation.validate(RawFeedReader.read(spark, feed, files), feed, ingestedAt, quality.maxAmount())
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // One scan counts every file's records by outcome.
      Map<String, Map<String, Long>> outcomes = new HashMap<>();
      for (Row r : validated.groupBy(col("source_file"), col("reason")).agg(count("*").as("n")).collectAsList()) {
        outcomes.computeIfAbsent(r.getString(0), f -> new HashMap<>())
            .put(r.isNullAt(1) ? "" : r.getString(1), r.getLong(2));
      }
      long readTotal = outcomes.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
      if (readTotal == 0) {
        throw new InvalidInputException(feed.feedName() + ": 0 data rows in " + files.stream().map(InputFile::path).toList()
            + " (empty or header-only files); expected at least 1");
      }
      writeQuarantine(feed, validated, batch);

      Dataset<Row> valid = RowValidation.validRows(validated, feed);
      List<String> keys = feed.canonicalColumns();
      Column[] keyCols = keys.stream().map(c -> col(c)).toArray(Column[]::new);
      // Exact duplicates keep their first occurrence (by file, then record number): deterministic.
      Dataset<Row> distinctRows = valid
          .groupBy(keyCols)
          .agg(min(struct(col("source_file"), col("record_number"))).as("first"),
              min(col("event_date")).as("event_date"))
          .select(concat(keyCols, col("first.source_file").as("source_file"),
              col("first.record_number").as("record_number"), col("event_date")));
      Dataset<Row> stored = store.all(spark);
      Column sameRow = null;
      for (String k : keys) {
        Column eq = distinctRows.col(k).eqNullSafe(stored.col(k));
        sameRow = sameRow == null ? eq : sameRow.and(eq);
      }
      Dataset<Row> newRows = distinctRows.join(stored, sameRow, "left_anti")
          .select(java.util.Arrays.stream(feed.storedSchema().fieldNames()).map(c -> col(c)).toArray(Column[]::new));

      Path staging = store.staging(batch);
      // One file per day and batch, not one per day and shuffle partition.
      newRows.repartition(col("event_date")).sortWithinPartitions(col("customer_id"), col("ts"))
          .write().mode(SaveMode.Overwrite).partitionBy("event_date").parquet(staging.toString());
      Map<String, Long> loadedByFile = new HashMap<>();
      for (Row r : spark.read().schema(feed.storedSchema()).parquet(staging.toString()).groupBy("source_file").count().collectAsList()) {
        loadedByFile.put(r.getString(0), r.getLong(1));
      }
      List<FileAccounting> result = new ArrayList<>();
      long quarantinedTotal = 0;
      for (InputFile file : files) {
        String source = sourceKey(outcomes.keySet(), file.path());
        Map<String, Long> byReason = new HashMap<>(outcomes.getOrDefault(source, Map.of()));
        long validCount = byReason.getOrDefault("", 0L);
        byReason.remove("");
        long read = validCount + byReason.values().stream().mapToLong(Long::longValue).sum();
        long loaded = loadedByFile.getOrDefault(source, 0L);
        FileAccounting fa = new FileAccounting(file.path(), file.digest(), FileAccounting.Status.INGESTED,
            read, loaded, validCount - loaded, byReason);
        if (!fa.balances() || fa.duplicates() < 0) {
          throw new IllegalStateException("row accounting does not balance for " + file.path() + ": " + fa);
        }
        quarantinedTotal += fa.quarantined();
        result.add(fa);
        LOG.info("{}: {} read {}, loaded {}, quarantined {}, duplicates {}", feed.feedName(), file.path(), read,
            loaded, fa.quarantined(), fa.duplicates());
      }
      double rate = (double) quarantinedTotal / readTotal;
      if (rate > quality.maxQuarantineRate()) {
        delete(hadoop, staging);
        throw new InvalidInputException(String.format(java.util.Locale.ROOT,
            "%s: %d of %d rows quarantined (%.2f%%), above quality.max_quarantine_rate %.2f%%; files: %s; see %s",
            feed.feedName(), quarantinedTotal, readTotal, rate * 100, quality.maxQuarantineRate() * 100,
            result.stream().filter(f -> f.quarantined() > 0).map(f -> f.file() + " " + f.quarantinedByReason()).toList(),
            quarantineRoot(feed, batch)));
      }
      commit(hadoop, store, staging, batch, result);
      return result;
    } finally {
      validated.unpersist();
    }
  }

  private static Column[] concat(Column[] keys, Column... more) {
    Column[] all = java.util.Arrays.copyOf(keys, keys.length + more.length);
    System.arraycopy(more, 0, all, keys.length, more.length);
    return all;
  }

  /** Spark reports file paths in its own URI spelling; match them to our listing. */
  private static String sourceKey(Set<String> sources, String path) {
    if (sources.contains(path)) {
      return path;
    }
    String bare = new Path(path).toUri().getPath();
    for (String s : sources) {
      if (new Path(s).toUri().getPath().equals(bare)) {
        return s;
      }
    }
    return path;
  }

  private Path quarantineRoot(Feed feed, String batch) {
    return new Path(new Path(new Path(warehouse, "quarantine"), feed.feedName()), "batch=" + batch);
  }

  private void writeQuarantine(Feed feed, Dataset<Row> validated, String batch) {
    Dataset<Row> quarantined = RowValidation.quarantinedRows(validated, feed);
    quarantined.coalesce(1).write().mode(SaveMode.Overwrite).parquet(quarantineRoot(feed, batch).toString());
  }

  private void commit(Configuration hadoop, IngestedStore store, Path staging, String batch, List<FileAccounting> files) {
    try {
      FileSystem fs = staging.getFileSystem(hadoop);
      Path target = store.batchDirectory(batch);
      if (!fs.rename(staging, target)) {
        throw new IOException("rename of " + staging + " to " + target + " reported failure");
      }
      fs.mkdirs(store.filesRegistry());
      for (FileAccounting f : files) {
        try (OutputStream out = fs.create(new Path(store.filesRegistry(), f.digest() + ".json"), true)) {
          String json = "{\"file\":" + jsonString(f.file()) + ",\"batch\":" + jsonString(batch) + ",\"read\":" + f.read()
              + ",\"loaded\":" + f.loaded() + "}\n";
          out.write(json.getBytes(StandardCharsets.UTF_8));
        }
      }
      fs.delete(new Path(store.root(), "_staging"), true);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot commit ingested batch " + batch + " of " + store.root() + ": " + e.getMessage(), e);
    }
  }

  private static Set<String> knownDigests(Configuration hadoop, IngestedStore store) {
    Set<String> digests = new HashSet<>();
    try {
      FileSystem fs = store.filesRegistry().getFileSystem(hadoop);
      if (fs.exists(store.filesRegistry())) {
        for (var status : fs.listStatus(store.filesRegistry())) {
          String name = status.getPath().getName();
          if (name.endsWith(".json")) {
            digests.add(name.substring(0, name.length() - 5));
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + store.filesRegistry(), e);
    }
    return digests;
  }

  private static void delete(Configuration hadoop, Path path) {
    try {
      path.getFileSystem(hadoop).delete(path, true);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", path, e.getMessage());
    }
  }

  static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c)); else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
