package io.github.customertiers.pipeline.stability;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.github.customertiers.pipeline.config.QualityOptions;
import io.github.customertiers.pipeline.ingest.InputNotReadyException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Refuses a run as of a date more than {@code quality.max_staleness_days} after the newest
 * ingested event of a feed (exit 3, input not ready): tiers computed past the end of the data
 * would lapse every customer whose next order simply has not been delivered yet.
 */
public final class FreshnessCheck {
  private FreshnessCheck() {}

  /** The newest {@code event_date} of the stored rows of a feed; null when it has none. */
  public static LocalDate newestEvent(Dataset<Row> storedRows) {
    Row r = storedRows.agg(max(col("event_date"))).first();
    return r.isNullAt(0) ? null : ((java.sql.Date) r.get(0)).toLocalDate();
  }

  /** Throws {@link InputNotReadyException} when the feed is too old for the date and staleness is not allowed. */
  public static void check(String feed, LocalDate newestEvent, LocalDate asOf, QualityOptions quality) {
    if (newestEvent == null || quality.allowStale()) {
      return;
    }
    long days = ChronoUnit.DAYS.between(newestEvent, asOf);
    if (days > quality.maxStalenessDays()) {
      throw new InputNotReadyException("the " + feed + " feed's newest ingested event is on " + newestEvent + ", " + days
          + " days before the as-of date " + asOf + " (quality.max_staleness_days " + quality.maxStalenessDays()
          + "): its exports may not be delivered yet; retry when they are, or run with --allow-stale to tier as of "
          + asOf + " anyway");
    }
  }
}
