package io.github.customertiers.pipeline.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header line of a CSV export: its column names (byte-order mark removed, trimmed, lower
 * case) in file order. Reading the header ourselves lets us map columns by name and fail clearly
 * on a wrong delimiter or a missing column before Spark reads anything.
 */
public record CsvHeader(List<String> columns, boolean hasByteOrderMark) {

  public CsvHeader {
    columns = List.copyOf(columns);
  }

  /** Parses a header line with the given delimiter and quote character. */
  public static CsvHeader parse(String line, char delimiter, char quote) {
    boolean bom = line.startsWith("\uFEFF");
    String text = bom ? line.substring(1) : line;
    List<String> columns = new ArrayList<>();
    for (String c : split(text, delimiter, quote)) {
      columns.add(c.trim().toLowerCase(Locale.ROOT));
    }
    return new CsvHeader(columns, bom);
  }

  /** Splits a header line on commas, honouring double quotes. */
  static List<String> splitHeader(String line) {
    return split(line, ',', '"');
  }

  /** Splits one line on the delimiter, honouring quotes (a doubled quote inside quotes is one quote). */
  static List<String> split(String line, char delimiter, char quote) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == quote) {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == quote) {
          current.append(quote);
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (ch == delimiter && !quoted) {
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
    requireDelimiter(file, ',', feed.requiredColumns());
    List<String> missing = feed.requiredColumns().stream().filter(c -> !columns.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new InvalidInputException(file.path() + ": missing required " + feed.feedName() + " column(s) "
          + missing + "; expected at least " + feed.requiredColumns() + ", found " + columns);
    }
    requireUniqueNames(file);
  }

  /**
   * Fails when the header is one column holding another usual delimiter: the file is separated by
   * something else than configured, and reading it would quarantine every row.
   */
  public void requireDelimiter(InputFile file, char delimiter, List<String> expected) {
    if (columns.size() != 1) {
      return;
    }
    String only = columns.get(0);
    for (char other : new char[] {',', ';', '\t', '|'}) {
      if (other != delimiter && only.indexOf(other) >= 0) {
        throw new InvalidInputException(file.path() + ": the header is not " + describe(delimiter) + "-separated (found '"
            + describe(other) + "'); expected columns " + String.join(String.valueOf(delimiter), expected));
      }
    }
  }

  /** Fails when a column name appears twice: mapping by name would be ambiguous. */
  public void requireUniqueNames(InputFile file) {
    List<String> duplicated = columns.stream().filter(c -> columns.indexOf(c) != columns.lastIndexOf(c)).distinct().toList();
    if (!duplicated.isEmpty()) {
      throw new InvalidInputException(file.path() + ": column(s) " + duplicated + " appear more than once in the header");
    }
  }

  /** Columns of the file that the feed does not know (ignored with a warning). */
  public List<String> extraColumns(Feed feed) {
    return columns.stream().filter(c -> !feed.canonicalColumns().contains(c)).toList();
  }

  static String describe(char delimiter) {
    return switch (delimiter) {
      case ',' -> "comma";
      case '\t' -> "TAB";
      default -> String.valueOf(delimiter);
    };
  }
}
