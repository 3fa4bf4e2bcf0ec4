package io.github.customertiers.pipeline.errors;

/** The configuration file or an option value is wrong; the message names the key and the value. */
public final class ConfigException extends TiersException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(Kind.BAD_CONFIG, message);
  }

  public ConfigException(String message, Throwable cause) {
    super(Kind.BAD_CONFIG, message, cause);
  }
}
