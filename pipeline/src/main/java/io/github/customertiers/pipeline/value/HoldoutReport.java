package io.github.customertiers.pipeline.value;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a {@link HoldoutEvaluation}: predicted against actual purchases in the holdout
 * period, by number of calibration repeat purchases (the conditional-expectation check of Fader,
 * Hardie &amp; Lee 2005, figure 4), plus totals and the customer-level correlation.
 *
 * @param calibrationEnd last day of the calibration period
 * @param holdoutEnd last day of the holdout period
 * @param timeUnit unit of {@code holdoutLength} and of the model
 * @param holdoutLength length of (calibrationEnd, holdoutEnd], in {@code timeUnit}
 * @param model the BG/NBD model fitted on the calibration period
 * @param groups "0" ... "6", "7+", in that order, always all eight
 * @param customers cohort size: customers whose first purchase is in the calibration period
 * @param totalPredicted sum of expected holdout purchases over the cohort
 * @param totalActual sum of actual holdout purchase days over the cohort
 * @param correlation Pearson correlation of predicted and actual per customer (NaN if undefined)
 */
public record HoldoutReport(LocalDate calibrationEnd, LocalDate holdoutEnd, ModelTimeUnit timeUnit,
    double holdoutLength, BgNbdModel model, List<HoldoutGroup> groups, long customers, double totalPredicted,
    long totalActual, double correlation) {

  public HoldoutReport {
    Objects.requireNonNull(calibrationEnd, "calibrationEnd");
    Objects.requireNonNull(holdoutEnd, "holdoutEnd");
    Objects.requireNonNull(timeUnit, "timeUnit");
    Objects.requireNonNull(model, "model");
    groups = List.copyOf(groups);
  }

  /** The group with that label ("0" ... "6", "7+"). */
  public Optional<HoldoutGroup> group(String repeatPurchases) {
    return groups.stream().filter(g -> g.repeatPurchases().equals(repeatPurchases)).findFirst();
  }

  /** A fixed-width table for a terminal or a log. */
  public String toText() {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT,
        "BG/NBD holdout evaluation: calibration to %s, holdout (%s, %s] = %.2f %s%n", calibrationEnd, calibrationEnd,
        holdoutEnd, holdoutLength, timeUnit.label()));
    text.append("model: ").append(model.describe()).append(System.lineSeparator());
    text.append(String.format(Locale.ROOT, "%-16s %10s %15s %12s%n", "repeat purchases", "customers",
        "mean predicted", "mean actual"));
    for (HoldoutGroup group : groups) {
      text.append(String.format(Locale.ROOT, "%-16s %10d %15s %12s%n", group.repeatPurchases(), group.customers(),
          formatMean(group.meanPredicted()), formatMean(group.meanActual())));
    }
    text.append(String.format(Locale.ROOT, "%-16s %10d %15s %12s%n", "all", customers,
        formatMean(customers == 0 ? Double.NaN : totalPredicted / customers),
        formatMean(customers == 0 ? Double.NaN : (double) totalActual / customers)));
    text.append(String.format(Locale.ROOT, "total predicted %.1f, total actual %d, correlation %.3f%n",
        totalPredicted, totalActual, correlation));
    return text.toString();
  }

  /**
   * CSV with a header: {@code repeat_purchases,customers,mean_predicted,mean_actual}, one line per
   * group and a last line {@code all}; empty groups have empty means.
   */
  public String toCsv() {
    StringBuilder csv = new StringBuilder("repeat_purchases,customers,mean_predicted,mean_actual\n");
    for (HoldoutGroup group : groups) {
      csv.append(csvLine(group.repeatPurchases(), group.customers(), group.meanPredicted(), group.meanActual()));
    }
    csv.append(csvLine("all", customers, customers == 0 ? Double.NaN : totalPredicted / customers,
        customers == 0 ? Double.NaN : (double) totalActual / customers));
    return csv.toString();
  }

  private static String csvLine(String label, long count, double predicted, double actual) {
    return label + "," + count + "," + csvNumber(predicted) + "," + csvNumber(actual) + "\n";
  }

  private static String csvNumber(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6f", value);
  }

  private static String formatMean(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }
}
