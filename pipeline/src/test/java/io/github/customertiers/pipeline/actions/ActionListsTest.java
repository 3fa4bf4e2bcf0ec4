package io.github.customertiers.pipeline.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customertiers.pipeline.config.ActionOptions;
import io.github.customertiers.pipeline.config.Playbook;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The action list rules of docs/TIERS.md on small inline segment tables. */
class ActionListsTest {
  static final LocalDate AS_OF = LocalDate.parse("2026-02-20");
  static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType).add("as_of", DataTypes.DateType).add("tier", DataTypes.StringType)
      .add("previous_tier", DataTypes.StringType).add("value_score", DataTypes.IntegerType)
      .add("loyalty_score", DataTypes.DoubleType).add("recency_days", DataTypes.IntegerType)
      .add("monetary", DataTypes.DoubleType).add("clv", DataTypes.DoubleType).add("p_alive", DataTypes.DoubleType)
      .add("purchases_total", DataTypes.LongType).add("first_purchase_date", DataTypes.DateType)
      .add("last_purchase_date", DataTypes.DateType);

  /** One customer: first and last purchase given, recency from the last one. */
  static Row customer(String id, String tier, String previous, int value, double loyalty, double pAlive, long purchases,
      String first, String last) {
    LocalDate l = LocalDate.parse(last);
    return RowFactory.create(id, Date.valueOf(AS_OF), tier, previous, value, loyalty,
        (int) (AS_OF.toEpochDay() - l.toEpochDay()), 100.0 * value, 90.0 * value, pAlive, purchases,
        Date.valueOf(LocalDate.parse(first)), Date.valueOf(l));
  }

  static Dataset<Row> table(Row... rows) {
    return SharedSpark.session().createDataFrame(List.of(rows), SCHEMA);
  }

  static List<String> ids(Dataset<Row> rows) {
    return rows.orderBy("customer_id").select("customer_id").collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  static final ActionOptions OPTIONS = new ActionOptions(0.5, 1.5, 7, Playbook.empty());

  @Test
  void atRiskListsVipAndKeyBelowThePAliveThresholdOrPastTheirUsualGapAndSaysWhy() {
    Dataset<Row> t = table(
        // mean gap (2026-02-10 - 2025-02-10) / 4 = 91.25 days; 10 days silent: fine; p_alive low: at risk
        customer("low-p", "vip", "vip", 99, 90, 0.3, 5, "2025-02-10", "2026-02-10"),
        // gap (2025-11-01 - 2025-01-01)/4 = 76 days; silent 111 days <= 1.5 * 76 = 114: not at risk
        customer("inside-gap", "key", "key", 80, 70, 0.9, 5, "2025-01-01", "2025-11-01"),
        // gap (2025-10-01 - 2025-01-01)/4 = 68.25 days; silent 142 days > 102.4: at risk
        customer("past-gap", "key", "key", 80, 70, 0.9, 5, "2025-01-01", "2025-10-01"),
        // ordinary customers are never on it
        customer("ordinary", "ordinary", "ordinary", 40, 30, 0.1, 5, "2025-01-01", "2025-06-01"),
        // one purchase: no usual gap; p_alive fine
        customer("one", "vip", "vip", 99, 50, 0.9, 1, "2025-06-01", "2025-06-01"));
    Dataset<Row> atRisk = ActionLists.atRisk(t, OPTIONS);
    assertThat(ids(atRisk)).containsExactly("low-p", "past-gap");
    Map<String, String> risk = new TreeMap<>();
    atRisk.select("customer_id", "risk").collectAsList().forEach(r -> risk.put(r.getString(0), r.getString(1)));
    assertThat(risk.get("low-p")).isEqualTo("P(alive) 0.3000 below 0.5");
    assertThat(risk.get("past-gap")).isEqualTo("142 days since the last purchase, more than 1.5 times the usual gap of 68.3 days");
  }

  @Test
  void movedHasFromToAndDirectionAndLeavesOutNewAndUnchangedCustomers() {
    Dataset<Row> t = PlaybookColumns.add(table(
        customer("up", "vip", "key", 99, 90, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("down", "ordinary", "key", 50, 40, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("gone", "lapsed", "vip", 50, 40, 0.9, 5, "2025-01-01", "2025-06-10"),
        customer("back", "ordinary", "lapsed", 50, 40, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("same", "key", "key", 80, 40, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("new", "potential", null, 10, 10, 0.9, 1, "2026-02-10", "2026-02-10")), Playbook.empty());
    Dataset<Row> moved = ActionLists.moved(t);
    Map<String, String> how = new TreeMap<>();
    moved.select("customer_id", "from_tier", "to_tier", "direction", "movement").collectAsList()
        .forEach(r -> how.put(r.getString(0), r.getString(1) + ">" + r.getString(2) + " " + r.getString(3) + " " + r.getString(4)));
    assertThat(how).containsExactlyInAnyOrderEntriesOf(Map.of(
        "up", "key>vip up entered_vip",
        "down", "key>ordinary down fell_from_key",
        "gone", "vip>lapsed down lapsed",
        "back", "lapsed>ordinary up returned"));
  }

  @Test
  void thePlaybookPrefersTheMovementsPlayAndFallsBackToTheTiersPlay() {
    Playbook playbook = new Playbook(
        Map.of("vip", new Playbook.Play("vip care", "weekly"), "key", new Playbook.Play("key care", "monthly")),
        Map.of("entered_vip", new Playbook.Play("welcome call", "within 2 days")));
    Dataset<Row> t = PlaybookColumns.add(table(
        customer("entered", "vip", "key", 99, 90, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("stayed", "vip", "vip", 99, 90, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("fell", "key", "vip", 80, 90, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("none", "ordinary", "ordinary", 40, 30, 0.9, 5, "2025-01-01", "2026-02-10")), playbook);
    Map<String, String> plays = new TreeMap<>();
    t.select("customer_id", "recommended_action", "contact_cadence").collectAsList()
        .forEach(r -> plays.put(r.getString(0), r.getString(1) + "/" + r.getString(2)));
    assertThat(plays).containsExactlyInAnyOrderEntriesOf(Map.of("entered", "welcome call/within 2 days", "stayed", "vip care/weekly",
        "fell", "key care/monthly", "none", "null/null"));
  }

  @Test
  void aPlaybookNamingAnUnknownTierOrMovementIsRejectedWithTheKnownNames() {
    assertThatThrownBy(() -> Playbook.fromMapping(Map.of("tiers", Map.of("vipp", Map.of("action", "x")))))
        .hasMessageContaining("unknown tier 'vipp'").hasMessageContaining("vip");
    assertThatThrownBy(() -> Playbook.fromMapping(Map.of("movements", Map.of("fell_from_lapsed", Map.of("action", "x")))))
        .hasMessageContaining("unknown movement 'fell_from_lapsed'");
    assertThatThrownBy(() -> Playbook.fromMapping(Map.of("tiers", Map.of("vip", Map.of("cadence", "weekly")))))
        .hasMessageContaining("needs an 'action'");
  }

  @Test
  void winBackCarriesFormerVipAndKeyWhileTheyStayLapsedWithTheirValueBeforeTheyLapsed() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> previous = table(
        customer("was-vip", "vip", "vip", 97, 90, 0.9, 5, "2025-01-01", "2025-08-10"),
        customer("was-key", "key", "key", 75, 60, 0.9, 5, "2025-01-01", "2025-08-10"),
        customer("was-ordinary", "ordinary", "ordinary", 40, 30, 0.9, 5, "2025-01-01", "2025-08-10"));
    Dataset<Row> now = table(
        customer("was-vip", "lapsed", "vip", 60, 40, 0.2, 5, "2025-01-01", "2025-08-10"),
        customer("was-key", "lapsed", "key", 50, 30, 0.2, 5, "2025-01-01", "2025-08-10"),
        customer("was-ordinary", "lapsed", "ordinary", 20, 20, 0.2, 5, "2025-01-01", "2025-08-10"));
    Dataset<Row> state = ActionLists.winBackState(now, Optional.of(previous), Optional.empty());
    assertThat(ids(state)).containsExactly("was-key", "was-vip");
    Row vip = state.filter("customer_id = 'was-vip'").first();
    assertThat(vip.<String>getAs("was_tier")).isEqualTo("vip");
    assertThat(vip.<Integer>getAs("past_value_score")).isEqualTo(97);
    assertThat(vip.<Double>getAs("past_monetary")).isEqualTo(9700.0);

    // a week later: was-vip is still lapsed (kept, value from before they lapsed), was-key came back (dropped)
    Dataset<Row> later = table(
        customer("was-vip", "lapsed", "lapsed", 55, 35, 0.1, 5, "2025-01-01", "2025-08-10"),
        customer("was-key", "ordinary", "lapsed", 50, 30, 0.6, 6, "2025-01-01", "2026-02-19"),
        customer("was-ordinary", "lapsed", "lapsed", 20, 20, 0.2, 5, "2025-01-01", "2025-08-10"));
    Dataset<Row> carried = ActionLists.winBackState(later, Optional.of(now), Optional.of(state));
    assertThat(ids(carried)).containsExactly("was-vip");
    assertThat(carried.first().<Integer>getAs("past_value_score")).isEqualTo(97);
    assertThat(ids(ActionLists.winBack(PlaybookColumns.add(later, Playbook.empty()), carried))).containsExactly("was-vip");
    assertThat(spark).isNotNull();
  }

  @Test
  void anniversariesAreTheFirstPurchaseDaysInTheComingWeekOfVipAndKeyWithLeapDaysOnThe28th() {
    // as of 2026-02-20: the coming 7 days are 2026-02-21 .. 2026-02-27
    Dataset<Row> t = table(
        customer("tomorrow", "vip", "vip", 99, 90, 0.9, 5, "2024-02-21", "2026-02-10"),
        customer("in-7-days", "key", "key", 80, 90, 0.9, 5, "2023-02-27", "2026-02-10"),
        customer("today", "key", "key", 80, 90, 0.9, 5, "2025-02-20", "2026-02-10"),
        customer("in-8-days", "vip", "vip", 99, 90, 0.9, 5, "2024-02-28", "2026-02-10"),
        customer("ordinary", "ordinary", "ordinary", 40, 30, 0.9, 5, "2024-02-22", "2026-02-10"),
        customer("first-this-week", "vip", "vip", 99, 30, 0.9, 5, "2026-02-22", "2026-02-22"));
    Map<String, String> found = new TreeMap<>();
    ActionLists.anniversaries(t, AS_OF, OPTIONS).select("customer_id", "anniversary", "years").collectAsList()
        .forEach(r -> found.put(r.getString(0), r.getDate(1) + " " + r.get(2)));
    assertThat(found).containsExactlyInAnyOrderEntriesOf(Map.of("tomorrow", "2026-02-21 2", "in-7-days", "2026-02-27 3"));

    // a first purchase on 29 February is celebrated on 28 February in other years
    LocalDate asOf = LocalDate.parse("2027-02-25");
    Dataset<Row> leap = table(customer("leap", "vip", "vip", 99, 90, 0.9, 5, "2024-02-29", "2026-02-10"));
    Row r = ActionLists.anniversaries(leap, asOf, OPTIONS).select("anniversary", "years").first();
    assertThat(r.getDate(0).toLocalDate()).isEqualTo(LocalDate.parse("2027-02-28"));
    assertThat(((Number) r.get(1)).intValue()).isEqualTo(3);
  }

  @Test
  void changesListsAddedRemovedTierAndVisibleScoreChangesOnly() {
    Dataset<Row> previous = table(
        customer("stays", "key", "key", 80, 70.04, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("tier", "key", "key", 80, 70, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("score", "key", "key", 80, 70, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("removed", "ordinary", "ordinary", 40, 30, 0.9, 5, "2025-01-01", "2026-02-10"));
    Dataset<Row> now = table(
        customer("stays", "key", "key", 80, 70.01, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("tier", "vip", "key", 80, 70, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("score", "key", "key", 81, 70, 0.9, 5, "2025-01-01", "2026-02-10"),
        customer("added", "potential", null, 10, 10, 0.9, 1, "2026-02-10", "2026-02-10"));
    Map<String, String> changes = new TreeMap<>();
    ActionLists.changes(now, Optional.of(previous), AS_OF).select("customer_id", "change", "tier", "previous_tier").collectAsList()
        .forEach(r -> changes.put(r.getString(0), r.getString(1) + " " + r.getString(2) + " " + r.getString(3)));
    assertThat(changes).containsExactlyInAnyOrderEntriesOf(Map.of("added", "added potential null", "removed", "removed null ordinary",
        "tier", "tier vip key", "score", "score key key"));
    assertThat(ActionLists.changes(now, Optional.empty(), AS_OF).filter("change = 'added'").count()).isEqualTo(4);
  }
}
