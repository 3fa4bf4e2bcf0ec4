package io.github.customertiers.pipeline.generate;

import static io.github.customertiers.pipeline.generate.HashRandom.doubleBetween;
import static io.github.customertiers.pipeline.generate.HashRandom.intBetween;
import static io.github.customertiers.pipeline.generate.HashRandom.pick;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.generate.HashRandom.Weighted;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Generates realistic synthetic customer exports in Spark, in parallel, in the canonical layout
 * the pipeline ingests.
 *
 * <p>Customers are {@code spark.range(customers)}; each customer's orders, order lines, refunds
 * and interactions are exploded from it with {@code sequence}, and every random choice is a hash
 * of (seed, customer index, order, line, salt) (see {@link HashRandom}). Nothing per customer is
 * built on the driver, and the files hold the same rows whatever the number of partitions.
 *
 * <p>Layout under {@link GeneratorOptions#outDir()}:
 * <ul>
 *   <li>{@code transactions/transactions-NNNNN.csv}: {@value #TRANSACTIONS_HEADER}; {@code ts} is a
 *       local date-time without offset in the business time zone, {@code amount} has 2 decimals
 *       and is negative for refunds ({@code R...} ids); an order has 1–3 lines sharing its id.
 *   <li>{@code transactions/bad-rows.csv}: the hand-made bad rows, see {@link BadRowKind}.
 *   <li>{@code interactions/interactions-NNNNN.csv}: {@value #INTERACTIONS_HEADER}.
 *   <li>{@code truth/personas/personas-NNNNN.csv}: {@value #PERSONAS_HEADER}, see {@link Persona}.
 * </ul>
 * All timestamps fall on the days {@code [asOf - days + 1, asOf]}, except the deliberate
 * future-dated bad rows.
 */
public final class SyntheticExports {

  public static final String TRANSACTIONS_HEADER = "transaction_id,customer_id,ts,amount,currency,quantity,channel";
  public static final String INTERACTIONS_HEADER = "event_id,customer_id,ts,event_type,channel";
  public static final String PERSONAS_HEADER = "customer_id,persona";
  public static final String BAD_ROWS_FILE = "bad-rows.csv";
  public static final String CURRENCY = "EUR";

  private static final Logger LOG = LogManager.getLogger(SyntheticExports.class);

  /** Customers per range partition: about 750,000 transaction rows per task and output file. */
  private static final long CUSTOMERS_PER_PARTITION = 50_000;
  private static final int MAX_PARTITIONS = 10_000;
  /** The bad-row duplicates copy real rows of the first customers only, so finding them is cheap. */
  private static final long DUPLICATE_SOURCE_CUSTOMERS = 2_000;

  private static final double REFUND_SHARE = 0.03;
  /**
   * Spend follows the Gamma-Gamma model itself: a customer's mean basket is
   * scale x (Q-1)/Gamma(Q) (inverse gamma across customers, mean = the persona's scale), and each
   * order is mean basket x Gamma(P)/P (gamma around the customer's mean).
   */
  private static final int SPEND_SHAPE_ACROSS_CUSTOMERS = 8;
  private static final int SPEND_SHAPE_PER_ORDER = 6;
  /** Drifting customers: the k-th order before the last lies 1.6 interval k^0.7 days earlier. */
  private static final double DRIFT_SPREAD = 1.6;
  private static final double DRIFT_POWER = 0.7;
  private static final int MAX_REFUND_DELAY_DAYS = 10;

  // One salt per independent draw.
  private static final int SALT_PERSONA = 1;
  private static final int SALT_CHANNEL = 2;
  private static final int SALT_INTERVAL = 3;
  private static final int SALT_PHASE = 4;
  private static final int SALT_LAST_AGE = 5;
  private static final int SALT_ORDER_COUNT = 6;
  private static final int SALT_EVENT_COUNT = 7;
  private static final int SALT_ORDER_AGE = 10;
  private static final int SALT_LINES = 12;
  private static final int SALT_CUT_1 = 13;
  private static final int SALT_CUT_2 = 14;
  private static final int SALT_QUANTITY = 15;
  private static final int SALT_ORDER_CHANNEL = 16;
  private static final int SALT_ORDER_CHANNEL_PICK = 17;
  private static final int SALT_ORDER_TIME = 18;
  private static final int SALT_REFUND = 19;
  private static final int SALT_REFUND_DELAY = 20;
  private static final int SALT_REFUND_TIME = 21;
  private static final int SALT_REFUND_FULL = 22;
  private static final int SALT_REFUND_PART = 23;
  private static final int SALT_EVENT_AGE = 30;
  private static final int SALT_EVENT_TIME = 31;
  private static final int SALT_EVENT_TYPE = 32;
  private static final int SALT_EVENT_CHANNEL = 33;
  private static final int SALT_SPEND_CUSTOMER = 40;
  private static final int SALT_SPEND_ORDER = 41;

  private static final List<Weighted> CHANNELS =
      List.of(new Weighted("web", 0.5), new Weighted("store", 0.3), new Weighted("app", 0.2));
  private static final List<Weighted> EVENT_TYPES = List.of(
      new Weighted("visit", 0.30), new Weighted("view", 0.30), new Weighted("click", 0.20),
      new Weighted("email_open", 0.15), new Weighted("call", 0.05));

  private SyntheticExports() {}

  /** Generates the exports described by {@code options}; replaces what was under its outDir. */
  public static GeneratedExports generate(SparkSession spark, GeneratorOptions options) {
    return generate(spark, options, defaultPartitions(spark, options.customers()));
  }

  /** As {@link #generate(SparkSession, GeneratorOptions)}, with the customers in so many partitions. */
  static GeneratedExports generate(SparkSession spark, GeneratorOptions options, int customerPartitions) {
    long started = System.nanoTime();
    LOG.info("Generating {} customers over {} days up to {} (seed {}, {} partitions) into {}",
        options.customers(), options.days(), options.asOf(), options.seed(), customerPartitions,
        options.outDir());
    OutputFiles files = OutputFiles.of(spark, options.outDir());
    String transactionsDir = files.child("transactions");
    String interactionsDir = files.child("interactions");
    String personasDir = files.child("truth/personas");
    Dataset<Row> customers = customers(spark, options, options.customers(), customerPartitions);
    try {
      Column[] perPersona = new Column[Persona.values().length];
      for (Persona persona : Persona.values()) {
        perPersona[persona.ordinal()] = count(when(col("persona").equalTo(persona.label()), 1)).as(persona.label());
      }
      Map<String, Object> personaMetrics = writeCsv(spark, "generate personas",
          customers.select("customer_id", "persona"), files, personasDir, "personas", perPersona);
      Map<Persona, Long> customersPerPersona = new EnumMap<>(Persona.class);
      for (Persona persona : Persona.values()) {
        customersPerPersona.put(persona, metric(personaMetrics, persona.label()));
      }
      LOG.info("Wrote personas of {} customers: {}", options.customers(), customersPerPersona);

      Map<String, Object> transactionMetrics = writeCsv(spark, "generate transactions",
          transactions(customers, options), files, transactionsDir, "transactions",
          count(lit(1)).as("rows"), count(when(col("amount").lt(0), 1)).as("refunds"));
      long transactionRows = metric(transactionMetrics, "rows");
      long refundRows = metric(transactionMetrics, "refunds");
      LOG.info("Wrote {} transaction rows ({} refunds) after {} ms", transactionRows, refundRows,
          elapsedMillis(started));

      long interactionRows = metric(writeCsv(spark, "generate interactions", interactions(customers, options),
          files, interactionsDir, "interactions", count(lit(1)).as("rows")), "rows");
      LOG.info("Wrote {} interaction rows after {} ms", interactionRows, elapsedMillis(started));

      Optional<String> badRowsFile = Optional.empty();
      if (options.badRows() > 0) {
        spark.sparkContext().setJobDescription("generate bad rows");
        List<String> badRows = BadRows.lines(options, duplicateSources(spark, options));
        badRowsFile = Optional.of(files.write(transactionsDir, BAD_ROWS_FILE, TRANSACTIONS_HEADER, badRows));
        LOG.info("Wrote {} bad rows to {}", badRows.size(), badRowsFile.get());
      }
      long durationMillis = elapsedMillis(started);
      LOG.info("Generated {} transaction rows and {} interaction rows for {} customers in {} ms",
          transactionRows, interactionRows, options.customers(), durationMillis);
      return new GeneratedExports(options, transactionsDir, interactionsDir, personasDir, badRowsFile,
          customersPerPersona, transactionRows, refundRows, interactionRows, options.badRows(), durationMillis);
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  /**
   * Writes {@code rows} as CSV with a header into {@code dir}, renames the part files
   * {@code prefix-NNNNN.csv} and returns the {@code metrics} observed while writing (counted once
   * per row even if a task is retried).
   */
  private static Map<String, Object> writeCsv(SparkSession spark, String description, Dataset<Row> rows,
      OutputFiles files, String dir, String prefix, Column... metrics) {
    spark.sparkContext().setJobDescription(description);
    Observation observation = new Observation();
    rows.observe(observation, metrics[0], Arrays.copyOfRange(metrics, 1, metrics.length))
        .write().mode(SaveMode.Overwrite).option("header", "true").csv(dir);
    files.tidy(dir, prefix);
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the metrics of " + dir, e);
    }
  }

  private static long metric(Map<String, Object> metrics, String name) {
    return ((Number) metrics.get(name)).longValue();
  }

  /** One partition per {@value #CUSTOMERS_PER_PARTITION} customers, at least one per core. */
  static int defaultPartitions(SparkSession spark, long customers) {
    long byVolume = (customers + CUSTOMERS_PER_PARTITION - 1) / CUSTOMERS_PER_PARTITION;
    long partitions = Math.max(spark.sparkContext().defaultParallelism(), byVolume);
    return (int) Math.min(Math.min(partitions, MAX_PARTITIONS), customers);
  }

  /**
   * One row per customer: {@code id} (0-based index), {@code customer_id}, {@code persona} and the
   * persona's parameters, drawn from hashes of (seed, id).
   */
  static Dataset<Row> customers(SparkSession spark, GeneratorOptions options, long count, int partitions) {
    HashRandom random = new HashRandom(options.seed());
    Column id = col("id");
    Column persona = col("persona");
    Column vip = persona.equalTo(Persona.VIP.label());
    Column key = persona.equalTo(Persona.KEY.label());
    Column ordinary = persona.equalTo(Persona.ORDINARY.label());
    Column prospect = persona.equalTo(Persona.PROSPECT.label());
    Column isNew = persona.equalTo(Persona.NEW.label());
    Column lapsed = persona.equalTo(Persona.LAPSED.label());
    Column loyal = persona.equalTo(Persona.LOYAL.label());
    Column bigOneOff = persona.equalTo(Persona.BIG_ONE_OFF.label());
    Column drifting = persona.equalTo(Persona.DRIFTING.label());
    int lastDay = options.days() - 1;
    Column uLastAge = col("u_last_age");
    Column uOrders = col("u_orders");
    Column uEvents = col("u_events");
    Column uInterval = col("u_interval");
    // Each draw is a column of its own, so that a draw used in several branches is hashed once.
    return spark.range(0, count, 1, partitions)
        .withColumn("u_persona", random.uniform(SALT_PERSONA, id))
        .withColumn("u_channel", random.uniform(SALT_CHANNEL, id))
        .withColumn("u_interval", random.uniform(SALT_INTERVAL, id))
        .withColumn("u_phase", random.uniform(SALT_PHASE, id))
        .withColumn("u_last_age", random.uniform(SALT_LAST_AGE, id))
        .withColumn("u_orders", random.uniform(SALT_ORDER_COUNT, id))
        .withColumn("u_events", random.uniform(SALT_EVENT_COUNT, id))
        .withColumn("persona", pick(col("u_persona"), personaWeights()))
        .select(
            id,
            customerId(id).as("customer_id"),
            persona,
            pick(col("u_channel"), CHANNELS).as("pref_channel"),
            // Days between orders of vip and key customers.
            when(vip, doubleBetween(uInterval, 5, 12)).when(key, doubleBetween(uInterval, 25, 45))
                .when(loyal, doubleBetween(uInterval, 10, 20)).when(drifting, doubleBetween(uInterval, 20, 40))
                .as("interval"),
            drifting.as("drifting"),
            col("u_phase"),
            // Days before as-of of the most recent order of the other buyers.
            when(ordinary, intBetween(uLastAge, 31, 150))
                .when(isNew, intBetween(uLastAge, 1, 25))
                .when(lapsed, intBetween(uLastAge, 250, Math.min(700, lastDay)))
                .when(bigOneOff, intBetween(uLastAge, 31, 150))
                .when(drifting, intBetween(uLastAge, 181, Math.min(240, lastDay))).as("last_age"),
            when(ordinary, intBetween(uOrders, 2, 5))
                .when(isNew.or(bigOneOff), lit(1))
                .when(lapsed, intBetween(uOrders, 1, 6))
                .otherwise(lit(0)).as("n_occasional_orders"),
            // The customer's mean basket in EUR: the persona's scale x (Q-1)/Gamma(Q).
            when(vip, 350).when(key, 100).when(isNew, 55).when(lapsed, 65).when(loyal, 25).when(bigOneOff, 900)
                .when(drifting, 70).otherwise(35)
                .multiply(SPEND_SHAPE_ACROSS_CUSTOMERS - 1)
                .divide(random.gamma(SALT_SPEND_CUSTOMER, SPEND_SHAPE_ACROSS_CUSTOMERS, id)).as("mean_basket"),
            when(vip, intBetween(uEvents, 30, 120))
                .when(key, intBetween(uEvents, 10, 40))
                .when(ordinary, intBetween(uEvents, 2, 12))
                .when(prospect, intBetween(uEvents, 2, 15))
                .when(isNew, intBetween(uEvents, 1, 5))
                .when(lapsed, intBetween(uEvents, 0, 6))
                .when(loyal, intBetween(uEvents, 10, 30))
                .when(drifting, intBetween(uEvents, 3, 15))
                .otherwise(intBetween(uEvents, 1, 6)).as("n_events"),
            // Interactions fall `event_age_lo` to `event_age_hi` days before as-of.
            when(lapsed.or(drifting), col("last_age"))
                .when(persona.equalTo(Persona.DORMANT.label()), 121)
                .otherwise(0).as("event_age_lo"),
            when(prospect, 89).when(isNew, 29).otherwise(lastDay).as("event_age_hi"))
        // vip and key: the most recent order is `phase` days before as-of, then one every `interval`.
        .withColumn("phase", col("interval").multiply(col("u_phase")))
        .withColumn("n_orders", when(col("drifting"),
                floor(org.apache.spark.sql.functions.pow(lit(lastDay).minus(col("last_age"))
                    .divide(col("interval").multiply(DRIFT_SPREAD)), 1 / DRIFT_POWER)).plus(1).cast("int"))
            .when(col("interval").isNotNull(),
                floor(lit(lastDay).minus(col("phase")).divide(col("interval"))).plus(1).cast("int"))
            .otherwise(col("n_occasional_orders")))
        .drop("u_phase", "n_occasional_orders");
  }

  /**
   * The transaction rows ({@value #TRANSACTIONS_HEADER}) of {@code customers}: 1–3 lines per order,
   * the basket split across them, and for about {@value #REFUND_SHARE} of orders a later refund row.
   */
  static Dataset<Row> transactions(Dataset<Row> customers, GeneratorOptions options) {
    HashRandom random = new HashRandom(options.seed());
    int lastDay = options.days() - 1;
    Column id = col("id");
    Column k = col("k");
    Column interval = col("interval");
    Column lastAge = col("last_age");
    Column uAge = col("u_age");
    // vip and key buy regularly up to as-of, with some jitter; the others have a most recent
    // order at `last_age` and the rest at random before it.
    Column regularAge = greatest(lit(0), least(lit(lastDay),
        floor(col("phase").plus(k.multiply(interval)).plus(uAge.minus(0.5).multiply(0.6).multiply(interval)))))
        .cast("int");
    Column occasionalAge = when(k.equalTo(0), lastAge).otherwise(intBetween(uAge, lastAge, lit(lastDay)));
    // Drifting customers: the gaps between orders grow towards the last one, at `last_age`.
    Column driftAge = when(k.equalTo(0), lastAge).otherwise(least(lit(lastDay), greatest(lastAge.plus(1),
        floor(lastAge.plus(interval.multiply(DRIFT_SPREAD).multiply(org.apache.spark.sql.functions.pow(k, DRIFT_POWER)))
            .plus(uAge.minus(0.5).multiply(0.3).multiply(interval)))))).cast("int");
    Column total = col("total_cents");
    Column lines = col("n_lines");
    Column quantities = col("quantities");
    Column age = col("age");
    Column fullRefund = col("u_refund_full").lt(0.5);
    Column uCut1 = col("u_cut_1");

    Dataset<Row> orders = customers
        .select(id, col("customer_id"), interval, col("phase"), lastAge, col("drifting"),
            col("mean_basket"), col("pref_channel"),
            explode(when(col("n_orders").gt(0), sequence(lit(0), col("n_orders").minus(1)))).as("k"))
        .withColumn("u_age", random.uniform(SALT_ORDER_AGE, id, k))
        .withColumn("u_cut_1", random.uniform(SALT_CUT_1, id, k))
        .withColumn("u_channel", random.uniform(SALT_ORDER_CHANNEL_PICK, id, k))
        .withColumn("u_refund_full", random.uniform(SALT_REFUND_FULL, id, k))
        .withColumn("u_time", random.uniform(SALT_ORDER_TIME, id, k))
        .withColumn("u_refund_time", random.uniform(SALT_REFUND_TIME, id, k))
        .withColumn("age", when(col("drifting"), driftAge).when(interval.isNotNull(), regularAge)
            .otherwise(occasionalAge))
        .withColumn("order_no", concat(zeroPadded(id.plus(1), 7), lit("-"), zeroPadded(k, 4)))
        // Gamma around the customer's mean basket, at least 1 EUR.
        .withColumn("total_cents", floor(greatest(lit(1.0), col("mean_basket")
            .multiply(random.gamma(SALT_SPEND_ORDER, SPEND_SHAPE_PER_ORDER, id, k)).divide(SPEND_SHAPE_PER_ORDER))
            .multiply(100)).cast("long"))
        .withColumn("n_lines", intBetween(random.uniform(SALT_LINES, id, k), 1, 3))
        // Where the basket is cut between lines: each line gets at least 10% of it.
        .withColumn("cut_1", when(lines.equalTo(2), doubleBetween(uCut1, 0.2, 0.8))
            .otherwise(doubleBetween(uCut1, 0.1, 0.45)))
        .withColumn("cut_2", doubleBetween(random.uniform(SALT_CUT_2, id, k), 0.55, 0.9))
        .withColumn("quantities", array(
            lineQuantity(random, id, k, 0), lineQuantity(random, id, k, 1), lineQuantity(random, id, k, 2)))
        .withColumn("channel", when(random.uniform(SALT_ORDER_CHANNEL, id, k).lt(0.7), col("pref_channel"))
            .otherwise(pick(col("u_channel"), CHANNELS)))
        .withColumn("seconds", secondOfDay(col("u_time")))
        .withColumn("refund_seconds", secondOfDay(col("u_refund_time")))
        .withColumn("ts", timestamp(options, age, col("seconds")))
        .withColumn("refunded", age.geq(1).and(random.uniform(SALT_REFUND, id, k).lt(REFUND_SHARE)))
        .withColumn("refund_ts", when(col("refunded"), timestamp(options,
            age.minus(intBetween(random.uniform(SALT_REFUND_DELAY, id, k), lit(1), least(age, lit(MAX_REFUND_DELAY_DAYS)))),
            col("refund_seconds"))))
        .withColumn("refund_cents", when(fullRefund, total).otherwise(greatest(lit(1L),
            floor(total.multiply(doubleBetween(random.uniform(SALT_REFUND_PART, id, k), 0.2, 0.9))))))
        .withColumn("refund_quantity", negate(when(fullRefund,
                element_at(quantities, 1)
                    .plus(when(lines.geq(2), element_at(quantities, 2)).otherwise(0))
                    .plus(when(lines.geq(3), element_at(quantities, 3)).otherwise(0)))
            .otherwise(1)));

    // Line `n_lines` of an order, when there is one, is its refund.
    Column line = col("line");
    Column refundRow = line.equalTo(lines);
    Column lineCents = basketCut(line.plus(1), lines, total).minus(basketCut(line, lines, total));
    return orders
        .select(col("customer_id"), col("order_no"), col("ts"), col("channel"), lines, total, col("cut_1"),
            col("cut_2"), quantities, col("refund_ts"), col("refund_cents"), col("refund_quantity"),
            explode(sequence(lit(0), lines.minus(1).plus(col("refunded").cast("int")))).as("line"))
        .select(
            concat(when(refundRow, lit("R")).otherwise(lit("T")), col("order_no")).as("transaction_id"),
            col("customer_id"),
            when(refundRow, col("refund_ts")).otherwise(col("ts")).as("ts"),
            cents(when(refundRow, negate(col("refund_cents"))).otherwise(lineCents)).as("amount"),
            lit(CURRENCY).as("currency"),
            when(refundRow, col("refund_quantity")).otherwise(element_at(quantities, least(line.plus(1), lit(3))))
                .as("quantity"),
            col("channel"));
  }

  /**
   * The interaction rows ({@value #INTERACTIONS_HEADER}) of {@code customers}, between
   * {@code event_age_lo} and {@code event_age_hi} days before as-of.
   */
  static Dataset<Row> interactions(Dataset<Row> customers, GeneratorOptions options) {
    HashRandom random = new HashRandom(options.seed());
    Column id = col("id");
    Column e = col("e");
    Column type = col("event_type");
    Column preferred = col("pref_channel");
    Column webOrApp = when(random.uniform(SALT_EVENT_CHANNEL, id, e).lt(0.6), lit("web")).otherwise(lit("app"));
    return customers
        .select(id, col("customer_id"), preferred, col("event_age_lo"), col("event_age_hi"),
            explode(when(col("n_events").gt(0), sequence(lit(0), col("n_events").minus(1)))).as("e"))
        .withColumn("u_event_type", random.uniform(SALT_EVENT_TYPE, id, e))
        .withColumn("event_type", pick(col("u_event_type"), EVENT_TYPES))
        .withColumn("u_time", random.uniform(SALT_EVENT_TIME, id, e))
        .withColumn("seconds", secondOfDay(col("u_time")))
        .select(
            concat(lit("E"), zeroPadded(id.plus(1), 7), lit("-"), zeroPadded(e, 4)).as("event_id"),
            col("customer_id"),
            timestamp(options,
                intBetween(random.uniform(SALT_EVENT_AGE, id, e), col("event_age_lo"), col("event_age_hi")),
                col("seconds")).as("ts"),
            type,
            when(type.equalTo("call"), lit("store"))
                .when(type.equalTo("email_open"), webOrApp)
                .when(type.equalTo("visit"), preferred)
                .when(preferred.equalTo("store"), webOrApp)
                .otherwise(preferred).as("channel"));
  }

  /**
   * Real order lines to copy as duplicate bad rows, formatted as in the CSV files: the first
   * order lines by transaction id of the first customers. The same whatever the partitioning.
   */
  static List<String> duplicateSources(SparkSession spark, GeneratorOptions options) {
    int wanted = 0;
    for (int i = 0; i < options.badRows(); i++) {
      if (BadRowKind.ofRow(i) == BadRowKind.DUPLICATE) {
        wanted++;
      }
    }
    if (wanted == 0) {
      return List.of();
    }
    long sourceCustomers = Math.min(options.customers(), DUPLICATE_SOURCE_CUSTOMERS);
    Dataset<Row> firstRows = transactions(customers(spark, options, sourceCustomers, 1), options)
        .filter(col("amount").gt(0))
        .orderBy("transaction_id", "ts", "amount", "quantity")
        .limit(wanted)
        .select(concat_ws(",", col("transaction_id"), col("customer_id"), col("ts"),
            col("amount").cast("string"), col("currency"), col("quantity").cast("string"), col("channel")));
    List<String> sources = new ArrayList<>();
    for (Row row : firstRows.collectAsList()) {
      sources.add(row.getString(0));
    }
    return sources;
  }

  /** The customer id of the 0-based index {@code id}: {@code C0000001} for 0. */
  static String customerId(long id) {
    return String.format("C%07d", id + 1);
  }

  private static Column customerId(Column id) {
    return concat(lit("C"), zeroPadded(id.plus(1), 7));
  }

  private static List<Weighted> personaWeights() {
    List<Weighted> weights = new ArrayList<>();
    for (Persona persona : Persona.values()) {
      weights.add(new Weighted(persona.label(), persona.share()));
    }
    return weights;
  }

  private static Column lineQuantity(HashRandom random, Column id, Column k, int line) {
    // Mostly 1, sometimes up to 4.
    Column u = random.uniform(SALT_QUANTITY, id, k, lit(line));
    return floor(u.multiply(u).multiply(4)).plus(1).cast("int");
  }

  /** Cents of the basket before cut {@code b} of {@code lines} lines: 0, cut_1, cut_2, total. */
  private static Column basketCut(Column b, Column lines, Column total) {
    return when(b.equalTo(0), lit(0L))
        .when(b.geq(lines), total)
        .when(b.equalTo(1), floor(total.multiply(col("cut_1"))))
        .otherwise(floor(total.multiply(col("cut_2"))));
  }

  /** Cents as an exact decimal(16,2) amount. */
  private static Column cents(Column cents) {
    return cents.cast(DataTypes.createDecimalType(18, 0)).divide(lit(100))
        .cast(DataTypes.createDecimalType(16, 2));
  }

  /** Three quarters of the activity between 08:00 and 22:00, the rest spread over the whole day. */
  private static Column secondOfDay(Column u) {
    return when(u.lt(0.75), floor(u.divide(0.75).multiply(14 * 3600)).plus(8 * 3600))
        .otherwise(floor(u.minus(0.75).divide(0.25).multiply(24 * 3600)))
        .cast("int");
  }

  /** {@code yyyy-MM-ddTHH:mm:ss}, {@code age} days before as-of: a local time, no zone involved. */
  private static Column timestamp(GeneratorOptions options, Column age, Column seconds) {
    return concat(
        date_sub(lit(options.asOf()), age).cast("string"), lit("T"),
        twoDigits(floor(seconds.divide(3600))), lit(":"),
        twoDigits(floor(pmod(seconds, lit(3600)).divide(60))), lit(":"),
        twoDigits(pmod(seconds, lit(60))));
  }

  private static Column twoDigits(Column zeroTo99) {
    return lpad(zeroTo99.cast("string"), 2, "0");
  }

  /** {@code value} as a string left-padded with zeros to {@code width}, never truncated. */
  private static Column zeroPadded(Column value, int width) {
    Column text = value.cast("string");
    return when(length(text).geq(width), text).otherwise(lpad(text, width, "0"));
  }

  private static long elapsedMillis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
