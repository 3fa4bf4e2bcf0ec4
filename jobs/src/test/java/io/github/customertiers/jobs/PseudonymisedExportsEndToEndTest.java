package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.publish.Pseudonym;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pseudonymised exports per consumer on a real sample run (RELIABILITY.md cases 27 and 28): ids
 * replaced by HMAC-SHA256 under each consumer's secret, columns selected per consumer, the secret in
 * no file or message, and bad names or secrets refused with exit 2 before anything is written.
 */
class PseudonymisedExportsEndToEndTest {
  static final String AS_OF = "2026-11-15";
  static final String CRM_SECRET = "crm-secret-7f3a9c";
  static final String ESP_SECRET = "esp-secret-b21d44";
  @TempDir static Path warehouse;
  @TempDir static Path scratch;
  static CliRunner run;

  static Path config(String pseudonymise) throws IOException {
    Path sample = ProjectPaths.root().resolve("sample-data");
    String yaml = Files.readString(sample.resolve("tiers.yaml"))
        .replace("transactions: [transactions]", "transactions: [" + sample.resolve("transactions") + "]")
        .replace("interactions: [interactions]", "interactions: [" + sample.resolve("interactions") + "]")
        + "\nexports:\n" + pseudonymise;
    Path config = Files.createTempFile(scratch, "tiers", ".yaml");
    Files.writeString(config, yaml);
    return config;
  }

  @BeforeAll
  static void runWithTwoConsumers() throws IOException {
    Files.writeString(scratch.resolve("crm.key"), CRM_SECRET + "\n");
    Files.writeString(scratch.resolve("esp.key"), ESP_SECRET);
    Path config = config("  pseudonymise:\n    crm: " + scratch.resolve("crm.key") + "\n    esp: " + scratch.resolve("esp.key")
        + "\n  columns:\n    esp: [tier, as_of, recommended_action]\n");
    run = CliRunner.run("run", "--config", config.toString(), "--warehouse", warehouse.toString());
    assertThat(run.exitCode()).as("sample run; stderr: %s", run.err()).isZero();
  }

  static Path consumer(String name) {
    return Published.exports(warehouse, AS_OF).getParent().resolve("consumers").resolve(name);
  }

  static List<String> column(Path csv, int index) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
      out.add(ActionListsEndToEndTest.cells(line).get(index));
    }
    return out;
  }

  @Test
  void case28_everyConsumerGetsTheSameRowsWithIdsHashedUnderItsOwnSecret() throws Exception {
    Pseudonym crm = new Pseudonym(CRM_SECRET.getBytes(StandardCharsets.UTF_8));
    Pseudonym esp = new Pseudonym(ESP_SECRET.getBytes(StandardCharsets.UTF_8));
    for (String file : List.of("vip.csv", "key.csv", "lapsed.csv", "changes.csv", "anniversaries.csv")) {
      Path plain = Published.exports(warehouse, AS_OF).resolve(file);
      List<String> ids = column(plain, 0);
      List<String> expectedCrm = new ArrayList<>();
      List<String> expectedEsp = new ArrayList<>();
      for (String id : ids) {
        expectedCrm.add(crm.call(id));
        expectedEsp.add(esp.call(id));
      }
      assertThat(column(consumer("crm").resolve(file), 0)).as("crm %s", file).isEqualTo(expectedCrm);
      assertThat(column(consumer("esp").resolve(file), 0)).as("esp %s", file).isEqualTo(expectedEsp);
      assertThat(Files.readAllLines(consumer("crm").resolve(file)).get(0)).as("crm gets every column")
          .isEqualTo(Files.readAllLines(plain).get(0));
      List<String> plainLines = Files.readAllLines(plain);
      List<String> crmLines = Files.readAllLines(consumer("crm").resolve(file));
      for (int i = 1; i < plainLines.size(); i++) {
        assertThat(crmLines.get(i).substring(crmLines.get(i).indexOf(',')))
            .as("crm %s row %d: the same cells but the id", file, i).isEqualTo(plainLines.get(i).substring(plainLines.get(i).indexOf(',')));
      }
    }
    assertThat(Files.readAllLines(consumer("esp").resolve("vip.csv")).get(0)).as("esp's columns, in the files' order")
        .isEqualTo("customer_id,as_of,tier,recommended_action");
    assertThat(Files.readAllLines(consumer("esp").resolve("changes.csv")).get(0)).isEqualTo("customer_id,as_of,tier");
    assertThat(consumer("crm").resolve("exports_manifest.json")).exists();
  }

  @Test
  void case28_theSecretIsInNoFileOfTheWarehouseAndInNoMessage() throws IOException {
    assertThat(run.out() + run.err()).doesNotContain(CRM_SECRET).doesNotContain(ESP_SECRET);
    try (Stream<Path> files = Files.walk(warehouse)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(text).as("%s", f).doesNotContain(CRM_SECRET).doesNotContain(ESP_SECRET);
      }
    }
  }

  @Test
  void case28_aMissingOrEmptySecretFailsWithExitTwoBeforeAnythingIsWritten() throws IOException {
    Files.writeString(scratch.resolve("empty.key"), "\n");
    for (String source : List.of(scratch.resolve("no-such.key").toString(), scratch.resolve("empty.key").toString(),
        "env:TIERS_TEST_UNSET_SECRET_VARIABLE")) {
      Path fresh = scratch.resolve("w-" + Math.abs(source.hashCode()));
      CliRunner failed = CliRunner.run("run", "--config", config("  pseudonymise:\n    crm: " + source + "\n").toString(),
          "--warehouse", fresh.toString());
      assertThat(failed.exitCode()).as("secret from %s; stderr %s", source, failed.err()).isEqualTo(ExitCode.USAGE);
      assertThat(failed.err()).contains("exports.pseudonymise.crm");
      assertThat(fresh).as("nothing written").doesNotExist();
    }
  }

  @Test
  void case27_aConsumerNameThatIsAPathIsRefusedBeforeAnyIo() throws IOException {
    for (String name : List.of("\"../escape\"", "\"a/b\"", "\"..\"", "\"x\\0y\"")) {
      Path fresh = scratch.resolve("w-name-" + Math.abs(name.hashCode()));
      CliRunner failed = CliRunner.run("run", "--config",
          config("  pseudonymise:\n    " + name + ": " + scratch.resolve("crm.key") + "\n").toString(), "--warehouse", fresh.toString());
      assertThat(failed.exitCode()).as("consumer %s; stderr %s", name, failed.err()).isEqualTo(ExitCode.USAGE);
      assertThat(failed.err()).contains("is not allowed");
      assertThat(fresh).as("nothing written").doesNotExist();
      assertThat(scratch.resolve("escape")).doesNotExist();
    }
  }
}
