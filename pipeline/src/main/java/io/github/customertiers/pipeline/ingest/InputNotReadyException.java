package io.github.customertiers.pipeline.ingest;

import io.github.customertiers.pipeline.errors.TiersException;

/** An input path does not exist (yet). Retryable: the exporting system may not have delivered. */
public final class InputNotReadyException extends TiersException {
  public InputNotReadyException(String message) {
    super(Kind.INPUT_NOT_READY, message);
  }
}
