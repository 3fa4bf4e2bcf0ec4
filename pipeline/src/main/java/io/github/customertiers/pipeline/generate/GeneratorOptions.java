package io.github.customertiers.pipeline.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What {@link SyntheticExports#generate} produces.
 *
 * @param outDir   the output directory: a local path or any Hadoop file-system URI; the
 *                 {@code transactions/}, {@code interactions/} and {@code truth/personas/}
 *                 directories under it are replaced
 * @param customers number of customers, 1 to 1,000,000,000 (about 22 transaction rows each over the default 730 days)
 * @param days     length of the history in days, 365 to 3650; all timestamps fall on the dates
 *                 {@code [asOf - days + 1, asOf]}
 * @param asOf     the last day of the history, in the business time zone
 * @param seed     the seed; the same options give the same files
 * @param badRows  number of hand-made bad rows in {@code transactions/bad-rows.csv}, 0 to 1,000,000
 *                 (0 writes no such file)
 */
public record GeneratorOptions(String outDir, long customers, int days, LocalDate asOf, long seed, int badRows) {

  public static final int DEFAULT_DAYS = 730;
  public static final long DEFAULT_SEED = 42L;
  public static final int MIN_DAYS = 365;
  public static final int MAX_DAYS = 3650;
  public static final long MAX_CUSTOMERS = 1_000_000_000L;
  public static final int MAX_BAD_ROWS = 1_000_000;

  public GeneratorOptions {
    Objects.requireNonNull(outDir, "outDir must not be null");
    if (outDir.isBlank()) {
      throw new IllegalArgumentException("outDir must not be blank, got '" + outDir + "'");
    }
    if (customers < 1 || customers > MAX_CUSTOMERS) {
      throw new IllegalArgumentException(
          "customers must be in [1, " + MAX_CUSTOMERS + "], got " + customers);
    }
    if (days < MIN_DAYS || days > MAX_DAYS) {
      throw new IllegalArgumentException("days must be in [" + MIN_DAYS + ", " + MAX_DAYS
          + "] so that lapsed customers fit in the history, got " + days);
    }
    Objects.requireNonNull(asOf, "asOf must not be null");
    if (badRows < 0 || badRows > MAX_BAD_ROWS) {
      throw new IllegalArgumentException("badRows must be in [0, " + MAX_BAD_ROWS + "], got " + badRows);
    }
  }

  /** Options with the default history ({@value #DEFAULT_DAYS} days), seed and no bad rows. */
  public static GeneratorOptions of(Path outDir, long customers, LocalDate asOf) {
    return new GeneratorOptions(outDir.toString(), customers, DEFAULT_DAYS, asOf, DEFAULT_SEED, 0);
  }

  public GeneratorOptions withOutDir(String newOutDir) {
    return new GeneratorOptions(newOutDir, customers, days, asOf, seed, badRows);
  }

  public GeneratorOptions withCustomers(long newCustomers) {
    return new GeneratorOptions(outDir, newCustomers, days, asOf, seed, badRows);
  }

  public GeneratorOptions withDays(int newDays) {
    return new GeneratorOptions(outDir, customers, newDays, asOf, seed, badRows);
  }

  public GeneratorOptions withSeed(long newSeed) {
    return new GeneratorOptions(outDir, customers, days, asOf, newSeed, badRows);
  }

  public GeneratorOptions withBadRows(int newBadRows) {
    return new GeneratorOptions(outDir, customers, days, asOf, seed, newBadRows);
  }

  /** The first day of the history, {@code asOf - days + 1}. */
  public LocalDate firstDay() {
    return asOf.minusDays(days - 1L);
  }
}
