package io.github.customertiers.pipeline.generate;

/**
 * The hand-made bad rows of {@code transactions/bad-rows.csv}, written in this order and cycling.
 * Each kind but {@link #DUPLICATE} is recognisable by its transaction id, e.g.
 * {@code BAD-MISSING-CUSTOMER-1}; a duplicate is an exact copy of a real row, id included.
 */
public enum BadRowKind {
  /** Empty {@code customer_id}; to be quarantined. */
  MISSING_CUSTOMER("BAD-MISSING-CUSTOMER"),
  /** {@code amount} is {@code 12,5x} (quoted); to be quarantined. */
  NON_NUMERIC_AMOUNT("BAD-AMOUNT"),
  /** {@code ts} is {@code 03/04/2025}, an undeclared date format; to be quarantined. */
  UNDECLARED_DATE_FORMAT("BAD-DATE-FORMAT"),
  /** Five fields instead of seven; to be quarantined. */
  WRONG_FIELD_COUNT("BAD-FIELD-COUNT"),
  /** An exact copy of a real row; to be de-duplicated, not quarantined. */
  DUPLICATE(null),
  /** {@code ts} after today's real date (and after as-of); to be quarantined. */
  FUTURE_TIMESTAMP("BAD-FUTURE-TS");

  private final String idPrefix;

  BadRowKind(String idPrefix) {
    this.idPrefix = idPrefix;
  }

  /** The transaction id of the {@code n}-th (1-based) row of this kind; not for duplicates. */
  public String transactionId(int n) {
    if (idPrefix == null) {
      throw new IllegalStateException("a duplicate keeps the id of the row it copies");
    }
    return idPrefix + "-" + n;
  }

  /** The kind of the {@code index}-th (0-based) row of {@code bad-rows.csv}. */
  public static BadRowKind ofRow(int index) {
    return values()[index % values().length];
  }
}
