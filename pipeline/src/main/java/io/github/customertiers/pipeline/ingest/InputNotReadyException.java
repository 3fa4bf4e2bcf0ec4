package io.github.customertiers.pipeline.ingest;

/** An input path does not exist (yet). Retryable: the exporting system may not have delivered. */
public final class InputNotReadyException extends RuntimeException {
  public InputNotReadyException(String message) {
    super(message);
  }
}
