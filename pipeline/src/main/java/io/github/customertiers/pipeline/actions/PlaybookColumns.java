package io.github.customertiers.pipeline.actions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.config.Playbook;
import io.github.customertiers.pipeline.tiers.Tier;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The playbook as columns of a segment table with history ({@code tier}, {@code previous_tier}):
 * {@code movement}, {@code recommended_action} and {@code contact_cadence} (docs/TIERS.md, "Playbook").
 * Column expressions only: the playbook is configuration-sized.
 */
public final class PlaybookColumns {
  /** The columns added, in order. */
  public static final List<String> COLUMNS = io.github.customertiers.pipeline.publish.SegmentColumns.PLAYBOOK;

  private PlaybookColumns() {}

  /** Rank of a tier label column: 0 for vip (top) to 4 for lapsed. */
  static Column rank(Column tier) {
    Column r = lit(null).cast("int");
    Tier[] tiers = Tier.values();
    for (int i = tiers.length - 1; i >= 0; i--) {
      r = when(tier.equalTo(tiers[i].label()), lit(i)).otherwise(r);
    }
    return r;
  }

  /** The movement since the previous published date ({@link Playbook#MOVEMENTS}); null when the tier did not change. */
  static Column movement() {
    Column tier = col("tier");
    Column previous = col("previous_tier");
    String lapsed = Tier.LAPSED.label();
    return when(previous.isNull(), lit("new"))
        .when(previous.equalTo(tier), lit(null).cast("string"))
        .when(tier.equalTo(lapsed), lit("lapsed"))
        .when(previous.equalTo(lapsed), lit("returned"))
        .when(rank(tier).lt(rank(previous)), concat(lit("entered_"), tier))
        .otherwise(concat(lit("fell_from_"), previous));
  }

  /** Adds movement, recommended_action and contact_cadence. */
  public static Dataset<Row> add(Dataset<Row> segments, Playbook playbook) {
    Dataset<Row> withMovement = segments.withColumn("movement", movement());
    return withMovement
        .withColumn("recommended_action", play(playbook, true))
        .withColumn("contact_cadence", play(playbook, false));
  }

  private static Column play(Playbook playbook, boolean action) {
    Column byTier = lit(null).cast("string");
    for (Map.Entry<String, Playbook.Play> e : playbook.tiers().entrySet()) {
      byTier = when(col("tier").equalTo(e.getKey()), lit(pick(e.getValue(), action))).otherwise(byTier);
    }
    Column out = byTier;
    for (Map.Entry<String, Playbook.Play> e : playbook.movements().entrySet()) {
      out = when(col("movement").equalTo(e.getKey()), lit(pick(e.getValue(), action))).otherwise(out);
    }
    return out;
  }

  private static String pick(Playbook.Play play, boolean action) {
    return action ? play.action() : play.cadence();
  }
}
