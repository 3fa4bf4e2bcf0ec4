package io.github.customertiers.pipeline.ingest;

/** An input file cannot be used as delivered (layout, encoding, volume or quality). Not retryable. */
public final class InvalidInputException extends RuntimeException {
  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
