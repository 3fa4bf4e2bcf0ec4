package io.github.customertiers.pipeline.errors;

/**
 * A failure the caller can act on, as opposed to a bug: every such exception of the library
 * extends this class and says which {@link Kind} it is, so a caller (the CLI's exit codes, a
 * scheduler's retry policy) needs to know this one type only. Anything else a library call throws
 * is an internal error.
 */
public abstract class TiersException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, from the caller's side. */
  public enum Kind {
    /** The configuration file, an option or a configured value is wrong; the message names the key. */
    BAD_CONFIG,
    /** An input is missing or too old: it may not be delivered yet; retry later. */
    INPUT_NOT_READY,
    /** An input cannot be used as delivered; fix it, then rerun. */
    INVALID_INPUT,
    /** Another run holds the lock. */
    LOCK_HELD,
    /** A run produced no customers and refused to publish them. */
    EMPTY_RESULT,
    /** A run refused to publish tier changes not explained by the customers' own scores. */
    TIER_CHANGES_REFUSED
  }

  private final Kind kind;

  protected TiersException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  protected TiersException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public final Kind kind() {
    return kind;
  }

  /** A {@link Kind#BAD_CONFIG} failure ({@link ConfigException}); the message names the key or option and the value. */
  public static TiersException badConfig(String message) {
    return new ConfigException(message);
  }

  /** A {@link Kind#BAD_CONFIG} failure ({@link ConfigException}) caused by {@code cause}. */
  public static TiersException badConfig(String message, Throwable cause) {
    return new ConfigException(message, cause);
  }
}
