package io.github.customertiers.pipeline.config;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One consumer of pseudonymised exports ({@code exports.pseudonymise}): its name (which becomes a
 * folder name, so it is checked before any I/O: RELIABILITY.md case 27), where its secret comes from
 * ({@code env:VARIABLE} or a key file), the columns it gets (empty: all), and the secret once loaded.
 * The secret never appears in {@link #toString()} (the configuration's text is hashed and may be logged).
 */
public record ExportConsumer(String name, String keySource, List<String> columns, Secret secret) {
  /** Letters, digits, '_', '-' and '.', starting with a letter or digit, at most 64 characters. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** A secret key whose text is never shown. */
  public static final class Secret {
    private final byte[] key;

    public Secret(byte[] key) {
      if (key == null || key.length == 0) {
        throw new IllegalArgumentException("empty secret");
      }
      this.key = key.clone();
    }

    public byte[] bytes() {
      return key.clone();
    }

    @Override
    public String toString() {
      return "<secret>";
    }
  }

  public ExportConsumer {
    requireSafeName(name);
    if (keySource == null || keySource.isBlank()) {
      throw new IllegalArgumentException("exports.pseudonymise." + name + ": give a key file or env:VARIABLE");
    }
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
  }

  /** Rejects a consumer name that is not a plain folder name (no '/', '\\', '..', NUL, control characters). */
  public static void requireSafeName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      String shown = name == null ? "null" : name.replaceAll("\\p{Cntrl}", "?");
      throw new IllegalArgumentException("exports.pseudonymise: consumer name '" + shown + "' is not allowed: use letters, digits, "
          + "'_', '-' and '.' (no '/', '\\\\', '..' or control characters), at most 64, starting with a letter or digit");
    }
  }

  /** The environment variable holding the secret, when the source is {@code env:VARIABLE}. */
  public String environmentVariable() {
    return keySource.startsWith("env:") ? keySource.substring(4) : null;
  }

  public ExportConsumer withSecret(Secret loaded) {
    return new ExportConsumer(name, keySource, columns, loaded);
  }
}
