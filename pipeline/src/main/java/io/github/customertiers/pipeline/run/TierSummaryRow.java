package io.github.customertiers.pipeline.run;

/** One line of the per-tier summary: small numbers computed by a distributed aggregation. */
public record TierSummaryRow(String tier, long customers, double shareOfCustomers, double revenue,
    double shareOfRevenue, double medianValueScore, double medianLoyaltyScore) {}
