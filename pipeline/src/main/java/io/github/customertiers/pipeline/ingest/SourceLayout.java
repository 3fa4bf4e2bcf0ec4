package io.github.customertiers.pipeline.ingest;

import java.util.List;

/**
 * What a probe of one delivered file found before Spark reads it: the names of its source columns
 * (null for JSON lines without configured names, inferred later), its header line (text formats
 * with a header; used to recognise a header repeated inside the file), whether it holds no record
 * at all, and for Parquet the footer's schema (files read together must share it).
 */
record SourceLayout(InputFile file, List<String> columns, String headerLine, boolean empty, String parquetSchema) {

  SourceLayout {
    columns = columns == null ? null : List.copyOf(columns);
  }

  /** Files with equal keys are read by one Spark scan. */
  List<Object> groupKey() {
    return java.util.Arrays.asList(file.format(), columns, normalizedHeader(headerLine), parquetSchema);
  }

  static String normalizedHeader(String line) {
    return line == null ? null : line.strip().replaceAll("\\s+", " ");
  }
}
