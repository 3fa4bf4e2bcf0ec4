package io.github.customertiers.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The delivery date of an input file, from its path below the configured input (RELIABILITY case 2). */
class DeliveryDateTest {

  @Test
  void isoDateInADirectoryOrTheFileName() {
    assertThat(DeliveryDate.of("2026-11-14/orders.csv")).isEqualTo(LocalDate.of(2026, 11, 14));
    assertThat(DeliveryDate.of("eu/2026-11-14/part-00000.csv.gz")).isEqualTo(LocalDate.of(2026, 11, 14));
    assertThat(DeliveryDate.of("orders_2026-11-14.csv")).isEqualTo(LocalDate.of(2026, 11, 14));
    assertThat(DeliveryDate.of("orders-2026-11-14T0230.csv")).isEqualTo(LocalDate.of(2026, 11, 14));
  }

  @Test
  void compactDateOnlyBetweenNonDigits() {
    assertThat(DeliveryDate.of("orders_20261114.csv")).isEqualTo(LocalDate.of(2026, 11, 14));
    assertThat(DeliveryDate.of("20261114/orders.csv")).isEqualTo(LocalDate.of(2026, 11, 14));
    assertThat(DeliveryDate.of("orders_20261114023000.csv")).as("a timestamp is not a date").isNull();
    assertThat(DeliveryDate.of("orders_120261114.csv")).as("part of a longer number").isNull();
  }

  @Test
  void theLastDateWins() {
    assertThat(DeliveryDate.of("2026-11-01/resent_2026-11-14.csv")).isEqualTo(LocalDate.of(2026, 11, 14));
    assertThat(DeliveryDate.of("20261101/orders_2026-11-14.csv")).isEqualTo(LocalDate.of(2026, 11, 14));
    assertThat(DeliveryDate.of("2026-11-14/orders_20261101.csv")).isEqualTo(LocalDate.of(2026, 11, 1));
  }

  @Test
  void noRealDayMeansUndated() {
    assertThat(DeliveryDate.of("orders.csv")).isNull();
    assertThat(DeliveryDate.of("transactions-00000.csv")).isNull();
    assertThat(DeliveryDate.of("orders_2026-13-45.csv")).as("no such day").isNull();
    assertThat(DeliveryDate.of("orders_20260230.csv")).as("30 February").isNull();
    assertThat(DeliveryDate.of("customer_12345678.csv")).as("an 8-digit number that is no date").isNull();
    assertThat(DeliveryDate.of("orders_2026-11-14.csv/../2026-13-01.csv")).isEqualTo(LocalDate.of(2026, 11, 14));
    assertThat(DeliveryDate.of(null)).isNull();
  }
}
