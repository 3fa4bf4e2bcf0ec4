package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.configfile.ConfigLoader;
import io.github.customertiers.pipeline.publish.PublishedDate;
import io.github.customertiers.pipeline.run.PublishedWarehouse;
import io.github.customertiers.pipeline.run.TiersActions;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of commands that read one published date of a warehouse: --config, --warehouse, --as-of (default: the latest). */
final class WarehouseDateOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file: its warehouse is read.")
  java.nio.file.Path config;

  @Option(names = "--warehouse", paramLabel = "DIR",
      description = "Warehouse root (local path, hdfs://, s3a://). Default: warehouse in the config, TIERS_WAREHOUSE, else ./warehouse.")
  String warehouse;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", converter = RunOptions.DateConverter.class,
      description = "The published date to read. Default: the latest published date.")
  LocalDate asOf;

  /** The warehouse root as configured (command line > environment > config file). */
  String warehouseRoot() {
    return warehouseRoot(config, warehouse);
  }

  /** The warehouse root: {@code --warehouse}, else TIERS_WAREHOUSE, else the config file's, else the default. */
  static String warehouseRoot(java.nio.file.Path config, String warehouse) {
    ConfigLoader loader = new ConfigLoader(Map.copyOf(System.getenv()));
    if (config != null) {
      loader.load(config);
    }
    return loader.warehouse(warehouse);
  }

  /** What the warehouse publishes (read without Spark). */
  PublishedWarehouse published() throws IOException {
    return TiersActions.published(warehouseRoot());
  }

  /** The live version of --as-of, or of the latest published date; empty when nothing (or not that date) is published. */
  Optional<PublishedDate> date(PublishedWarehouse published) throws IOException {
    return published.resolveOrLatest(asOf);
  }

  String notPublished() {
    return asOf == null ? "nothing is published in " + warehouseRoot() : asOf + " is not published in " + warehouseRoot();
  }
}
