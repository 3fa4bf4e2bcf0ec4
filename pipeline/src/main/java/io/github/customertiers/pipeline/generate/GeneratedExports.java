package io.github.customertiers.pipeline.generate;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SyntheticExports#generate} wrote.
 *
 * @param options             the options it ran with
 * @param transactionsDir     the directory of transaction CSV files (including {@code bad-rows.csv})
 * @param interactionsDir     the directory of interaction CSV files
 * @param personasDir         the directory of {@code customer_id,persona} ground-truth CSV files
 * @param badRowsFile         {@code transactions/bad-rows.csv}, when bad rows were asked for
 * @param customersPerPersona number of customers of each persona, every persona present (maybe 0)
 * @param transactionRows     data rows in the generated transaction files, refunds included,
 *                            bad rows excluded
 * @param refundRows          of which refund rows
 * @param interactionRows     data rows in the interaction files
 * @param badRows             data rows in {@code bad-rows.csv}
 * @param durationMillis      wall time of the whole generation
 */
public record GeneratedExports(
    GeneratorOptions options,
    String transactionsDir,
    String interactionsDir,
    String personasDir,
    Optional<String> badRowsFile,
    Map<Persona, Long> customersPerPersona,
    long transactionRows,
    long refundRows,
    long interactionRows,
    long badRows,
    long durationMillis) {

  public GeneratedExports {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(transactionsDir, "transactionsDir");
    Objects.requireNonNull(interactionsDir, "interactionsDir");
    Objects.requireNonNull(personasDir, "personasDir");
    Objects.requireNonNull(badRowsFile, "badRowsFile");
    EnumMap<Persona, Long> complete = new EnumMap<>(Persona.class);
    for (Persona persona : Persona.values()) {
      complete.put(persona, customersPerPersona.getOrDefault(persona, 0L));
    }
    customersPerPersona = Collections.unmodifiableMap(complete);
  }

  /** Total number of customers, the sum over personas. */
  public long customers() {
    return customersPerPersona.values().stream().mapToLong(Long::longValue).sum();
  }
}
