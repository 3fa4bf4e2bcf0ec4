package io.github.customertiers.pipeline.run;

/** Customers who moved from one tier (or "new") on the previous published date to a tier now. */
public record MigrationRow(String fromTier, String toTier, long customers, double revenue) {}
