package io.github.customertiers.pipeline.actions;


import io.github.customertiers.pipeline.config.ActionOptions;
import io.github.customertiers.pipeline.publish.CsvFiles;
import io.github.customertiers.pipeline.publish.CsvFiles.Listing;
import io.github.customertiers.pipeline.publish.ExportColumns;
import io.github.customertiers.pipeline.publish.ExportFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the action lists and the changes file of one date into its exports folder ({@code
 * at_risk.csv}, {@code moved.csv}, {@code win_back.csv}, {@code anniversaries.csv}, {@code
 * changes.csv}, their dictionary {@value #DICTIONARY}), and the carried win-back list ({@code
 * win_back/}, Parquet) beside the segments of the version.
 */
public final class ActionExports {
  public static final String DICTIONARY = "action_columns.csv";

  public static final List<String> AT_RISK = List.of("customer_id", "as_of", "tier", "risk", "p_alive", "recency_days",
      "usual_gap_days", "last_purchase_date", "frequency", "monetary", "clv", "value_score", "movement", "recommended_action",
      "contact_cadence");
  public static final List<String> MOVED = List.of("customer_id", "as_of", "from_tier", "to_tier", "direction", "movement",
      "reason", "value_score", "loyalty_score", "monetary", "clv", "recommended_action", "contact_cadence");
  public static final List<String> WIN_BACK = List.of("customer_id", "as_of", "was_tier", "lapsed_on", "past_value_score",
      "past_monetary", "past_clv", "recency_days", "last_purchase_date", "p_alive", "movement", "recommended_action",
      "contact_cadence");
  public static final List<String> ANNIVERSARIES = List.of("customer_id", "as_of", "tier", "first_purchase_date", "anniversary",
      "years", "value_score", "monetary", "clv", "movement", "recommended_action", "contact_cadence");
  public static final List<String> CHANGES = List.of("customer_id", "as_of", "change", "tier", "previous_tier", "value_score",
      "previous_value_score", "loyalty_score", "previous_loyalty_score");

  /** File (without .csv) to its columns, in the order the files are written and counted. */
  public static final Map<String, List<String>> FILES = files();

  private ActionExports() {}

  private static Map<String, List<String>> files() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("at_risk", AT_RISK);
    m.put("moved", MOVED);
    m.put("win_back", WIN_BACK);
    m.put("anniversaries", ANNIVERSARIES);
    m.put("changes", CHANGES);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The carried win-back list of a version directory. */
  public static Path winBackStateIn(Path versionDir) {
    return io.github.customertiers.pipeline.publish.WarehouseLayout.winBackIn(versionDir);
  }

  /**
   * Writes every list of the date; returns the rows of each file (by name without .csv).
   *
   * @param segments the date's segment table with history and {@link PlaybookColumns}
   * @param previousVersion the previous published date's version directory, if any
   */
  public static Map<String, Long> write(SparkSession spark, FileSystem fs, Dataset<Row> segments, LocalDate asOf,
      ActionOptions options, Optional<Path> previousSegments, Optional<Path> previousVersion, Path stagedVersion, Path exports)
      throws IOException {
    Optional<Dataset<Row>> previous = previousSegments.map(p -> spark.read().parquet(p.toString()));
    Optional<Dataset<Row>> previousList = Optional.empty();
    if (previousVersion.isPresent() && fs.exists(winBackStateIn(previousVersion.get()))) {
      previousList = Optional.of(spark.read().parquet(winBackStateIn(previousVersion.get()).toString()));
    }
    Path state = winBackStateIn(stagedVersion);
    ActionLists.winBackState(segments, previous, previousList).coalesce(1).write().mode(SaveMode.Overwrite).parquet(state.toString());
    Dataset<Row> winBackState = spark.read().parquet(state.toString());

    // Every list in one query; the rows of each are counted in its written file.
    Map<String, Long> counts = CsvFiles.write(List.of(
        new Listing("at_risk", ActionLists.atRisk(segments, options), AT_RISK, ActionLists.atRiskOrder()),
        new Listing("moved", ActionLists.moved(segments), MOVED, ActionLists.movedOrder()),
        new Listing("win_back", ActionLists.winBack(segments, winBackState), WIN_BACK, ActionLists.winBackOrder()),
        new Listing("anniversaries", ActionLists.anniversaries(segments, asOf, options), ANNIVERSARIES,
            ActionLists.anniversariesOrder()),
        new Listing("changes", ActionLists.changes(segments, previous, asOf), CHANGES, ActionLists.changesOrder())),
        fs, exports);
    List<String> dictionary = new ArrayList<>();
    FILES.values().forEach(cols -> cols.stream().filter(c -> !dictionary.contains(c)).forEach(dictionary::add));
    try (OutputStream o = fs.create(new Path(exports, DICTIONARY), true)) {
      o.write(ExportColumns.dictionary(dictionary).getBytes(StandardCharsets.UTF_8));
    }
    ExportFolder.finish(fs, exports);
    return counts;
  }
}
