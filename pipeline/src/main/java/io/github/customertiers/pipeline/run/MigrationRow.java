package io.github.customertiers.pipeline.run;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Customers who moved from one tier (or "new") on the previous published date to a tier now. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MigrationRow(String fromTier, String toTier, long customers, double revenue) {

  /** The rows of a written migrations table (at most 6 x 5), ordered by from-tier and to-tier. */
  static List<MigrationRow> of(Dataset<Row> migrations) {
    return migrations.orderBy("from_tier", "to_tier").collectAsList().stream()
        .map(r -> new MigrationRow(r.getString(0), r.getString(1), r.getLong(2),
            r.isNullAt(3) ? 0 : ((BigDecimal) r.get(3)).doubleValue()))
        .toList();
  }
}
