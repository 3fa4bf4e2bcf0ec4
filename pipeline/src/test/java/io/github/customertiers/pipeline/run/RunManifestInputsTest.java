package io.github.customertiers.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.customertiers.pipeline.ingest.FeedIngestResult;
import io.github.customertiers.pipeline.ingest.FileAccounting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest's input accounting: filtered rows per filter rule, per file and per feed (issue 14, defect 11). */
class RunManifestInputsTest {
  @Test
  void filteredRowsAreListedPerRuleForEachFileAndSummedForTheFeed() throws Exception {
    FileAccounting a = new FileAccounting("a.csv", "d1", FileAccounting.Status.INGESTED, 10, 4, 1,
        Map.of("guest_checkout", 3L, "fees", 1L), Map.of("BAD_AMOUNT", 1L), List.of());
    FileAccounting b = new FileAccounting("b.csv", "d2", FileAccounting.Status.INGESTED, 5, 3, 0,
        Map.of("fees", 2L), Map.of(), List.of());
    FeedIngestResult feed = new FeedIngestResult("transactions", "b1", List.of(a, b), 0, List.of());

    JsonNode json = RunManifest.mapper().readTree(RunManifest.write(ManifestDocument.Input.of(feed)));

    assertThat(json.path("filtered").asLong()).as("filtered in all").isEqualTo(6);
    assertThat(json.path("filtered_by_rule").path("guest_checkout").asLong()).as("feed: guests").isEqualTo(3);
    assertThat(json.path("filtered_by_rule").path("fees").asLong()).as("feed: fees of both files").isEqualTo(3);
    JsonNode first = json.path("files").get(0);
    assertThat(first.path("filtered").asLong()).isEqualTo(4);
    assertThat(first.path("filtered_by_rule").path("fees").asLong()).as("a.csv: fees").isEqualTo(1);
    assertThat(json.path("files").get(1).path("filtered_by_rule").has("guest_checkout")).as("b.csv has no guests").isFalse();
    assertThat(a.balances() && b.balances()).as("read = loaded + quarantined + duplicates + filtered").isTrue();
  }
}
