package io.github.customertiers.pipeline.value;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.regexp_replace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Loads the real CDNOW sample ({@code ../shared/datasets/cdnow/CDNOW_sample.txt} from the repository
 * root) as canonical transactions: {@code customer_id} (the sample id, e.g. "0001"),
 * {@code event_date}, {@code amount} (decimal(12,2)). The file is fixed-width, whitespace-separated,
 * CRLF, no header: {@code master_id sample_id YYYYMMDD number_of_cds dollar_value}.
 */
final class CdnowSample {

  static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
  static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);
  static final String RELATIVE_PATH = "../shared/datasets/cdnow/CDNOW_sample.txt";

  private CdnowSample() {}

  static Dataset<Row> transactions(SparkSession spark) {
    Column line = regexp_replace(col("value"), "^\\s+|\\s+$", "");
    Column fields = split(line, "\\s+");
    return spark.read().text(file().toString())
        .filter(line.notEqual(""))
        .select(
            fields.getItem(1).as(RepeatPurchaseSummary.CUSTOMER_ID),
            to_date(fields.getItem(2), "yyyyMMdd").as(RepeatPurchaseSummary.EVENT_DATE),
            fields.getItem(4).cast(DataTypes.createDecimalType(12, 2)).as(RepeatPurchaseSummary.AMOUNT));
  }

  /** The calibration summary as in the paper: weeks, as of 1997-09-30, zero-value orders count. */
  static RepeatPurchaseSummary calibrationSummary() {
    return RepeatPurchaseSummary.asOf(CALIBRATION_END)
        .timeUnit(ModelTimeUnit.WEEKS)
        .purchaseDayRule(PurchaseDayRule.NON_NEGATIVE_NET_AMOUNT);
  }

  static Path file() {
    String root = System.getProperty("project.root");
    if (root != null && Files.isRegularFile(Path.of(root).resolve(RELATIVE_PATH))) {
      return Path.of(root).resolve(RELATIVE_PATH).normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE_PATH);
      if (Files.isRegularFile(candidate)) {
        return candidate.normalize();
      }
    }
    throw new IllegalStateException("cannot find " + RELATIVE_PATH + " from project.root=" + root
        + " or any parent of " + Path.of("").toAbsolutePath());
  }
}
