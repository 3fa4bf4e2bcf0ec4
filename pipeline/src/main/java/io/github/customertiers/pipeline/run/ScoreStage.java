package io.github.customertiers.pipeline.run;

import io.github.customertiers.pipeline.features.CustomerFeatures;
import io.github.customertiers.pipeline.scores.CustomerScores;
import io.github.customertiers.pipeline.spark.JobGroup;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The score stage of one as-of date: features, the value model (fitted, or the reason it was
 * not) and the scores, as Dataset functions. The caller owns the result and closes it; on a
 * failure here the stage releases what it persisted itself.
 */
final class ScoreStage {
  private final RunContext ctx;

  ScoreStage(RunContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param transactionsUpToAsOf stored transaction rows of days up to {@code asOf}
   * @param interactionsUpToAsOf stored interaction rows of days up to {@code asOf}
   */
  ScoredCustomers score(Dataset<Row> transactionsUpToAsOf, Dataset<Row> interactionsUpToAsOf, LocalDate asOf) {
    ctx.progress().accept("features and scores as of " + asOf);
    return JobGroup.run(ctx.spark(), "score", "features and scores as of " + asOf,
        () -> compute(transactionsUpToAsOf, interactionsUpToAsOf, asOf));
  }

  private ScoredCustomers compute(Dataset<Row> transactionsUpToAsOf, Dataset<Row> interactionsUpToAsOf, LocalDate asOf) {
    var config = ctx.config();
    Dataset<Row> computed = CustomerFeatures.compute(transactionsUpToAsOf, interactionsUpToAsOf, asOf, config.windows());
    CustomerValues values = CustomerValues.compute(transactionsUpToAsOf, asOf, config.valueModel(), ctx.progress());
    Dataset<Row> features = null;
    Dataset<Row> scored = null;
    try {
      features = computed.join(values.columns(), computed.col("customer_id").equalTo(values.columns().col("value_customer_id")), "left")
          .drop("value_customer_id")
          .persist(StorageLevel.MEMORY_AND_DISK());
      ValueBasis basis = ValueBasis.of(values.fit().fitted());
      scored = CustomerScores.score(features, basis.column(), config.windows().scoringMonths()).persist(StorageLevel.MEMORY_AND_DISK());
      return new ScoredCustomers(features, scored, values, basis, scored.count());
    } catch (RuntimeException e) {
      if (scored != null) {
        scored.unpersist();
      }
      if (features != null) {
        features.unpersist();
      }
      throw e;
    } finally {
      values.release();
    }
  }
}
