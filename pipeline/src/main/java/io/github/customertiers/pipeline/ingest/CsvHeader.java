package io.github.customertiers.pipeline.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The header line of a CSV export: its column names (byte-order mark removed, trimmed, lower
 * case) in file order. Reading the header ourselves lets us map columns by name and fail clearly
 * on a wrong delimiter or a missing column before Spark reads anything.
 */
public record CsvHeader(List<String> columns, boolean hasByteOrderMark) {

  public static CsvHeader read(Configuration hadoop, InputFile file) {
    Path path = new Path(file.path());
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      try (InputStream raw = fs.open(path);
           InputStream in = file.path().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(raw) : raw;
           BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line = reader.readLine();
        if (line == null || line.isBlank()) {
          throw new InvalidInputException(file.path() + " is empty: expected a header line and data rows");
        }
        boolean bom = line.startsWith("\uFEFF");
        if (bom) {
          line = line.substring(1);
        }
        List<String> columns = new ArrayList<>();
        for (String c : splitHeader(line)) {
          columns.add(c.trim().toLowerCase(Locale.ROOT));
        }
        return new CsvHeader(List.copyOf(columns), bom);
      }
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the header of " + file.path() + ": " + e.getMessage(), e);
    }
  }

  /** Splits a header line on commas, honouring double quotes. */
  static List<String> splitHeader(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        out.add(current.toString());
        current.setLength(0);
      } else if (ch != '\r') {
        current.append(ch);
      }
    }
    out.add(current.toString());
    return out;
  }

  /** Fails unless every required column of the feed is present; names the file and the columns. */
  public void requireColumns(Feed feed, InputFile file) {
    if (columns.size() == 1 && (columns.get(0).contains(";") || columns.get(0).contains("\t") || columns.get(0).contains("|"))) {
      throw new InvalidInputException(file.path() + ": the header is not comma-separated (found '"
          + describeDelimiter(columns.get(0)) + "'); expected columns " + String.join(",", feed.requiredColumns()));
    }
    List<String> missing = feed.requiredColumns().stream().filter(c -> !columns.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new InvalidInputException(file.path() + ": missing required " + feed.feedName() + " column(s) "
          + missing + "; expected at least " + feed.requiredColumns() + ", found " + columns);
    }
    List<String> duplicated = columns.stream().filter(c -> columns.indexOf(c) != columns.lastIndexOf(c)).distinct().toList();
    if (!duplicated.isEmpty()) {
      throw new InvalidInputException(file.path() + ": column(s) " + duplicated + " appear more than once in the header");
    }
  }

  /** Columns of the file that the feed does not know (ignored with a warning). */
  public List<String> extraColumns(Feed feed) {
    return columns.stream().filter(c -> !feed.canonicalColumns().contains(c)).toList();
  }

  private static String describeDelimiter(String header) {
    if (header.contains(";")) return ";";
    if (header.contains("\t")) return "TAB";
    return "|";
  }
}
