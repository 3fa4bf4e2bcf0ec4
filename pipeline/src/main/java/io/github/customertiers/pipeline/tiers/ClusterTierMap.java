package io.github.customertiers.pipeline.tiers;

import io.github.customertiers.pipeline.config.TierPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps clusters, ordered by descending value, to vip, key and ordinary under the tier caps.
 *
 * <p>Walking clusters from the most valuable, with {@code before} the share of active buyers in
 * the clusters already walked:
 * <ol>
 *   <li>vip if {@code before + share <= vip_cap};</li>
 *   <li>else, if no cluster is vip yet, the cluster is <em>graded</em> from vip down: its members
 *       in the top {@code vip_cap} of all active buyers by value are vip, those in the top
 *       {@code vip_cap + key_cap} are key, the rest ordinary;</li>
 *   <li>else key if {@code before + share <= vip_cap + key_cap};</li>
 *   <li>else, if no cluster is key yet, graded from key down (top {@code vip_cap + key_cap} by
 *       value are key, the rest ordinary);</li>
 *   <li>else ordinary.</li>
 * </ol>
 * So the elite exists even when k-means lumps it with the next ring, and the caps hold (up to
 * customers tied on the cut value).
 *
 * @param assignments per cluster, in value order
 * @param vipValueQuantile value quantile among active buyers at or above which a graded member is vip
 * @param keyValueQuantile value quantile at or above which a graded member is key
 */
public record ClusterTierMap(List<Assignment> assignments, double vipValueQuantile, double keyValueQuantile) {

  /** A cluster's tier; when {@code graded}, {@code tier} is the highest tier its members can reach by value. */
  public record Assignment(Tier tier, boolean graded) {
    public String describe() {
      return graded ? tier.label() + " (graded by value)" : tier.label();
    }
  }

  public static ClusterTierMap decide(double[] sharesInValueOrder, TierPolicy policy) {
    final double eps = 1e-9;
    double vipRoom = policy.vipCap() + eps;
    double ringRoom = policy.vipCap() + policy.keyCap() + eps;
    List<Assignment> out = new ArrayList<>();
    double before = 0;
    boolean anyVip = false;
    boolean anyKey = false;
    for (double share : sharesInValueOrder) {
      Assignment a;
      if (before + share <= vipRoom) {
        a = new Assignment(Tier.VIP, false);
        anyVip = true;
      } else if (!anyVip) {
        a = new Assignment(Tier.VIP, true);
        anyVip = true;
        anyKey = true;
      } else if (before + share <= ringRoom) {
        a = new Assignment(Tier.KEY, false);
        anyKey = true;
      } else if (!anyKey) {
        a = new Assignment(Tier.KEY, true);
        anyKey = true;
      } else {
        a = new Assignment(Tier.ORDINARY, false);
      }
      out.add(a);
      before += share;
    }
    return new ClusterTierMap(List.copyOf(out), 1 - policy.vipCap(), 1 - policy.vipCap() - policy.keyCap());
  }

  public boolean anyGraded() {
    return assignments.stream().anyMatch(Assignment::graded);
  }

  public List<String> describe() {
    return assignments.stream().map(Assignment::describe).toList();
  }
}
