package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.errors.TiersException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/**
 * The options of the commands that measure against a holdout period (picocli mixin):
 * {@code --calibration-end}, {@code --holdout-end} and {@code --csv}.
 */
final class HoldoutPeriodOptions {
  @Option(names = "--calibration-end", required = true, paramLabel = "YYYY-MM-DD", converter = RunOptions.DateConverter.class,
      description = "Last day of the calibration period.")
  LocalDate calibrationEnd;

  @Option(names = "--holdout-end", required = true, paramLabel = "YYYY-MM-DD", converter = RunOptions.DateConverter.class,
      description = "Last day of the holdout period.")
  LocalDate holdoutEnd;

  @Option(names = "--csv", paramLabel = "FILE", description = "Also write the results as CSV to this file.")
  Path csv;

  /** @throws TiersException of kind BAD_CONFIG when the holdout does not end after the calibration */
  void requireHoldoutAfterCalibration() {
    if (!holdoutEnd.isAfter(calibrationEnd)) {
      throw TiersException.badConfig("--holdout-end " + holdoutEnd + " must be after --calibration-end " + calibrationEnd);
    }
  }

  /** Writes {@code csv} to --csv (its folders created) and says where, when --csv is given. */
  void writeCsv(String text, PrintWriter out) throws IOException {
    if (csv == null) {
      return;
    }
    if (csv.getParent() != null) {
      Files.createDirectories(csv.getParent());
    }
    Files.writeString(csv, text, StandardCharsets.UTF_8);
    out.println("CSV: " + csv.toAbsolutePath());
  }
}
