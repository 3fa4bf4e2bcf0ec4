package io.github.customertiers.pipeline.configfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customertiers.pipeline.config.ConfigKey;
import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.errors.ConfigException;
import io.github.customertiers.pipeline.errors.TiersException;
import io.github.customertiers.pipeline.ingest.InputNotReadyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's entry to the configuration: file, environment and command-line values into one TiersConfig. */
class ConfigLoaderTest {
  @TempDir Path dir;

  private Path config(String yaml) throws Exception {
    Path file = dir.resolve("tiers.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static ConfigLoader.Overrides cli(boolean acceptTierChanges, boolean allowStale, boolean refit) {
    return new ConfigLoader.Overrides(null, null, List.of(), List.of(), null, null, acceptTierChanges, allowStale, refit);
  }

  @Test
  void theWindowsAloneNeedNoInputsAndAreTheOnesARunResolves() throws Exception {
    ConfigLoader withoutFile = new ConfigLoader(Map.of());
    assertThat(withoutFile.windows().scoringDays()).as("windows.scoring_days without a config file")
        .isEqualTo(Integer.parseInt(ConfigKey.SCORING_WINDOW_DAYS.defaultValue().orElseThrow()));
    ConfigLoader loader = new ConfigLoader(Map.of()).load(config("inputs:\n  transactions: tx\nwindows:\n  scoring_days: 730\n"));
    assertThat(loader.windows()).as("windows of the file").isEqualTo(loader.resolve(cli(false, false, false)).windows());
    assertThat(loader.windows().scoringMonths()).isEqualTo(24);
    ConfigLoader bad = new ConfigLoader(Map.of()).load(config("windows:\n  new_customer_days: 400\n"));
    assertThatThrownBy(bad::windows).isInstanceOf(ConfigException.class).hasMessageContaining("windows.new_customer_days");
  }

  @Test
  void theRunFlagsOfTheCommandLineOverrideTheFileForThisRunOnly() throws Exception {
    ConfigLoader loader = new ConfigLoader(Map.of()).load(config("warehouse: wh\ninputs:\n  transactions: tx\n"));
    TiersConfig plain = loader.resolveForRun(cli(false, false, false));
    assertThat(plain.clustering().refit()).isFalse();
    assertThat(plain.quality().acceptTierChanges()).isFalse();
    assertThat(plain.quality().allowStale()).isFalse();
    TiersConfig flagged = loader.resolveForRun(cli(true, true, true));
    assertThat(flagged.clustering().refit()).as("--refit").isTrue();
    assertThat(flagged.quality().acceptTierChanges()).as("--accept-tier-changes").isTrue();
    assertThat(flagged.quality().allowStale()).as("--allow-stale").isTrue();
    assertThat(flagged.warehouse()).as("relative to the config file's folder").isEqualTo(dir.resolve("wh").toString());
    TiersConfig resolvedOnly = loader.resolve(cli(true, true, true));
    assertThat(resolvedOnly.clustering().refit() || resolvedOnly.quality().acceptTierChanges() || resolvedOnly.quality().allowStale())
        .as("resolve alone applies no run flag").isFalse();
  }

  @Test
  void configurationErrorsAreConfigExceptionsNamingTheKey() throws Exception {
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(config("warehous: wh\n")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'warehous'").hasMessageContaining("warehouse");
    ConfigLoader badNumber = new ConfigLoader(Map.of()).load(config("warehouse: wh\nclustering:\n  k_min: two\n"));
    assertThatThrownBy(() -> badNumber.resolve(cli(false, false, false)))
        .isInstanceOfSatisfying(TiersException.class, e -> assertThat(e.kind()).isEqualTo(TiersException.Kind.BAD_CONFIG))
        .hasMessageContaining("clustering.k_min");
  }

  @Test
  void aConsumerWhoseSecretIsMissingFailsBeforeAnythingRuns() throws Exception {
    ConfigLoader loader = new ConfigLoader(Map.of())
        .load(config("warehouse: wh\ninputs:\n  transactions: tx\nexports:\n  pseudonymise:\n    crm: env:CRM_KEY\n"));
    assertThat(loader.resolve(cli(false, false, false)).exportConsumers()).hasSize(1);
    assertThatThrownBy(() -> loader.resolveForRun(cli(false, false, false)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("exports.pseudonymise.crm").hasMessageContaining("CRM_KEY");
  }

  @Test
  void aLocalInputThatIsNotThereIsNotReady() throws Exception {
    TiersConfig config = new ConfigLoader(Map.of()).load(config("warehouse: wh\ninputs:\n  transactions: missing-dir\n"))
        .resolve(cli(false, false, false));
    assertThatThrownBy(() -> ConfigLoader.requireInputsDelivered(config))
        .isInstanceOfSatisfying(InputNotReadyException.class, e -> assertThat(e.kind()).isEqualTo(TiersException.Kind.INPUT_NOT_READY))
        .hasMessageContaining("missing-dir");
  }
}
