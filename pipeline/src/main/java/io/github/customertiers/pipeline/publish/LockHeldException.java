package io.github.customertiers.pipeline.publish;

import io.github.customertiers.pipeline.errors.TiersException;

/** Another run holds the lock; the message names the holder and since when. */
public final class LockHeldException extends TiersException {
  public LockHeldException(String message) {
    super(Kind.LOCK_HELD, message);
  }
}
