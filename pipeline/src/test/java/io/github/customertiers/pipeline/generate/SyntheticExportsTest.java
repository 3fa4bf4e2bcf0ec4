package io.github.customertiers.pipeline.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.customertiers.pipeline.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class SyntheticExportsTest {

  private static final LocalDate AS_OF = LocalDate.of(2026, 3, 31);
  private static final int DAYS = 730;
  private static final int CUSTOMERS = 2_000;
  private static final int BAD_ROWS = 13;
  /** Distinct order days of a customer, most recent first (days before as-of). */
  private static List<Long> orderAgesOf(String customer) {
    return transactions.stream().filter(row -> row[0].startsWith("T") && row[1].equals(customer))
        .map(row -> age(row[2])).distinct().sorted().toList();
  }

  /** Net amount per (customer, day): the value model's purchase days. */
  private static Map<String, TreeMap<Long, BigDecimal>> dayAmounts() {
    Map<String, TreeMap<Long, BigDecimal>> days = new HashMap<>();
    for (String[] row : transactions) {
      days.computeIfAbsent(row[1], c -> new TreeMap<>()).merge(age(row[2]), new BigDecimal(row[3]), BigDecimal::add);
    }
    return days;
  }

  @Test
  void spendPerOrderVariesAroundEachCustomersOwnMeanSoGammaGammaFits() {
    io.github.customertiers.pipeline.value.RepeatSpendTuples.Builder pairs =
        io.github.customertiers.pipeline.value.RepeatSpendTuples.builder(CUSTOMERS);
    for (TreeMap<Long, BigDecimal> days : dayAmounts().values()) {
      List<Double> purchases = days.values().stream().filter(v -> v.signum() > 0).map(BigDecimal::doubleValue).toList();
      if (purchases.size() > 1) {
        double repeatMean = purchases.subList(0, purchases.size() - 1).stream().mapToDouble(v -> v).average().orElseThrow();
        pairs.add(purchases.size() - 1, repeatMean, 1);
      }
    }
    io.github.customertiers.pipeline.value.FittedModel<io.github.customertiers.pipeline.value.GammaGammaModel> fitted =
        io.github.customertiers.pipeline.value.GammaGammaModel.fitReportingLimits(pairs.build());
    assertThat(fitted.parametersAtLimit()).as("Gamma-Gamma parameters at a limit: " + fitted.model().describe()).isEmpty();
    assertThat(fitted.model().p()).as("per-order shape p (generated with 6)").isBetween(2.0, 30.0);
    assertThat(fitted.model().q()).as("q > 1: finite population mean").isGreaterThan(1.0);
  }

  @Test
  void meanOrderValueFollowsThePersonas() {
    Map<String, BigDecimal> orderTotals = new HashMap<>();
    Map<String, String> customerOf = new HashMap<>();
    for (String[] row : transactions) {
      if (row[0].startsWith("T")) {
        orderTotals.merge(row[0], new BigDecimal(row[3]), BigDecimal::add);
        customerOf.put(row[0], row[1]);
      }
    }
    Map<Persona, double[]> sums = new EnumMap<>(Persona.class);
    orderTotals.forEach((order, total) -> {
      double[] sum = sums.computeIfAbsent(personas.get(customerOf.get(order)), p -> new double[2]);
      sum[0] += total.doubleValue();
      sum[1]++;
    });
    Map<Persona, Double> mean = new EnumMap<>(Persona.class);
    sums.forEach((persona, sum) -> mean.put(persona, sum[0] / sum[1]));
    assertThat(mean.get(Persona.BIG_ONE_OFF)).as("big one-off order vs vip order").isGreaterThan(mean.get(Persona.VIP));
    assertThat(mean.get(Persona.VIP)).as("vip order vs key order").isGreaterThan(2 * mean.get(Persona.KEY));
    assertThat(mean.get(Persona.KEY)).as("key order vs ordinary order").isGreaterThan(2 * mean.get(Persona.ORDINARY));
    assertThat(mean.get(Persona.LOYAL)).as("loyal regulars spend modestly").isLessThan(mean.get(Persona.KEY) / 2);
  }

  private static final Set<String> CHANNELS = Set.of("web", "store", "app");
  private static final Set<String> EVENT_TYPES = Set.of("visit", "view", "click", "email_open", "call");

  @TempDir static Path tmp;

  private static GeneratorOptions options;
  private static GeneratedExports exports;
  private static List<String[]> transactions;
  private static List<String[]> interactions;
  private static List<String> badRows;
  private static Map<String, Persona> personas;

  @BeforeAll
  static void generate(SparkSession spark) {
    options = new GeneratorOptions(tmp.resolve("exports").toString(), CUSTOMERS, DAYS, AS_OF, 7, BAD_ROWS);
    exports = SyntheticExports.generate(spark, options);
    transactions = rows(dataLines(Path.of(exports.transactionsDir()), "transactions-"));
    interactions = rows(dataLines(Path.of(exports.interactionsDir()), "interactions-"));
    badRows = readLines(Path.of(exports.badRowsFile().orElseThrow()));
    personas = new HashMap<>();
    for (String[] row : rows(dataLines(Path.of(exports.personasDir()), "personas-"))) {
      personas.put(row[0], Persona.ofLabel(row[1]));
    }
  }

  @Test
  void writesTheCanonicalLayoutWithoutSparkClutter() throws IOException {
    Path out = Path.of(options.outDir());
    assertThat(fileNames(out.resolve("transactions")))
        .as("files of transactions/")
        .allMatch(name -> name.matches("transactions-\\d{5}\\.csv") || name.equals("bad-rows.csv"))
        .contains("transactions-00000.csv", "bad-rows.csv");
    assertThat(fileNames(out.resolve("interactions"))).as("files of interactions/")
        .allMatch(name -> name.matches("interactions-\\d{5}\\.csv")).isNotEmpty();
    assertThat(fileNames(out.resolve("truth/personas"))).as("files of truth/personas/")
        .allMatch(name -> name.matches("personas-\\d{5}\\.csv")).isNotEmpty();
    assertThat(headers(out.resolve("transactions"))).as("transaction headers")
        .containsOnly(SyntheticExports.TRANSACTIONS_HEADER);
    assertThat(headers(out.resolve("interactions"))).as("interaction headers")
        .containsOnly(SyntheticExports.INTERACTIONS_HEADER);
    assertThat(headers(out.resolve("truth/personas"))).as("persona headers")
        .containsOnly(SyntheticExports.PERSONAS_HEADER);
  }

  @Test
  void reportsWhatItWrote() {
    Map<Persona, Long> counted = new EnumMap<>(Persona.class);
    personas.values().forEach(persona -> counted.merge(persona, 1L, Long::sum));
    assertThat(exports.customersPerPersona()).as("customers per persona").containsAllEntriesOf(counted);
    assertThat(exports.customers()).as("customers").isEqualTo(CUSTOMERS);
    assertThat(personas).as("distinct customers in truth").hasSize(CUSTOMERS);
    assertThat(exports.transactionRows()).as("transaction rows").isEqualTo(transactions.size());
    assertThat(exports.refundRows()).as("refund rows")
        .isEqualTo(transactions.stream().filter(row -> row[0].startsWith("R")).count());
    assertThat(exports.interactionRows()).as("interaction rows").isEqualTo(interactions.size());
    assertThat(exports.badRows()).as("bad rows").isEqualTo(BAD_ROWS);
    assertThat(exports.durationMillis()).as("duration").isPositive();
    assertThat(transactions.size()).as("about 22 transaction rows per customer")
        .isBetween(15 * CUSTOMERS, 30 * CUSTOMERS);
  }

  @Test
  void personaSharesAreNearTheirTargets() {
    for (Persona persona : Persona.values()) {
      double share = personas.values().stream().filter(persona::equals).count() / (double) CUSTOMERS;
      double fourSigma = 4 * Math.sqrt(persona.share() * (1 - persona.share()) / CUSTOMERS);
      assertThat(share).as("share of %s customers", persona.label()).isCloseTo(persona.share(), within(fourSigma));
    }
  }

  @Test
  void everyTransactionColumnParses() {
    for (String[] row : transactions) {
      String line = String.join(",", row);
      assertThat(row).as("fields of %s", line).hasSize(7);
      assertThat(row[0]).as("transaction_id of %s", line).matches("[TR]\\d{7}-\\d{4}");
      assertThat(row[1]).as("customer_id of %s", line).matches("C\\d{7}");
      assertThat(personas).as("customer of %s", line).containsKey(row[1]);
      LocalDateTime.parse(row[2]);
      assertThat(row[2]).as("ts of %s", line).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
      BigDecimal amount = new BigDecimal(row[3]);
      assertThat(amount.scale()).as("decimals of the amount of %s", line).isEqualTo(2);
      assertThat(amount.signum()).as("sign of the amount of %s", line).isEqualTo(row[0].startsWith("R") ? -1 : 1);
      assertThat(row[4]).as("currency of %s", line).isEqualTo("EUR");
      assertThat(Integer.parseInt(row[5])).as("quantity of %s", line).isNotZero()
          .matches(q -> (q < 0) == row[0].startsWith("R"), "negative exactly for refunds");
      assertThat(row[6]).as("channel of %s", line).isIn(CHANNELS);
    }
  }

  @Test
  void everyInteractionColumnParses() {
    Set<String> eventIds = new HashSet<>();
    for (String[] row : interactions) {
      String line = String.join(",", row);
      assertThat(row).as("fields of %s", line).hasSize(5);
      assertThat(eventIds.add(row[0])).as("event_id of %s is unique", line).isTrue();
      assertThat(row[1]).as("customer_id of %s", line).matches("C\\d{7}");
      LocalDateTime.parse(row[2]);
      assertThat(row[3]).as("event_type of %s", line).isIn(EVENT_TYPES);
      assertThat(row[4]).as("channel of %s", line).isIn(CHANNELS);
    }
  }

  @Test
  void timestampsStayWithinTheHistoryAndSpreadOverTheDay() {
    LocalDateTime first = options.firstDay().atStartOfDay();
    LocalDateTime last = AS_OF.atTime(LocalTime.MAX);
    Set<Integer> hours = new HashSet<>();
    for (List<String[]> rows : List.of(transactions, interactions)) {
      for (String[] row : rows) {
        LocalDateTime ts = LocalDateTime.parse(row[2]);
        assertThat(ts).as("ts of %s", String.join(",", row)).isBetween(first, last);
        hours.add(ts.getHour());
      }
    }
    assertThat(hours).as("hours of the day with activity").hasSize(24);
    for (String line : badRows) {
      String[] fields = line.split(",", -1);
      if (fields.length == 7 && fields[2].matches("\\d{4}-\\d{2}-\\d{2}T.*")
          && LocalDateTime.parse(fields[2]).isAfter(last)) {
        assertThat(fields[0]).as("id of a bad row after as-of").startsWith("BAD-FUTURE-TS-");
      }
    }
  }

  @Test
  void ordersHaveOneToThreeLinesOfOneOrder() {
    Map<String, List<String[]>> orders = transactions.stream().filter(row -> row[0].startsWith("T"))
        .collect(Collectors.groupingBy(row -> row[0]));
    Map<Integer, Integer> ordersByLineCount = new TreeMap<>();
    for (Map.Entry<String, List<String[]>> order : orders.entrySet()) {
      List<String[]> lines = order.getValue();
      ordersByLineCount.merge(lines.size(), 1, Integer::sum);
      assertThat(lines.stream().map(row -> row[1] + " " + row[2] + " " + row[6]).distinct())
          .as("customer, ts and channel of the lines of %s", order.getKey()).hasSize(1);
    }
    assertThat(ordersByLineCount).as("orders by number of lines").containsOnlyKeys(1, 2, 3);
  }

  @Test
  void refundsNeverExceedTheirOrderNorFollowAsOf() {
    Map<String, BigDecimal> orderTotals = new HashMap<>();
    Map<String, LocalDateTime> orderTimes = new HashMap<>();
    for (String[] row : transactions) {
      if (row[0].startsWith("T")) {
        orderTotals.merge(row[0], new BigDecimal(row[3]), BigDecimal::add);
        orderTimes.put(row[0], LocalDateTime.parse(row[2]));
      }
    }
    List<String[]> refunds = transactions.stream().filter(row -> row[0].startsWith("R")).toList();
    assertThat(refunds.size() / (double) orderTotals.size()).as("share of orders refunded")
        .isBetween(0.015, 0.05);
    for (String[] refund : refunds) {
      String order = "T" + refund[0].substring(1);
      String line = String.join(",", refund);
      assertThat(orderTotals).as("order of refund %s", line).containsKey(order);
      assertThat(new BigDecimal(refund[3]).negate()).as("amount refunded by %s", line)
          .isPositive().isLessThanOrEqualTo(orderTotals.get(order));
      LocalDateTime refundedAt = LocalDateTime.parse(refund[2]);
      assertThat(refundedAt).as("time of refund %s", line)
          .isAfter(orderTimes.get(order))
          .isBefore(orderTimes.get(order).plusDays(11))
          .isBefore(AS_OF.plusDays(1).atStartOfDay());
    }
  }

  @Test
  void personasBehaveAsDescribed() {
    Map<String, Set<String>> ordersOf = new HashMap<>();
    Map<String, Long> lastOrderAge = new HashMap<>();
    Map<String, Long> firstOrderAge = new HashMap<>();
    for (String[] row : transactions) {
      if (row[0].startsWith("T")) {
        ordersOf.computeIfAbsent(row[1], c -> new HashSet<>()).add(row[0]);
        long age = age(row[2]);
        lastOrderAge.merge(row[1], age, Math::min);
        firstOrderAge.merge(row[1], age, Math::max);
      }
    }
    Map<String, List<Long>> eventAges = new HashMap<>();
    for (String[] row : interactions) {
      eventAges.computeIfAbsent(row[1], c -> new ArrayList<>()).add(age(row[2]));
    }
    Map<Persona, Double> meanOrders = new EnumMap<>(Persona.class);
    for (Map.Entry<String, Persona> customer : personas.entrySet()) {
      String id = customer.getKey();
      Persona persona = customer.getValue();
      int orders = ordersOf.getOrDefault(id, Set.of()).size();
      meanOrders.merge(persona, orders / (double) exports.customersPerPersona().get(persona), Double::sum);
      List<Long> events = eventAges.getOrDefault(id, List.of());
      String what = persona.label() + " " + id;
      switch (persona) {
        case VIP -> {
          assertThat(lastOrderAge.get(id)).as("days since the last order of %s", what).isBetween(0L, 16L);
          assertThat(firstOrderAge.get(id)).as("days since the first order of %s", what).isGreaterThan(DAYS - 18L);
          assertThat(events.size()).as("interactions of %s", what).isBetween(30, 120);
        }
        case KEY -> assertThat(lastOrderAge.get(id)).as("days since the last order of %s", what).isBetween(0L, 59L);
        case ORDINARY -> {
          assertThat(orders).as("orders of %s", what).isBetween(2, 5);
          assertThat(lastOrderAge.get(id)).as("days since the last order of %s", what).isBetween(31L, 150L);
        }
        case NEW -> {
          assertThat(orders).as("orders of %s", what).isEqualTo(1);
          assertThat(lastOrderAge.get(id)).as("days since the order of %s", what).isBetween(1L, 25L);
          assertThat(events).as("interaction ages of %s", what).isNotEmpty().allMatch(age -> age < 30);
        }
        case LAPSED -> {
          assertThat(orders).as("orders of %s", what).isBetween(1, 6);
          assertThat(lastOrderAge.get(id)).as("days since the last order of %s", what).isBetween(250L, 700L);
        }
        case PROSPECT -> {
          assertThat(orders).as("orders of %s", what).isZero();
          assertThat(events).as("interaction ages of %s", what).hasSizeBetween(2, 15).allMatch(age -> age < 90);
        }
        case DORMANT -> {
          assertThat(orders).as("orders of %s", what).isZero();
          assertThat(events).as("interaction ages of %s", what).isNotEmpty().allMatch(age -> age > 120);
        }
        case LOYAL -> {
          assertThat(lastOrderAge.get(id)).as("days since the last order of %s", what).isBetween(0L, 26L);
          assertThat(orders).as("orders of %s", what).isGreaterThanOrEqualTo(DAYS / 27);
          assertThat(events).as("interactions of %s", what).hasSizeBetween(10, 30);
        }
        case BIG_ONE_OFF -> {
          assertThat(orders).as("orders of %s", what).isEqualTo(1);
          assertThat(lastOrderAge.get(id)).as("days since the order of %s", what).isBetween(31L, 150L);
        }
        case DRIFTING -> {
          assertThat(lastOrderAge.get(id)).as("days since the last order of %s", what).isBetween(181L, 240L);
          assertThat(orders).as("orders of %s", what).isGreaterThanOrEqualTo(5);
          List<Long> ages = orderAgesOf(id);
          assertThat(ages.get(1) - ages.get(0)).as("last gap of %s is longer than the first", what)
              .isGreaterThan(ages.get(ages.size() - 1) - ages.get(ages.size() - 2));
        }
      }
    }
    assertThat(meanOrders.get(Persona.VIP)).as("mean orders of vip customers")
        .isGreaterThan(10 * meanOrders.get(Persona.ORDINARY))
        .isGreaterThan(2 * meanOrders.get(Persona.KEY));
    assertThat(meanOrders.get(Persona.KEY)).as("mean orders of key customers")
        .isGreaterThan(3 * meanOrders.get(Persona.ORDINARY));
  }

  @Test
  void badRowsFileHasExactlyBadRowsRowsCyclingThroughTheKinds() {
    assertThat(badRows.getFirst()).as("header of bad-rows.csv").isEqualTo(SyntheticExports.TRANSACTIONS_HEADER);
    List<String> lines = badRows.subList(1, badRows.size());
    assertThat(lines).as("data rows of bad-rows.csv").hasSize(BAD_ROWS);
    Set<String> realLines = transactions.stream().map(row -> String.join(",", row)).collect(Collectors.toSet());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String[] fields = line.split(",", -1);
      BadRowKind kind = BadRowKind.ofRow(i);
      int n = i / BadRowKind.values().length + 1;
      if (kind != BadRowKind.DUPLICATE) {
        assertThat(fields[0]).as("id of bad row %s", line).isEqualTo(kind.transactionId(n));
      }
      switch (kind) {
        case MISSING_CUSTOMER -> assertThat(fields[1]).as("customer of %s", line).isEmpty();
        case NON_NUMERIC_AMOUNT -> assertThat(line).as("amount of %s", line).contains(",\"12,5x\",");
        case UNDECLARED_DATE_FORMAT -> assertThat(fields[2]).as("ts of %s", line).matches("\\d{2}/\\d{2}/\\d{4}");
        case WRONG_FIELD_COUNT -> assertThat(fields).as("fields of %s", line).hasSize(5);
        case DUPLICATE -> assertThat(realLines).as("real rows").contains(line);
        case FUTURE_TIMESTAMP -> assertThat(LocalDateTime.parse(fields[2]).toLocalDate())
            .as("day of %s", line).isAfter(LocalDate.now()).isAfter(AS_OF);
      }
    }
  }

  @Test
  void sameSeedGivesTheSameRowsWhateverThePartitioning(SparkSession spark) {
    GeneratorOptions small = new GeneratorOptions(tmp.resolve("one").toString(), 300, 400, AS_OF, 11, 6);
    SyntheticExports.generate(spark, small, 1);
    String shufflePartitions = spark.conf().get("spark.sql.shuffle.partitions");
    GeneratorOptions again = small.withOutDir(tmp.resolve("five").toString());
    try {
      spark.conf().set("spark.sql.shuffle.partitions", "9");
      SyntheticExports.generate(spark, again, 5);
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", shufflePartitions);
    }
    GeneratorOptions otherSeed = small.withOutDir(tmp.resolve("other-seed").toString()).withSeed(12);
    SyntheticExports.generate(spark, otherSeed, 1);

    for (String dir : List.of("transactions", "interactions", "truth/personas")) {
      List<String> once = sortedLines(Path.of(small.outDir(), dir));
      assertThat(sortedLines(Path.of(again.outDir(), dir))).as("%s from 5 partitions vs 1", dir).isEqualTo(once);
      assertThat(sortedLines(Path.of(otherSeed.outDir(), dir))).as("%s with another seed", dir).isNotEqualTo(once);
    }
    assertThat(fileNames(Path.of(small.outDir(), "transactions"))).as("files from one partition")
        .containsExactlyInAnyOrder("transactions-00000.csv", "bad-rows.csv");
  }

  @Test
  void optionsRejectBadValuesNamingThem() {
    GeneratorOptions good = GeneratorOptions.of(tmp, 10, AS_OF);
    assertThat(good.days()).as("default days").isEqualTo(730);
    assertThat(good.firstDay()).as("first day of the default history").isEqualTo(AS_OF.minusDays(729));
    assertThatThrownBy(() -> good.withCustomers(0)).as("zero customers").hasMessageContaining("got 0");
    assertThatThrownBy(() -> good.withDays(30)).as("30 days").hasMessageContaining("got 30");
    assertThatThrownBy(() -> good.withBadRows(-1)).as("-1 bad rows").hasMessageContaining("got -1");
    assertThatThrownBy(() -> good.withOutDir(" ")).as("blank outDir").hasMessageContaining("outDir");
    assertThatThrownBy(() -> new GeneratorOptions("x", 1, 730, null, 1, 0)).as("no asOf")
        .hasMessageContaining("asOf");
  }

  @Test
  void futureDayIsAfterTodayAndAsOf() {
    assertThat(BadRows.futureDay(AS_OF, LocalDate.of(2026, 4, 1))).as("future day of a recent as-of")
        .isEqualTo(AS_OF.plusYears(10));
    assertThat(BadRows.futureDay(LocalDate.of(2000, 1, 1), LocalDate.of(2026, 4, 1)))
        .as("future day of an old as-of").isEqualTo(LocalDate.of(2027, 4, 1));
  }

  private static long age(String ts) {
    return ChronoUnit.DAYS.between(LocalDateTime.parse(ts).toLocalDate(), AS_OF);
  }

  private static List<String[]> rows(List<String> lines) {
    return lines.stream().map(line -> line.split(",", -1)).toList();
  }

  /** Data lines (no header) of the files of {@code dir} whose name starts with {@code prefix}. */
  private static List<String> dataLines(Path dir, String prefix) {
    List<String> lines = new ArrayList<>();
    for (Path file : files(dir)) {
      if (file.getFileName().toString().startsWith(prefix)) {
        List<String> fileLines = readLines(file);
        lines.addAll(fileLines.subList(1, fileLines.size()));
      }
    }
    return lines;
  }

  /** The data lines of all files of {@code dir}, sorted. */
  private static List<String> sortedLines(Path dir) {
    List<String> lines = dataLines(dir, "");
    lines.sort(null);
    return lines;
  }

  private static Set<String> headers(Path dir) {
    return files(dir).stream().map(file -> readLines(file).getFirst()).collect(Collectors.toSet());
  }

  private static List<String> fileNames(Path dir) {
    return files(dir).stream().map(file -> file.getFileName().toString()).toList();
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
