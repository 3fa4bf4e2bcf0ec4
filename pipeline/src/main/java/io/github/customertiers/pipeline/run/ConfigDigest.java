package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.config.TiersConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The manifest's {@code config_digest}: runs of the same setup share it, whatever their as-of dates. */
final class ConfigDigest {
  /**
   * Until 0.x the as-of date was a configuration field, blanked to 1970-01-01 before hashing; the
   * same text is hashed now, so the digest of a config file did not change when the date moved
   * out of the configuration.
   */
  private static final String RECORD_PREFIX = "TiersConfig[";
  private static final String FORMER_AS_OF = "asOf=1970-01-01, ";

  private ConfigDigest() {}

  /** SHA-256 (hex) of the configuration's text. */
  static String of(TiersConfig config) {
    String text = config.toString();
    if (text.startsWith(RECORD_PREFIX)) {
      text = RECORD_PREFIX + FORMER_AS_OF + text.substring(RECORD_PREFIX.length());
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
