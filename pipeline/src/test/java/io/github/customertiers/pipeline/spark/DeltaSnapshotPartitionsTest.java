package io.github.customertiers.pipeline.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.publish.DeltaTables;
import io.github.customertiers.pipeline.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Delta settings of a session ({@link SparkSessions#withDelta}): Delta replays its log into
 * {@link SparkSessions#DELTA_SNAPSHOT_PARTITIONS} partitions, not its default 50, and a user's
 * {@code spark.conf} value wins. The first test watches real Delta commits (the setting's name is
 * the one Delta reads).
 */
@ExtendWith(SharedSpark.class)
class DeltaSnapshotPartitionsTest {
  @TempDir Path dir;

  @Test
  void deltaReplaysItsLogInTheFewPartitionsTheSessionSets(SparkSession spark) throws Exception {
    List<Integer> snapshotTasks = new CopyOnWriteArrayList<>();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        String description = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
        if (description != null && description.startsWith("Delta: Compute snapshot")) {
          int tasks = 0;
          for (StageInfo stage : CollectionConverters.asJava(start.stageInfos())) {
            tasks = Math.max(tasks, stage.numTasks());
          }
          snapshotTasks.add(tasks);
        }
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      String table = dir.resolve("segments").toUri().toString();
      for (String day : List.of("2026-06-29", "2026-06-30", "2026-06-30")) {
        Dataset<Row> rows = spark.sql("SELECT id AS customer, 'vip' AS tier FROM range(3)");
        DeltaTables.replaceDate(rows, new org.apache.hadoop.fs.Path(table), LocalDate.parse(day));
      }
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertThat(spark.read().format(DeltaTables.FORMAT).load(dir.resolve("segments").toUri().toString()).count())
        .as("two dates of three rows").isEqualTo(6);
    assertThat(snapshotTasks).as("Delta's snapshot jobs (tasks of their largest stage)").isNotEmpty()
        .allSatisfy(tasks -> assertThat(tasks).isLessThanOrEqualTo(Integer.parseInt(SparkSessions.DELTA_SNAPSHOT_PARTITIONS) + 1));
  }

  @Test
  void aSparkConfValueForTheSnapshotPartitionsWins() {
    assertThat(SparkSessions.withDelta(Map.of())).containsEntry("spark.databricks.delta.snapshotPartitions",
        SparkSessions.DELTA_SNAPSHOT_PARTITIONS);
    assertThat(SparkSessions.withDelta(Map.of("spark.databricks.delta.snapshotPartitions", "64")))
        .containsEntry("spark.databricks.delta.snapshotPartitions", "64")
        .containsEntry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
  }
}
