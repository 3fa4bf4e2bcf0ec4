package io.github.customertiers.pipeline.publish;

import java.util.List;

/**
 * The published contract: the columns of the segment table and of the per-tier marketing files,
 * in order (docs/ARCHITECTURE.md, README "Outputs"). Readers depend on these names and orders.
 */
public final class SegmentColumns {
  private SegmentColumns() {}

  /** Columns of the published segment table, in order. */
  public static final List<String> SEGMENT = List.of(
      "customer_id", "as_of", "tier", "recency_days", "frequency", "monetary", "tenure_days", "interactions_90d",
      "r_score", "f_score", "m_score", "value_score", "loyalty_score", "cluster", "reason",
      "previous_tier", "tier_since", "p_alive", "expected_purchases", "expected_value", "clv", "purchases_total",
      "months_active", "first_purchase_date", "last_purchase_date", "last_interaction_date");

  /** Columns of the per-tier marketing files ({@code exports/<tier>.csv}), in order. */
  public static final List<String> EXPORT = List.of(
      "customer_id", "as_of", "tier", "previous_tier", "tier_since", "reason", "value_score", "loyalty_score", "r_score", "f_score",
      "m_score", "recency_days", "frequency", "monetary", "tenure_days", "interactions_90d", "p_alive", "expected_purchases",
      "expected_value", "clv");

  /** The playbook's columns (docs/TIERS.md, "Playbook"), after {@link #EXPORT} in the tier files and in the action lists. */
  public static final List<String> PLAYBOOK = List.of("movement", "recommended_action", "contact_cadence");

  /** Columns of the per-tier files as written: {@link #EXPORT}, then {@link #PLAYBOOK}. */
  public static final List<String> TIER_FILE = java.util.stream.Stream.concat(EXPORT.stream(), PLAYBOOK.stream()).toList();
}
