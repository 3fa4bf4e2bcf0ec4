package io.github.customertiers.pipeline.publish;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.api.java.UDF1;

/**
 * A consumer's pseudonym of a customer id: HMAC-SHA256 under the consumer's secret, as 64 lower-case
 * hex digits, of the id normalised as documented (docs/DELIVERABLES.md): leading and trailing white
 * space removed, Unicode NFC, UTF-8 bytes; case is kept. The same id and secret always give the same
 * value; without the secret the value cannot be linked to the id or to another consumer's value.
 */
public final class Pseudonym implements UDF1<String, String> {
  private static final String ALGORITHM = "HmacSHA256";
  private final byte[] secret;

  public Pseudonym(byte[] secret) {
    this.secret = secret.clone();
  }

  /** The normalised id that is hashed. */
  public static String normalised(String customerId) {
    return Normalizer.normalize(customerId.strip(), Normalizer.Form.NFC);
  }

  @Override
  public String call(String customerId) throws GeneralSecurityException {
    if (customerId == null) {
      return null;
    }
    Mac mac = Mac.getInstance(ALGORITHM);
    mac.init(new SecretKeySpec(secret, ALGORITHM));
    return HexFormat.of().formatHex(mac.doFinal(normalised(customerId).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return "Pseudonym[HMAC-SHA256]";
  }
}
