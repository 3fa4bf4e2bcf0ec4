package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.config.ClusteringOptions;
import io.github.customertiers.pipeline.config.ConfigKey;
import io.github.customertiers.pipeline.config.FeedSpecs;
import io.github.customertiers.pipeline.config.QualityOptions;
import io.github.customertiers.pipeline.config.TierPolicy;
import io.github.customertiers.pipeline.config.TiersConfig;
import io.github.customertiers.pipeline.config.ValueModelOptions;
import io.github.customertiers.pipeline.config.Windows;
import io.github.customertiers.pipeline.configfile.ConfigLoader;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The defaults are declared once in effect: the documented ones, the keys' and the records' agree. */
class ConfigDefaultsTest {

  @Test
  void aConfigWithNoKeysResolvesToTheRecordsDefaults() {
    TiersConfig config = new ConfigLoader(Map.of())
        .resolve(new ConfigLoader.Overrides(null, "wh", List.of("t"), List.of(), null, null));
    assertThat(config.windows()).as("windows.*").isEqualTo(Windows.defaults());
    assertThat(config.tierPolicy()).as("tiers.*").isEqualTo(TierPolicy.defaults());
    assertThat(config.clustering()).as("clustering.*").isEqualTo(ClusteringOptions.defaults());
    assertThat(config.quality()).as("quality.*").isEqualTo(QualityOptions.defaults());
    assertThat(config.valueModel()).as("value_model.*").isEqualTo(ValueModelOptions.defaults());
    assertThat(config.feeds()).as("feeds.*").isEqualTo(FeedSpecs.canonical());
    assertThat(config.allowEmptyPublish()).as("publish.allow_empty").isFalse();
    assertThat(config.publishDelta()).as("publish.delta").isFalse();
    assertThat(config.businessZone().getId()).as("business_time_zone").isEqualTo("UTC");
  }

  @Test
  void everyDocumentedDefaultIsTheKeysDefault() throws Exception {
    String doc = Files.readString(ProjectPaths.root().resolve("docs/CONFIG.md"));
    Matcher row = Pattern.compile("(?m)^\\| `([a-z_.]+)` \\|[^|]*\\| ([^|]*) \\|").matcher(doc);
    int checked = 0;
    while (row.find()) {
      var key = ConfigKey.byPath(row.group(1));
      if (key.isEmpty()) {
        continue;
      }
      String documented = row.group(2).trim();
      String expected = key.get().defaultValue().orElse("—");
      assertThat(documented).as("documented default of %s", row.group(1)).isEqualTo(expected);
      checked++;
    }
    assertThat(checked).as("keys with a documented default").isGreaterThanOrEqualTo(ConfigKey.values().length / 2);
  }
}
