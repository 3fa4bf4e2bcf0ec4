package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.errors.TiersException;

/** A recompute produced no customers; publishing it would look like "everyone is gone". */
public final class EmptyResultException extends TiersException {
  public EmptyResultException(String message) {
    super(Kind.EMPTY_RESULT, message);
  }
}
