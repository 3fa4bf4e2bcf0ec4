package io.github.customertiers.pipeline.ingest;

/** Why a row was not loaded. Codes are stable: they appear in quarantine files and manifests. */
public enum QuarantineReason {
  MALFORMED_ROW("the row has a different number of fields than the header or the configured layout, "
      + "or is not a JSON object, or a fixed-width line of the wrong length"),
  REPEATED_HEADER("the row repeats the header line"),
  BAD_ENCODING("the row holds bytes that are not valid UTF-8"),
  MISSING_CUSTOMER_ID("customer_id is empty"),
  MISSING_TRANSACTION_ID("transaction_id is empty"),
  MISSING_EVENT_TYPE("event_type is empty"),
  BAD_TIMESTAMP("ts is not an ISO-8601 date or date-time (YYYY-MM-DD[THH:MM[:SS[.fff]]][offset]), "
      + "or does not match the feed's timestamp_format"),
  FUTURE_TIMESTAMP("ts is later than the moment of ingestion"),
  BAD_AMOUNT("amount is not a plain decimal number (e.g. 12.50 or -3)"),
  AMOUNT_OUT_OF_RANGE("the absolute amount exceeds quality.max_amount"),
  BAD_QUANTITY("quantity is not a whole number");

  private final String description;

  QuarantineReason(String description) {
    this.description = description;
  }

  public String description() { return description; }
}
