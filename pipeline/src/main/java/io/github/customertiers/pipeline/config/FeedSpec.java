package io.github.customertiers.pipeline.config;

import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the export files of one feed are laid out and how their columns map to the feed's canonical
 * columns ({@code feeds.<feed>} in the config file; docs/INPUTS.md). The default, {@link #canonical()},
 * reads canonical CSV or Parquet files by column name, exactly as a config without {@code feeds:}.
 *
 * @param format file format; {@link Format#AUTO} picks CSV or Parquet by file extension
 * @param delimiter CSV field separator (one character)
 * @param quote CSV quote character (one character)
 * @param escape CSV escape character inside quoted fields (one character)
 * @param encoding character set of text files; files are checked against it and rejected by name
 * @param header whether text files start with a header line (CSV, whitespace, fixed-width)
 * @param sourceColumns names of the fields by position, for files without a header or fixed-width
 *     files; overrides the header of whitespace-separated files
 * @param widths fixed-width field widths in characters, one per source column
 * @param timestampFormats Spark datetime patterns tried in order for {@code ts}; empty = ISO-8601
 * @param timeZone zone of timestamps without an offset; null = the business time zone
 * @param columns canonical column to source column
 * @param expressions canonical column to Spark SQL expression over the source columns
 * @param returnWhen Spark SQL predicate marking returns/cancellations (transactions only): their
 *     amount and quantity are stored negative; null = none
 * @param filterOut named Spark SQL predicates for rows that are not purchases or events (guest
 *     checkouts, fees, postage), in the order they are tried: a matching row is never loaded and is
 *     counted as filtered under the first rule that matches; a single unnamed predicate in the
 *     config is the rule {@value #UNNAMED_FILTER_RULE}; empty = none
 * @param maxQuarantineRate per-feed override of quality.max_quarantine_rate; null = use that
 * @param emptyFiles what an empty or header-only file does to the run
 * @param volume the check of a delivery's size against the feed's recent deliveries
 */
public record FeedSpec(
    Format format,
    String delimiter,
    String quote,
    String escape,
    String encoding,
    boolean header,
    List<String> sourceColumns,
    List<Integer> widths,
    List<String> timestampFormats,
    ZoneId timeZone,
    Map<String, String> columns,
    Map<String, String> expressions,
    String returnWhen,
    Map<String, String> filterOut,
    Double maxQuarantineRate,
    OnProblem emptyFiles,
    VolumeCheck volume) {

  /** The name of the rule given as one predicate ({@code filter_out: "..."}) rather than a mapping of named rules. */
  public static final String UNNAMED_FILTER_RULE = "filter_out";
  private static final java.util.regex.Pattern RULE_NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  /** File formats a feed may be delivered in. */
  public enum Format {
    /** By extension: .csv/.txt (optionally .gz) are CSV, .parquet is Parquet, .jsonl/.ndjson JSON lines. */
    AUTO,
    CSV,
    PARQUET,
    /** One JSON object per line. */
    JSONL,
    /** Fields at fixed character positions ({@code widths}). */
    FIXED_WIDTH,
    /** Fields separated by runs of spaces or tabs; leading and trailing blanks ignored. */
    WHITESPACE;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Format parse(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
      for (Format f : values()) {
        if (f.configName().equals(v)) {
          return f;
        }
      }
      throw new IllegalArgumentException("format must be one of " + Arrays.stream(values()).map(Format::configName).toList()
          + ", got '" + value + "'");
    }
  }

  /** What a failed check does: fail the run (default) or log a warning and carry on. */
  public enum OnProblem {
    FAIL, WARN;

    public static OnProblem parse(String key, String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "fail" -> FAIL;
        case "warn" -> WARN;
        default -> throw new IllegalArgumentException(key + " must be 'fail' or 'warn', got '" + value + "'");
      };
    }
  }

  /**
   * A delivery (the rows read from the new files of one ingest) is too small when it holds fewer
   * than {@code minRatio} times the median of the rows read by the feed's last {@code history}
   * deliveries. Checked only once at least {@code minHistory} earlier deliveries are recorded.
   */
  public record VolumeCheck(double minRatio, int history, int minHistory, OnProblem onLow) {
    public VolumeCheck {
      if (!(minRatio >= 0 && minRatio <= 1)) {
        throw new IllegalArgumentException("volume.min_ratio must be a share between 0 and 1 (0 disables), got " + minRatio);
      }
      if (history < 1 || history > 1000) {
        throw new IllegalArgumentException("volume.history must be between 1 and 1000 deliveries, got " + history);
      }
      if (minHistory < 1 || minHistory > history) {
        throw new IllegalArgumentException("volume.min_history must be between 1 and volume.history (" + history
            + "), got " + minHistory);
      }
      if (onLow == null) {
        onLow = OnProblem.FAIL;
      }
    }

    public static VolumeCheck defaults() {
      return new VolumeCheck(0.25, 7, 3, OnProblem.FAIL);
    }
  }

  /**
   * Every key of a {@code feeds.<feed>} section, declared once with its default and a one-line doc.
   * docs/INPUTS.md lists the same keys.
   */
  public enum Key {
    FORMAT("format", "auto", "auto | csv | parquet | jsonl | fixed_width | whitespace"),
    DELIMITER("delimiter", ",", "CSV field separator, one character (\"\\t\" for TAB)"),
    QUOTE("quote", "\"", "CSV quote character"),
    ESCAPE("escape", "\"", "CSV escape character inside quoted fields"),
    ENCODING("encoding", "UTF-8", "Character set of text files; a file with bytes invalid in it is rejected by name"),
    HEADER("header", "true", "Text files start with a header line"),
    SOURCE_COLUMNS("source_columns", null, "Field names by position (files without header, fixed_width, whitespace)"),
    WIDTHS("widths", null, "fixed_width: width in characters of each source column"),
    TIMESTAMP_FORMAT("timestamp_format", null, "Spark datetime pattern(s) of ts, tried in order; default ISO-8601"),
    TIME_ZONE("time_zone", null, "Zone of timestamps without an offset; default business_time_zone"),
    COLUMNS("columns", null, "Canonical column -> source column name"),
    EXPRESSIONS("expressions", null, "Canonical column -> Spark SQL expression over source columns"),
    RETURN_WHEN("return_when", null, "Spark SQL predicate: the row is a return/cancellation (stored negative)"),
    FILTER_OUT("filter_out", null, "Spark SQL predicate, or a mapping of rule name to predicate: the row is not a purchase/event; counted as filtered, per rule"),
    MAX_QUARANTINE_RATE("max_quarantine_rate", null, "Per-feed override of quality.max_quarantine_rate"),
    EMPTY_FILES("empty_files", "fail", "fail | warn: an empty or header-only file"),
    VOLUME_MIN_RATIO("volume.min_ratio", "0.25", "A delivery below this share of the median recent delivery is too small; 0 disables"),
    VOLUME_HISTORY("volume.history", "7", "Number of recent deliveries whose median is the usual volume"),
    VOLUME_MIN_HISTORY("volume.min_history", "3", "Earlier deliveries needed before the volume is checked"),
    VOLUME_ON_LOW("volume.on_low", "fail", "fail | warn: a delivery far below its usual volume");

    private final String path;
    private final String defaultValue;
    private final String doc;

    Key(String path, String defaultValue, String doc) {
      this.path = path;
      this.defaultValue = defaultValue;
      this.doc = doc;
    }

    public String path() { return path; }

    public Optional<String> defaultValue() { return Optional.ofNullable(defaultValue); }

    public String doc() { return doc; }

    public static Optional<Key> byPath(String path) {
      return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
    }
  }

  public FeedSpec {
    if (format == null) {
      format = Format.AUTO;
    }
    delimiter = oneChar("delimiter", delimiter, ",");
    quote = oneChar("quote", quote, "\"");
    escape = oneChar("escape", escape, "\"");
    if (encoding == null || encoding.isBlank()) {
      encoding = "UTF-8";
    }
    try {
      encoding = Charset.forName(encoding.trim()).name();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("encoding '" + encoding + "' is not a character set known to Java (e.g. UTF-8, windows-1252)");
    }
    sourceColumns = sourceColumns == null ? List.of() : List.copyOf(sourceColumns);
    widths = widths == null ? List.of() : List.copyOf(widths);
    timestampFormats = timestampFormats == null ? List.of() : List.copyOf(timestampFormats);
    columns = columns == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    expressions = expressions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(expressions));
    returnWhen = blankToNull(returnWhen);
    Map<String, String> rules = new LinkedHashMap<>();
    if (filterOut != null) {
      filterOut.forEach((name, sql) -> {
        if (name == null || !RULE_NAME.matcher(name).matches()) {
          throw new IllegalArgumentException("filter_out rule name '" + name
              + "' must start with a letter and hold only letters, digits and '_' (e.g. guest_checkout)");
        }
        if (blankToNull(sql) == null) {
          throw new IllegalArgumentException("filter_out." + name + " is empty");
        }
        rules.put(name, sql.trim());
      });
    }
    filterOut = java.util.Collections.unmodifiableMap(rules);
    if (emptyFiles == null) {
      emptyFiles = OnProblem.FAIL;
    }
    if (volume == null) {
      volume = VolumeCheck.defaults();
    }
    for (String c : sourceColumns) {
      if (c == null || c.isBlank()) {
        throw new IllegalArgumentException("source_columns must not contain empty names");
      }
    }
    if (sourceColumns.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).distinct().count() != sourceColumns.size()) {
      throw new IllegalArgumentException("source_columns holds a name twice: " + sourceColumns);
    }
    for (String f : timestampFormats) {
      if (f == null || f.isBlank()) {
        throw new IllegalArgumentException("timestamp_format must not be empty");
      }
    }
    columns.forEach((k, v) -> {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("columns." + k + " names no source column");
      }
    });
    for (Map.Entry<String, String> e : expressions.entrySet()) {
      if (e.getValue() == null || e.getValue().isBlank()) {
        throw new IllegalArgumentException("expressions." + e.getKey() + " is empty");
      }
      if (columns.containsKey(e.getKey())) {
        throw new IllegalArgumentException(e.getKey() + " is given both in columns and in expressions; keep one");
      }
    }
    switch (format) {
      case FIXED_WIDTH -> {
        if (widths.isEmpty() || widths.size() != sourceColumns.size()) {
          throw new IllegalArgumentException("format fixed_width needs source_columns and widths of the same length, got "
              + sourceColumns.size() + " name(s) and " + widths.size() + " width(s)");
        }
        for (int w : widths) {
          if (w <= 0) {
            throw new IllegalArgumentException("widths must be positive numbers of characters, got " + widths);
          }
        }
      }
      case CSV, AUTO -> {
        if (!header && sourceColumns.isEmpty()) {
          throw new IllegalArgumentException("a CSV feed without header needs source_columns (the field names by position)");
        }
      }
      case WHITESPACE -> {
        if (!header && sourceColumns.isEmpty()) {
          throw new IllegalArgumentException("a whitespace-separated feed without header needs source_columns");
        }
      }
      default -> { }
    }
    if (!widths.isEmpty() && format != Format.FIXED_WIDTH) {
      throw new IllegalArgumentException("widths applies to format fixed_width only (format is " + format.configName() + ")");
    }
    if (format == Format.JSONL || format == Format.FIXED_WIDTH || format == Format.WHITESPACE) {
      if (!encoding.equals("UTF-8") && !encoding.equals("US-ASCII")) {
        throw new IllegalArgumentException("format " + format.configName() + " is read as UTF-8; encoding " + encoding
            + " is supported for csv only (convert the files, or deliver them as CSV)");
      }
    }
    if (maxQuarantineRate != null && !(maxQuarantineRate >= 0 && maxQuarantineRate <= 1)) {
      throw new IllegalArgumentException("max_quarantine_rate must be a share between 0 and 1, got " + maxQuarantineRate);
    }
  }

  /** Canonical exports: CSV (comma, double quotes, UTF-8, header) or Parquet, columns by name. */
  public static FeedSpec canonical() {
    return new FeedSpec(Format.AUTO, ",", "\"", "\"", "UTF-8", true, List.of(), List.of(), List.of(), null,
        Map.of(), Map.of(), null, Map.of(), null, OnProblem.FAIL, VolumeCheck.defaults());
  }

  /** True when nothing is renamed, derived, marked or filtered: the files carry canonical columns. */
  public boolean mapsNothing() {
    return columns.isEmpty() && expressions.isEmpty() && returnWhen == null && filterOut.isEmpty();
  }

  /** A builder starting from {@link #canonical()}; {@link Builder#build()} validates. */
  public static Builder builder() {
    return new Builder();
  }

  /** Fluent construction of a {@link FeedSpec}, for code and tests; the config file goes through the CLI. */
  public static final class Builder {
    private Format format = Format.AUTO;
    private String delimiter = ",";
    private String quote = "\"";
    private String escape = "\"";
    private String encoding = "UTF-8";
    private boolean header = true;
    private List<String> sourceColumns = List.of();
    private List<Integer> widths = List.of();
    private List<String> timestampFormats = List.of();
    private ZoneId timeZone;
    private final Map<String, String> columns = new LinkedHashMap<>();
    private final Map<String, String> expressions = new LinkedHashMap<>();
    private String returnWhen;
    private final Map<String, String> filterOut = new LinkedHashMap<>();
    private Double maxQuarantineRate;
    private OnProblem emptyFiles = OnProblem.FAIL;
    private VolumeCheck volume = VolumeCheck.defaults();

    private Builder() {}

    public Builder format(Format v) { format = v; return this; }
    public Builder delimiter(String v) { delimiter = v; return this; }
    public Builder quote(String v) { quote = v; return this; }
    public Builder escape(String v) { escape = v; return this; }
    public Builder encoding(String v) { encoding = v; return this; }
    public Builder header(boolean v) { header = v; return this; }
    public Builder sourceColumns(String... v) { sourceColumns = List.of(v); return this; }
    public Builder widths(Integer... v) { widths = List.of(v); return this; }
    public Builder timestampFormats(String... v) { timestampFormats = List.of(v); return this; }
    public Builder timeZone(ZoneId v) { timeZone = v; return this; }
    public Builder column(String canonical, String source) { columns.put(canonical, source); return this; }
    public Builder expression(String canonical, String sql) { expressions.put(canonical, sql); return this; }
    public Builder returnWhen(String v) { returnWhen = v; return this; }
    /** One unnamed filter rule ({@value #UNNAMED_FILTER_RULE}); blank = none. */
    public Builder filterOut(String v) {
      filterOut.clear();
      if (blankToNull(v) != null) {
        filterOut.put(UNNAMED_FILTER_RULE, v);
      }
      return this;
    }
    /** Adds a named filter rule, tried after the ones added before. */
    public Builder filterRule(String name, String sql) { filterOut.put(name, sql); return this; }
    public Builder maxQuarantineRate(Double v) { maxQuarantineRate = v; return this; }
    public Builder emptyFiles(OnProblem v) { emptyFiles = v; return this; }
    public Builder volume(VolumeCheck v) { volume = v; return this; }

    public FeedSpec build() {
      return new FeedSpec(format, delimiter, quote, escape, encoding, header, sourceColumns, widths, timestampFormats,
          timeZone, columns, expressions, returnWhen, filterOut, maxQuarantineRate, emptyFiles, volume);
    }
  }

  private static String oneChar(String key, String value, String fallback) {
    if (value == null) {
      return fallback;
    }
    String v = value.equals("\\t") ? "\t" : value;
    if (v.length() != 1) {
      throw new IllegalArgumentException(key + " must be exactly one character, got '" + value + "'");
    }
    return v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
