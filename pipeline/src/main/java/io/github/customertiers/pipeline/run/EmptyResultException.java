package io.github.customertiers.pipeline.run;

/** A recompute produced no customers; publishing it would look like "everyone is gone". */
public final class EmptyResultException extends RuntimeException {
  public EmptyResultException(String message) {
    super(message);
  }
}
