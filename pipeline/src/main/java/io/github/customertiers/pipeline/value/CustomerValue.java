package io.github.customertiers.pipeline.value;

/**
 * The value-model outputs for one customer. NaN marks a value the models cannot give (for example
 * the expected spend of a customer without repeat purchases when the Gamma-Gamma q &lt;= 1).
 *
 * @param probabilityAlive P(alive | x, t_x, T), in [0, 1]
 * @param expectedPurchases expected purchase days over the CLV horizon (undiscounted)
 * @param expectedValue expected net amount per future purchase day, in currency
 * @param clv discounted margin over the horizon, in currency
 */
public record CustomerValue(double probabilityAlive, double expectedPurchases, double expectedValue, double clv) {}
