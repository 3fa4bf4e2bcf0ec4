/**
 * The customer value model: BG/NBD purchase counts (Fader, Hardie &amp; Lee 2005), Gamma-Gamma spend
 * (Fader &amp; Hardie 2013) and a discounted customer lifetime value built from both.
 *
 * <p>Flow: {@link io.github.customertiers.pipeline.value.RepeatPurchaseSummary} turns canonical
 * transactions into one row per customer ({@code x, t_x, T, mean_repeat_value}) on the executors;
 * {@link io.github.customertiers.pipeline.value.ValueModelFitter} checks the
 * {@link io.github.customertiers.pipeline.value.ValueModelGuard}, collects only the distinct
 * (x, t_x, T) and (x, mean value) tuples with their counts, and fits both models on the driver;
 * {@link io.github.customertiers.pipeline.value.ValueModelScoring} adds {@code p_alive,
 * expected_purchases, expected_value, clv} on the executors;
 * {@link io.github.customertiers.pipeline.value.HoldoutEvaluation} checks the model against a holdout
 * period. Formulas, units and assumptions: {@code docs/VALUE_MODEL.md}.
 */
package io.github.customertiers.pipeline.value;
