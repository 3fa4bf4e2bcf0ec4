package io.github.customertiers.pipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customertiers.pipeline.config.ExportConsumer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** Keyed pseudonyms (RELIABILITY.md case 28) and consumer names that stay folder names (case 27). */
class PseudonymTest {
  static Pseudonym under(String secret) {
    return new Pseudonym(secret.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void case28_isHmacSha256HexAsInRfc4231() throws Exception {
    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
    assertThat(under("Jefe").call("what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void case28_theSameIdAndSecretGiveTheSameValueAndOtherSecretsUnlinkableOnes() throws Exception {
    assertThat(under("crm-secret").call("C0000001")).isEqualTo(under("crm-secret").call("C0000001")).hasSize(64);
    assertThat(under("crm-secret").call("C0000001")).isNotEqualTo(under("esp-secret").call("C0000001"))
        .isNotEqualTo(under("crm-secret").call("C0000002"));
    assertThat(under("crm-secret").call(null)).isNull();
  }

  @Test
  void case28_theIdIsStrippedAndNfcNormalisedButKeepsItsCase() throws Exception {
    Pseudonym p = under("k");
    assertThat(p.call("  C1\t")).isEqualTo(p.call("C1"));
    assertThat(p.call("Jose\u0301")).isEqualTo(p.call("Jos\u00e9"));
    assertThat(p.call("c1")).isNotEqualTo(p.call("C1"));
    assertThat(p.toString()).doesNotContain("k]");
  }

  @Test
  void case27_consumerNamesWithPathPartsOrControlCharactersAreRejectedBeforeAnyIo() {
    for (String bad : List.of("../evil", "..", "a/b", "/abs", "a\\b", "a\u0000b", "", ".hidden", "-x", "a..b", "x".repeat(65))) {
      assertThatThrownBy(() -> ExportConsumer.requireSafeName(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not allowed").hasMessageNotContaining("\u0000");
      assertThatThrownBy(() -> ConsumerExports.folder(new Path("/w/v"), bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(ConsumerExports.folder(new Path("/w/v"), "braze-eu.1")).isEqualTo(new Path("/w/v/consumers/braze-eu.1"));
  }

  @Test
  void case28_theSecretNeverShowsInTheConsumersText() {
    ExportConsumer c = new ExportConsumer("crm", "/keys/crm.key", List.of(), new ExportConsumer.Secret("s3cr3t-value".getBytes(StandardCharsets.UTF_8)));
    assertThat(c.toString()).doesNotContain("s3cr3t-value").contains("<secret>");
    assertThatThrownBy(() -> new ExportConsumer.Secret(new byte[0])).hasMessage("empty secret");
  }
}
