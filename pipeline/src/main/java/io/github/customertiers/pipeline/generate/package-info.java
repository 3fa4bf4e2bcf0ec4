/**
 * Realistic synthetic customer exports, generated in Spark in parallel.
 *
 * <p>{@link io.github.customertiers.pipeline.generate.SyntheticExports#generate} writes the
 * canonical export layout the pipeline ingests ({@code transactions/}, {@code interactions/}) plus
 * the ground truth ({@code truth/personas/}) that tier-recovery tests compare against. Every value
 * is a pure function of the seed and the customer's index, so the output does not depend on the
 * number of partitions or executors.
 */
package io.github.customertiers.pipeline.generate;
