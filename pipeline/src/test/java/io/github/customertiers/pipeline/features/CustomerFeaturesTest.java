package io.github.customertiers.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.config.Windows;
import io.github.customertiers.pipeline.testing.Fixtures;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class CustomerFeaturesTest {
  static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
  static Map<String, Row> byCustomer;

  @BeforeAll
  static void compute() {
    SparkSession spark = SharedSpark.session();
    var transactions = Fixtures.transactions(spark,
        "T0,A,2025-01-15,40.00",      // before the scoring window: tenure only
        "T2,A,2026-03-10,100.00",
        "T1,A,2026-06-01,30.00",      // two lines of one order
        "T1,A,2026-06-01,20.00",
        "R1,A,2026-06-05,-20.00",     // a refund lowers monetary, is no purchase
        "T9,A,2026-07-01,999.00",     // after the as-of day: invisible
        "R2,B,2026-05-01,-10.00",     // only a refund: no purchase
        "D1,D,2025-06-30,5.00",       // one day before the window
        "D2,D,2025-07-01,10.00");     // first day of the 365-day window
    var interactions = Fixtures.interactions(spark,
        "B,2026-06-29,visit", "B,2026-04-02,click", "B,2026-04-01,view", "C,2026-06-30,email_open");
    byCustomer = CustomerFeatures.compute(transactions, interactions, AS_OF, Windows.defaults()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("customer_id"), r -> r));
  }

  @Test
  void buyerWithLineItemsRefundAndOldPurchase() {
    Row a = byCustomer.get("A");
    assertThat((Object) a.getAs("first_purchase_date")).as("first purchase").isEqualTo(java.sql.Date.valueOf("2025-01-15"));
    assertThat((long) a.getAs("purchases_total")).as("purchases ever (line items are one order)").isEqualTo(3);
    assertThat((long) a.getAs("frequency")).as("purchases in the 365-day window").isEqualTo(2);
    assertThat((BigDecimal) a.getAs("monetary")).as("net of 100 + 50 - 20").isEqualByComparingTo("130.00");
    assertThat((long) a.getAs("months_active")).as("months with a purchase").isEqualTo(2);
    assertThat((int) a.getAs("recency_days")).as("days since 2026-06-01").isEqualTo(29);
    assertThat((int) a.getAs("tenure_days")).as("days since 2025-01-15").isEqualTo(531);
    assertThat((boolean) a.getAs("has_purchase")).isTrue();
  }

  @Test
  void refundOnlyCustomerHasNoPurchaseButNegativeMonetary() {
    Row b = byCustomer.get("B");
    assertThat((boolean) b.getAs("has_purchase")).as("a refund is not a purchase").isFalse();
    assertThat((long) b.getAs("frequency")).isZero();
    assertThat((BigDecimal) b.getAs("monetary")).isEqualByComparingTo("-10.00");
    assertThat((long) b.getAs("interactions_recent")).as("2026-04-02 is the first day of the 90-day window").isEqualTo(2);
    assertThat((Object) b.getAs("recency_days")).as("no recency without a purchase").isNull();
  }

  @Test
  void prospectAppearsFromInteractionsAlone() {
    Row c = byCustomer.get("C");
    assertThat((long) c.getAs("interactions_recent")).isEqualTo(1);
    assertThat((boolean) c.getAs("has_purchase")).isFalse();
  }

  @Test
  void windowBoundaryIsInclusive() {
    Row d = byCustomer.get("D");
    assertThat((long) d.getAs("frequency")).as("2025-07-01 is inside, 2025-06-30 outside").isEqualTo(1);
    assertThat((BigDecimal) d.getAs("monetary")).isEqualByComparingTo("10.00");
    assertThat((long) d.getAs("purchases_total")).isEqualTo(2);
  }
}
