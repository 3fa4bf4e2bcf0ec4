package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish.delta: true} through the command line, in a process of its own as a user starts it:
 * the session gets Delta's extension and catalog from SparkFactory, the date is published as
 * usual and written into the Delta tables in one commit each. Reads, time travel and reruns of
 * the tables are tested in the pipeline (RunStagesTest).
 */
class DeltaPublishCliTest {
  @TempDir Path dir;

  @Test
  void runWithPublishDeltaWritesBothTablesPartitionedByAsOfBesideThePerDateFolders() throws Exception {
    Path tx = Files.createDirectories(dir.resolve("in/transactions"));
    Files.writeString(tx.resolve("t.csv"), "transaction_id,customer_id,ts,amount\n"
        + "t1,A,2026-06-01,500\nt2,A,2026-06-20,700\nt3,B,2026-05-01,40\nt4,C,2025-09-01,90\n");
    Path config = dir.resolve("tiers.yaml");
    Files.writeString(config, "business_time_zone: UTC\ninputs:\n  transactions: [" + tx + "]\n"
        + "publish:\n  delta: true\n");
    Path warehouse = dir.resolve("wh");
    int exit;
    String out;
    String err;
    try (ChildRun child = ChildRun.start(dir.resolve("logs"), null, "run", "--config", config.toString(),
        "--warehouse", warehouse.toString(), "--as-of", "2026-06-30", "--allow-stale")) {
      assertThat(child.process.waitFor(5, TimeUnit.MINUTES)).as("the child ends").isTrue();
      exit = child.process.exitValue();
      out = Files.readString(child.stdout);
      err = Files.readString(child.stderr);
    }
    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out).contains("replace 2026-06-30 in the Delta tables");
    assertThat(Published.exports(warehouse, "2026-06-30").resolve("vip.csv")).as("the CSV files as before").exists();
    for (String table : List.of("segments", "migrations")) {
      Path log = warehouse.resolve("delta").resolve(table).resolve("_delta_log");
      try (Stream<Path> commits = Files.list(log)) {
        assertThat(commits.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).toList())
            .as("%s: one commit for the one published date", table).containsExactly("00000000000000000000.json");
      }
      String commit = Files.readString(log.resolve("00000000000000000000.json"));
      assertThat(commit).as("%s: partitioned by as_of, replacing that date", table)
          .contains("\"partitionColumns\":[\"as_of\"]").contains("\"operation\":\"WRITE\"").contains("2026-06-30");
      assertThat(warehouse.resolve("delta").resolve(table).resolve("as_of=2026-06-30")).isDirectory();
    }
  }
}
