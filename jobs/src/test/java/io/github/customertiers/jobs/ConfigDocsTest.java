package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every config key is documented (docs/CONFIG.md, or docs/INPUTS.md for feed mappings). */
class ConfigDocsTest {
  @Test
  void everyConfigKeyIsDocumented() throws Exception {
    Path docs = ProjectPaths.root().resolve("docs");
    String text = Files.readString(docs.resolve("CONFIG.md"))
        + (Files.exists(docs.resolve("INPUTS.md")) ? Files.readString(docs.resolve("INPUTS.md")) : "");
    for (ConfigKey key : ConfigKey.values()) {
      assertThat(text).as("docs mention config key %s", key.path()).contains("`" + key.path() + "`");
    }
  }
}
