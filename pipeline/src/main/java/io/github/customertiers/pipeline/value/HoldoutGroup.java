package io.github.customertiers.pipeline.value;

/**
 * One line of a {@link HoldoutReport}: the cohort customers with a given number of calibration
 * repeat purchases.
 *
 * @param repeatPurchases "0" ... "6", or "7+"
 * @param customers customers in the group (0 when nobody has that count)
 * @param meanPredicted mean BG/NBD expected purchases in the holdout (NaN for an empty group)
 * @param meanActual mean actual purchase days in the holdout (NaN for an empty group)
 */
public record HoldoutGroup(String repeatPurchases, long customers, double meanPredicted, double meanActual) {}
