package io.github.customertiers.pipeline.ingest;

import io.github.customertiers.pipeline.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class ScratchProbeTest {
  @TempDir Path dir;

  @Test
  void probe(SparkSession spark) throws Exception {
    Path f = dir.resolve("a b+c.txt");
    Files.writeString(f, "x\r\ny\r\n{\"a\": 1, \"b\": \"q\"}\r\n{bad\r\n");
    Dataset<Row> t = spark.read().text(f.toString()).select(org.apache.spark.sql.functions.col("value"),
        org.apache.spark.sql.functions.col("_metadata.file_path"), org.apache.spark.sql.functions.col("_metadata.file_block_start"));
    t.show(false);
    org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(f.toString());
    org.apache.hadoop.fs.FileSystem fs = hp.getFileSystem(spark.sparkContext().hadoopConfiguration());
    String q = hp.makeQualified(fs.getUri(), fs.getWorkingDirectory()).toString();
    System.out.println("OURS " + q + " URI " + new org.apache.hadoop.fs.Path(q).toUri().toString());
    spark.sql("select try_cast('2024-03-04' as timestamp_ntz) a, try_cast('2024-03-04T18:22' as timestamp_ntz) b, try_cast('2024-03-04 18:22:05.123' as timestamp_ntz) c, try_cast('03/04/2024' as timestamp_ntz) d").show(false);
    spark.sql("select make_timestamp(2024, 3, 31, 2, 30, 0, 'Europe/Berlin') gap, make_timestamp(2024, 10, 27, 2, 30, 0, 'Europe/Berlin') overlap, make_timestamp(2024,3,4,18,22, extract(SECOND FROM timestamp_ntz'2024-03-04 18:22:05.123'), 'America/New_York') frac").show(false);
    spark.sql("select try_to_timestamp(concat('20240310 0230', '|', 'America/New_York'), 'yyyyMMdd HHmm''|''VV') a, try_to_timestamp('2024031', 'yyyyMMdd') b, try_to_timestamp('45356', 'yyyyMMdd') c, try_to_timestamp('2024-03-04T10:00:00+01:00', 'yyyy-MM-dd''T''HH:mm:ssXXX') d").show(false);
    spark.sql("select date_from_unix_date(cast(floor(unix_micros(from_utc_timestamp(timestamp'2024-03-04 23:30:00', 'Europe/Berlin')) / 86400000000) as int)) d").show(false);
    spark.sql("select from_json('{\"a\": 1, \"b\": {\"x\":2}}', 'a string, b string, _corrupt_record string', map('mode','PERMISSIVE','columnNameOfCorruptRecord','_corrupt_record')) j, from_json('{bad', 'a string, b string, _corrupt_record string', map('mode','PERMISSIVE','columnNameOfCorruptRecord','_corrupt_record')) k, from_json('[1,2]', 'a string, _corrupt_record string', map('mode','PERMISSIVE','columnNameOfCorruptRecord','_corrupt_record')) l").show(false);
    String ansi = spark.conf().get("spark.sql.ansi.enabled");
    spark.conf().set("spark.sql.ansi.enabled", "false");
    Dataset<Row> d;
    try {
      d = spark.sql("select * from values ('6','2.55'), ('x','1'), ('3','0.1') as t(q, p)").selectExpr("q * p as amount", "cast(q as bigint) * 9223372036854775807 as ovf");
    } finally {
      spark.conf().set("spark.sql.ansi.enabled", ansi);
    }
    d.printSchema();
    d.show(false);
    spark.sql("select cast(cast(12345678.9d as decimal(22,4)) as string) s, cast(12345678.9d as string) t").show(false);
  }
}
