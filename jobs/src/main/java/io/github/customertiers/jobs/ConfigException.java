package io.github.customertiers.jobs;

/** The configuration file or an option value is wrong; the message names the key and the value. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
