package io.github.customertiers.pipeline.generate;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The hand-made lines of {@code transactions/bad-rows.csv}, cycling through {@link BadRowKind}. */
final class BadRows {

  private static final Logger LOG = LogManager.getLogger(BadRows.class);
  private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");
  private static final String TIME = "T12:00:00";
  private static final String AMOUNT = "19.99";
  private static final String TAIL = SyntheticExports.CURRENCY + ",1,web";

  private BadRows() {}

  /**
   * {@code options.badRows()} lines; duplicates copy {@code duplicateSources} in turn. When there is
   * no real row to copy (no early customer ever bought), a duplicate's place gets a row with a
   * missing customer instead.
   */
  static List<String> lines(GeneratorOptions options, List<String> duplicateSources) {
    List<String> lines = new ArrayList<>(options.badRows());
    int kinds = BadRowKind.values().length;
    for (int i = 0; i < options.badRows(); i++) {
      BadRowKind kind = BadRowKind.ofRow(i);
      int n = i / kinds + 1;
      String customer = SyntheticExports.customerId((n - 1) % options.customers());
      LocalDate day = options.asOf().minusDays((n - 1) % Math.min(options.days(), 28));
      String line = switch (kind) {
        case MISSING_CUSTOMER -> String.join(",", kind.transactionId(n), "", day + TIME, AMOUNT, TAIL);
        case NON_NUMERIC_AMOUNT -> String.join(",", kind.transactionId(n), customer, day + TIME, "\"12,5x\"", TAIL);
        case UNDECLARED_DATE_FORMAT -> String.join(",", kind.transactionId(n), customer, day.format(US_DATE), AMOUNT, TAIL);
        case WRONG_FIELD_COUNT -> String.join(",", kind.transactionId(n), customer, day + TIME, AMOUNT, SyntheticExports.CURRENCY);
        case FUTURE_TIMESTAMP -> String.join(",", kind.transactionId(n), customer,
            futureDay(options.asOf(), LocalDate.now()).plusDays(n - 1) + TIME, AMOUNT, TAIL);
        case DUPLICATE -> duplicateSources.isEmpty()
            ? String.join(",", BadRowKind.MISSING_CUSTOMER.transactionId(n) + "-INSTEAD-OF-DUPLICATE", "",
                day + TIME, AMOUNT, TAIL)
            : duplicateSources.get((n - 1) % duplicateSources.size());
      };
      lines.add(line);
    }
    if (duplicateSources.isEmpty() && options.badRows() > BadRowKind.DUPLICATE.ordinal()) {
      LOG.warn("No real transaction to duplicate among the first customers; wrote missing-customer rows instead");
    }
    return lines;
  }

  /**
   * The day of the future-dated rows: ten years after as-of, so the file does not depend on the
   * real date, unless that is not after today's real date.
   */
  static LocalDate futureDay(LocalDate asOf, LocalDate today) {
    LocalDate tenYearsLater = asOf.plusYears(10);
    return tenYearsLater.isAfter(today) ? tenYearsLater : today.plusYears(1);
  }
}
