package io.github.customertiers.pipeline.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The part of a published date's {@code _manifest.json} that listings show, read back as a
 * record (the manifest's other keys are ignored here). The value model entry is read as the
 * record the run wrote ({@link ValueModelSummary}); null in a manifest without one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManifestSummary(
    @JsonProperty("run_id") String runId,
    @JsonProperty("previous_as_of") String previousAsOf,
    @JsonProperty("tiers") List<TierCount> tiers,
    @JsonProperty("tier_stability") Stability tierStability,
    @JsonProperty("value_model") ValueModelSummary valueModel) {

  public ManifestSummary {
    tiers = tiers == null ? List.of() : List.copyOf(tiers);
  }

  /** Customers of one tier. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TierCount(@JsonProperty("tier") String tier, @JsonProperty("customers") long customers) {}

  /** Tier changes against the previous published date (null for the first date or a manifest before 0.2.0). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Stability(@JsonProperty("changed_share") double changedShare,
      @JsonProperty("unexplained_share") double unexplainedShare) {}

  /** Customers of every tier. */
  public long customers() {
    return tiers.stream().mapToLong(TierCount::customers).sum();
  }

  /** Customers of {@code tier} (its label, e.g. "vip"). */
  public long customers(String tier) {
    return tiers.stream().filter(t -> t.tier().equals(tier)).mapToLong(TierCount::customers).sum();
  }
}
