/**
 * The tier backtest ({@code tiers backtest}): tiers computed as of a calibration end by the normal
 * run code in a scratch warehouse, measured against what each customer did in the holdout period.
 * Every metric is a Spark aggregation; orderings are distributed sorts; only per-tier and
 * per-percentile figures reach the driver.
 */
package io.github.customertiers.pipeline.backtest;
