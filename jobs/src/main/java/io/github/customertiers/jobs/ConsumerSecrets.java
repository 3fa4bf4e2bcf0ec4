package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.config.ExportConsumer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the secret of every pseudonymised consumer before a run starts (so that a missing or empty
 * secret fails with exit 2 before anything is written): from the environment variable of an
 * {@code env:VARIABLE} source, else from the key file. Trailing line breaks and blanks are removed;
 * the remaining UTF-8 bytes are the HMAC key. Errors name the consumer and the source, never the secret.
 */
final class ConsumerSecrets {
  private ConsumerSecrets() {}

  static List<ExportConsumer> load(List<ExportConsumer> consumers, Map<String, String> environment) {
    List<ExportConsumer> out = new ArrayList<>();
    for (ExportConsumer c : consumers) {
      String text;
      String where;
      if (c.environmentVariable() != null) {
        where = "environment variable " + c.environmentVariable();
        text = environment.get(c.environmentVariable());
        if (text == null) {
          throw new ConfigException("exports.pseudonymise." + c.name() + ": " + where + " is not set");
        }
      } else {
        where = "key file " + c.keySource();
        try {
          text = Files.readString(Path.of(c.keySource()), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
          throw new ConfigException("exports.pseudonymise." + c.name() + ": cannot read " + where + " ("
              + e.getClass().getSimpleName() + ")");
        }
      }
      String key = text.stripTrailing();
      if (key.isEmpty()) {
        throw new ConfigException("exports.pseudonymise." + c.name() + ": " + where + " is empty");
      }
      out.add(c.withSecret(new ExportConsumer.Secret(key.getBytes(StandardCharsets.UTF_8))));
    }
    return out;
  }
}
