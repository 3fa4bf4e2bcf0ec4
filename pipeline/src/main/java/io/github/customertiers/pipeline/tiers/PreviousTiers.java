package io.github.customertiers.pipeline.tiers;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the previous published date hands to tiering: each customer's tier there (for the
 * hysteresis band) and its tier model (k, scaling, centroids and tier lines to carry over).
 *
 * @param tiers {@code band_customer_id, band_previous_tier}; null when there is no previous date
 * @param model the previous date's {@code _model.json}; null when absent or unreadable
 * @param asOf the previous date, for messages; null when none
 */
public record PreviousTiers(Dataset<Row> tiers, TierModel model, String asOf) {
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static PreviousTiers none() {
    return new PreviousTiers(null, null, null);
  }

  /** Reads the previous published segments directory (as SegmentHistory does) and the model beside it. */
  public static PreviousTiers read(SparkSession spark, FileSystem fs, Optional<Path> previousSegments, String previousAsOf) {
    if (previousSegments.isEmpty()) {
      return none();
    }
    Dataset<Row> tiers = spark.read().parquet(previousSegments.get().toString())
        .select(col("customer_id").as("band_customer_id"), col("tier").as("band_previous_tier"));
    return new PreviousTiers(tiers, readModel(fs, new Path(previousSegments.get(), "_model.json")), previousAsOf);
  }

  static TierModel readModel(FileSystem fs, Path modelJson) {
    try {
      if (!fs.exists(modelJson)) {
        return null;
      }
      try (InputStream in = fs.open(modelJson)) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the previous segment model " + modelJson + ": " + e.getMessage(), e);
    }
  }

  /** Parses a {@code _model.json}. */
  public static TierModel parse(String json) throws IOException {
    return JSON.readValue(json, TierModel.class);
  }
}
