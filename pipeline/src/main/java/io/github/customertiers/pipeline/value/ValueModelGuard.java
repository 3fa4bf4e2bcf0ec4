package io.github.customertiers.pipeline.value;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The minimum-data check before fitting: enough history and enough repeat buyers
 * ({@link ValueModelThresholds}). Failing is a value (a {@link GuardDecision} with a reason), not an
 * exception, so a nightly run can record it and carry on.
 */
public final class ValueModelGuard {

  private final ValueModelThresholds thresholds;

  public ValueModelGuard(ValueModelThresholds thresholds) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
  }

  public ValueModelThresholds thresholds() {
    return thresholds;
  }

  /**
   * Checks a {@link RepeatPurchaseSummary} output with one aggregation (customers, repeat buyers,
   * largest T).
   *
   * @param summaryUnit the time unit of the summary's {@code T}
   */
  public GuardDecision check(Dataset<Row> customerSummary, ModelTimeUnit summaryUnit) {
    Row totals = customerSummary.agg(
        count(col(RepeatPurchaseSummary.REPEAT_PURCHASES)),
        count(when(col(RepeatPurchaseSummary.REPEAT_PURCHASES).gt(0), 1)),
        max(col(RepeatPurchaseSummary.AGE))).first();
    long customers = totals.getLong(0);
    long repeatBuyers = totals.getLong(1);
    double historyDays = totals.isNullAt(2) ? 0.0 : Math.round(summaryUnit.toDays(totals.getDouble(2)));
    return decide(customers, repeatBuyers, historyDays);
  }

  /** The decision for given counts; pure. */
  public GuardDecision decide(long customers, long repeatBuyers, double historyDays) {
    List<String> problems = new ArrayList<>();
    ModelTimeUnit unit = thresholds.historyUnit();
    if (customers == 0) {
      problems.add("no customer has a purchase day up to the as-of date");
    } else {
      if (historyDays < thresholds.minimumHistoryDays()) {
        problems.add(String.format(Locale.ROOT,
            "history from the earliest purchase to the as-of date is %.1f %s, below the minimum of %.1f %s",
            unit.fromDays(historyDays), unit.label(), thresholds.minimumHistory(), unit.label()));
      }
      if (repeatBuyers < thresholds.minimumRepeatBuyers()) {
        problems.add(String.format(Locale.ROOT, "%d customer(s) made a repeat purchase, below the minimum of %d",
            repeatBuyers, thresholds.minimumRepeatBuyers()));
      }
    }
    if (problems.isEmpty()) {
      String summary = String.format(Locale.ROOT, "ok: %d customers, %d repeat buyers, %.1f %s of history",
          customers, repeatBuyers, unit.fromDays(historyDays), unit.label());
      return new GuardDecision(true, summary, customers, repeatBuyers, historyDays);
    }
    return new GuardDecision(false, String.join("; ", problems), customers, repeatBuyers, historyDays);
  }
}
