package io.github.customertiers.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestNameTest {
  @Test
  void findsTheNameMeantDespiteCaseSpacesContainmentOrATypo() {
    List<String> classic = List.of("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID");
    assertThat(NearestName.among("Customer ID", classic)).as("spaces and case").contains("CustomerID");
    assertThat(NearestName.among("Price", classic)).as("contained").contains("UnitPrice");
    assertThat(NearestName.among("Invoice", classic)).as("contained in two: the first wins").contains("InvoiceNo");
    assertThat(NearestName.among("lapse_dayz", List.of("lapse_days", "new_customer_days"))).as("typo").contains("lapse_days");
    assertThat(NearestName.among("colour", List.of("amount", "ts"))).as("nothing near").isEmpty();
    assertThat(NearestName.hint("xyz", List.of("amount"))).isEmpty();
    assertThat(NearestName.hint("amont", List.of("amount"))).isEqualTo(" (did you mean 'amount'?)");
  }

  @Test
  void distanceIsLevenshtein() {
    assertThat(NearestName.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(NearestName.distance("", "abc")).isEqualTo(3);
    assertThat(NearestName.distance("same", "same")).isZero();
  }
}
