package io.github.customertiers.pipeline.config;

/** Rejects path values that could escape where they are meant to point, before any I/O. */
public final class PathNames {
  private PathNames() {}

  /** Paths may be absolute or relative, but never contain NUL or control characters. */
  public static void requireSafe(String key, String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException(key + ": empty path");
    }
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) < 0x20) {
        throw new IllegalArgumentException(key + ": path contains a control character (code " + (int) path.charAt(i) + ")");
      }
    }
  }

  /** A single name used inside the warehouse (tier, feed): letters, digits, '_' and '-' only. */
  public static String requireSimpleName(String what, String name) {
    if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(what + " must be 1-64 letters, digits, '_' or '-'; got an invalid value");
    }
    return name;
  }
}
