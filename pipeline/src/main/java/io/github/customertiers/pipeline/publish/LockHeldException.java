package io.github.customertiers.pipeline.publish;

/** Another run holds the lock; the message names the holder and since when. */
public final class LockHeldException extends RuntimeException {
  public LockHeldException(String message) {
    super(message);
  }
}
