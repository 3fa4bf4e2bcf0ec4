package io.github.customertiers.pipeline.stability;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.config.Windows;
import io.github.customertiers.pipeline.generate.Persona;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The tier each synthetic customer should have <em>as of a given date</em>.
 *
 * <p>A persona describes a customer as of the generator's as-of date ({@code truth/personas/}). On
 * an earlier date part of that behaviour has not happened yet: a "new" customer has not made their
 * one purchase, a prospect has not visited yet, a big one-off spender bought a week ago. Before the
 * persona's behaviour is there, the customer is judged by the tier definitions themselves
 * (docs/TIERS.md), computed here from the raw events up to the date, independently of the pipeline:
 * <ol>
 *   <li>dormant persona: not published;</li>
 *   <li>no purchase yet (no transaction with a positive net amount): potential when they interacted
 *       within {@code engagement_days}, otherwise not published;</li>
 *   <li>exactly one purchase, within {@code new_customer_days}: potential (a brand-new customer);</li>
 *   <li>a drifting regular whose last purchase is still within {@code lapse_days}: crossing over,
 *       so lapsed or an active buyer's tier (vip, key, ordinary) are both right, potential or
 *       unpublished are wrong (the persona is lapsed once the silence passes the window);</li>
 *   <li>otherwise the persona's expected tier ({@link Persona#expectedTier()}).</li>
 * </ol>
 * The expected tier is a tier label or several separated by {@code |}.
 * On the generator's own as-of date this gives the persona's expected tier for every persona (the
 * generator draws their events that way), so the truth at the last date is unchanged.
 */
public final class PersonaTruth {
  /** The tiers a drifting regular may hold while crossing from regular to lapsed. */
  public static final String CROSSING = "vip|key|ordinary|lapsed";

  private PersonaTruth() {}

  /**
   * @param personas columns t_customer_id, persona
   * @param transactions columns customer_id, transaction_id, event_date, amount (any rows; filtered to the date here)
   * @param interactions columns customer_id, event_date
   * @return columns t_customer_id, expected_tier (null: must not be published; "a|b": either)
   */
  public static Dataset<Row> asOf(Dataset<Row> personas, Dataset<Row> transactions, Dataset<Row> interactions,
      LocalDate asOf, Windows windows) {
    Column day = lit(java.sql.Date.valueOf(asOf));
    Dataset<Row> purchases = transactions.filter(col("event_date").leq(day))
        .groupBy(col("customer_id"), col("transaction_id"))
        .agg(sum(col("amount")).as("net"), max(col("event_date")).as("day"))
        .filter(col("net").gt(0))
        .groupBy(col("customer_id").as("p_customer_id"))
        .agg(count(lit(1)).as("purchases"), max(col("day")).as("last_purchase"));
    Dataset<Row> engaged = interactions
        .filter(col("event_date").leq(day).and(col("event_date").geq(date_sub(day, windows.engagementDays() - 1))))
        .select(col("customer_id").as("e_customer_id")).distinct();
    Column personaTier = lit(null).cast("string");
    for (Persona p : Persona.values()) {
      if (p.expectedTier().isPresent()) {
        personaTier = when(col("persona").equalTo(p.label()), lit(p.expectedTier().get())).otherwise(personaTier);
      }
    }
    Column purchasesSoFar = coalesce(col("purchases"), lit(0L));
    Column brandNew = purchasesSoFar.equalTo(1)
        .and(col("last_purchase").gt(date_sub(day, windows.newCustomerDays())));
    Column expected = when(col("persona").equalTo(Persona.DORMANT.label()), lit(null).cast("string"))
        .when(purchasesSoFar.equalTo(0), when(col("e_customer_id").isNotNull(), lit("potential")))
        .when(brandNew, lit("potential"))
        .when(col("persona").equalTo(Persona.DRIFTING.label())
            .and(col("last_purchase").gt(date_sub(day, windows.lapseDays()))), lit(CROSSING))
        .otherwise(personaTier);
    return personas
        .join(purchases, personas.col("t_customer_id").equalTo(purchases.col("p_customer_id")), "left")
        .join(engaged, personas.col("t_customer_id").equalTo(engaged.col("e_customer_id")), "left")
        .select(col("t_customer_id"), expected.as("expected_tier"));
  }
}
