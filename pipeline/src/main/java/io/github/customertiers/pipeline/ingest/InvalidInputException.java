package io.github.customertiers.pipeline.ingest;

import io.github.customertiers.pipeline.errors.TiersException;

/** An input file cannot be used as delivered (layout, encoding, volume or quality). Not retryable. */
public final class InvalidInputException extends TiersException {
  public InvalidInputException(String message) {
    super(Kind.INVALID_INPUT, message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(Kind.INVALID_INPUT, message, cause);
  }
}
