package io.github.customertiers.pipeline.publish;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructType;

/**
 * The published contract: the columns of the segment table and of the per-tier marketing files,
 * in order (docs/ARCHITECTURE.md, README "Outputs"). Readers depend on these names and orders.
 */
public final class SegmentColumns {
  private SegmentColumns() {}

  /** Interaction events in the engagement window ({@code windows.engagement_days}, whatever its length). */
  public static final String INTERACTIONS_RECENT = "interactions_recent";

  /**
   * Deprecated columns still published, each a copy of its replacement, for one release (CHANGELOG
   * "Deprecated"): {@code interactions_90d} was named for the default window and is
   * {@code interactions_recent}. They come last, so no other column moves.
   */
  public static final Map<String, String> DEPRECATED = Map.of("interactions_90d", INTERACTIONS_RECENT);

  /** Columns of the published segment table, in order. */
  public static final List<String> SEGMENT = List.of(
      "customer_id", "as_of", "tier", "recency_days", "frequency", "monetary", "tenure_days", INTERACTIONS_RECENT,
      "r_score", "f_score", "m_score", "value_score", "loyalty_score", "cluster", "reason",
      "previous_tier", "tier_since", "p_alive", "expected_purchases", "expected_value", "clv", "purchases_total",
      "months_active", "first_purchase_date", "last_purchase_date", "last_interaction_date", "interactions_90d");

  /** Columns of the per-tier marketing files ({@code exports/<tier>.csv}), in order. */
  public static final List<String> EXPORT = List.of(
      "customer_id", "as_of", "tier", "previous_tier", "tier_since", "reason", "value_score", "loyalty_score", "r_score", "f_score",
      "m_score", "recency_days", "frequency", "monetary", "tenure_days", INTERACTIONS_RECENT, "p_alive", "expected_purchases",
      "expected_value", "clv", "interactions_90d");

  /** The playbook's columns (docs/TIERS.md, "Playbook"), after {@link #EXPORT} in the tier files and in the action lists. */
  public static final List<String> PLAYBOOK = List.of("movement", "recommended_action", "contact_cadence");

  /** Columns of the per-tier files as written: {@link #EXPORT}, then {@link #PLAYBOOK}. */
  public static final List<String> TIER_FILE = java.util.stream.Stream.concat(EXPORT.stream(), PLAYBOOK.stream()).toList();

  /** The published segment table's columns, in order, from a table that has every non-deprecated one. */
  public static Column[] segmentSelection() {
    return SEGMENT.stream()
        .map(c -> DEPRECATED.containsKey(c) ? col(DEPRECATED.get(c)).as(c) : col(c))
        .toArray(Column[]::new);
  }

  /**
   * The column with the recent interactions in a published segment table: {@link #INTERACTIONS_RECENT},
   * or {@code interactions_90d} in tables published before it existed.
   */
  public static String interactionsIn(StructType segments) {
    return List.of(segments.fieldNames()).contains(INTERACTIONS_RECENT) ? INTERACTIONS_RECENT : "interactions_90d";
  }
}
