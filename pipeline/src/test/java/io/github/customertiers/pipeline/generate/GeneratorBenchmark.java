package io.github.customertiers.pipeline.generate;

import io.github.customertiers.pipeline.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/**
 * Throwaway benchmark, not a test: generates {@code args[0]} customers (default 700,000, about
 * 10 million transaction rows) on {@code local[*]} into {@code args[1]} (default a temporary
 * directory), logs the wall time and row counts, then deletes the output.
 */
public final class GeneratorBenchmark {

  private static final Logger LOG = LogManager.getLogger(GeneratorBenchmark.class);

  private GeneratorBenchmark() {}

  public static void main(String[] args) throws IOException {
    long customers = args.length > 0 ? Long.parseLong(args[0]) : 700_000L;
    Path out = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("customer-tiers-benchmark");
    SparkSession spark = SparkSessions.forJob("generator-benchmark", null, ZoneId.of("UTC"), Map.of());
    try {
      GeneratorOptions options = new GeneratorOptions(out.toString(), customers, 730, LocalDate.of(2026, 3, 31), 42, 60);
      long started = System.nanoTime();
      GeneratedExports exports = SyntheticExports.generate(spark, options);
      long wallMillis = (System.nanoTime() - started) / 1_000_000;
      LOG.info("Benchmark: {} customers, {} transaction rows ({} refunds), {} interaction rows, {} bad rows "
              + "in {} ms wall ({} transaction rows/s) on {} cores; personas {}",
          customers, exports.transactionRows(), exports.refundRows(), exports.interactionRows(),
          exports.badRows(), wallMillis, exports.transactionRows() * 1000 / Math.max(1, wallMillis),
          spark.sparkContext().defaultParallelism(), exports.customersPerPersona());
      LOG.info("Benchmark output size: {} MB", size(out) / (1024 * 1024));
    } finally {
      spark.stop();
      delete(out);
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
