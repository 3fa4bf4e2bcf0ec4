package io.github.customertiers.pipeline.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.github.customertiers.pipeline.config.FeedSpec;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Turns the source columns of delivered files into the canonical columns of a feed, as Spark column
 * expressions evaluated before {@link RowValidation}, so every row keeps its file and record number:
 * a canonical column is the expression configured for it, else the source column mapped to it, else
 * the source column of the same name (case-insensitive), else null (optional columns only).
 *
 * <p>Expressions are evaluated leniently (Spark's non-ANSI semantics): a value that cannot be
 * converted yields null and the row is quarantined by the validation, instead of failing the run.
 * Expressions may also use {@code _record_number} (1 = first data record of the file) and
 * {@code _file_name}.
 *
 * <p>Typed source values become canonical text without loss: timestamps as ISO-8601 with offset,
 * dates and local date-times as local times of the feed's zone, fractional amounts with four
 * decimals (never scientific notation), whole-valued fractional ids as integers.
 */
public final class FeedMapping {
  private static final Logger LOG = LogManager.getLogger(FeedMapping.class);
  /** Internal columns of a source frame; expressions may use the first two. */
  static final String RECORD_NUMBER = "_record_number";
  static final String FILE_NAME = "_file_name";
  static final String FILE_PATH = "_file_path";
  static final String MALFORMED = "_malformed";
  static final String REPEATED_HEADER = "_repeated_header";
  static final List<String> INTERNAL = List.of(RECORD_NUMBER, FILE_NAME, FILE_PATH, MALFORMED, REPEATED_HEADER);
  private static final Pattern IDENTIFIER = Pattern.compile("`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*)");

  private FeedMapping() {}

  /**
   * Checks a feed's spec before any I/O: canonical names exist, expressions parse, return_when is
   * used on transactions only, and where the source columns are known from the config, every
   * mapped column exists and every required canonical column is provided.
   *
   * @throws IllegalArgumentException naming the key and the value
   */
  public static void check(Feed feed, FeedSpec spec) {
    String prefix = "feeds." + feed.feedName() + ".";
    for (String c : spec.columns().keySet()) {
      requireCanonical(feed, prefix + "columns", c);
    }
    for (Map.Entry<String, String> e : spec.expressions().entrySet()) {
      requireCanonical(feed, prefix + "expressions", e.getKey());
      parse(prefix + "expressions." + e.getKey(), e.getValue());
    }
    if (spec.returnWhen() != null) {
      if (feed != Feed.TRANSACTIONS) {
        throw new IllegalArgumentException(prefix + "return_when applies to the transactions feed only");
      }
      parse(prefix + "return_when", spec.returnWhen());
    }
    spec.filterOut().forEach((rule, sql) -> parse(ruleKey(feed, rule), sql));
    if (!spec.sourceColumns().isEmpty()) {
      List<String> names = spec.sourceColumns().stream().map(FeedMapping::key).toList();
      for (Map.Entry<String, String> e : spec.columns().entrySet()) {
        if (!names.contains(key(e.getValue()))) {
          throw new IllegalArgumentException(prefix + "columns." + e.getKey() + " names '" + e.getValue()
              + "', which is not one of source_columns " + spec.sourceColumns());
        }
      }
      List<String> unprovided = feed.requiredColumns().stream()
          .filter(c -> !spec.columns().containsKey(c) && !spec.expressions().containsKey(c) && !names.contains(c))
          .toList();
      if (!unprovided.isEmpty()) {
        throw new IllegalArgumentException("feeds." + feed.feedName() + ": required " + feed.feedName() + " column(s) " + unprovided
            + " are neither mapped (columns/expressions) nor among source_columns " + spec.sourceColumns());
      }
    }
  }

  /** The config key of a filter rule: {@code feeds.<feed>.filter_out} for the unnamed one, else {@code ...filter_out.<rule>}. */
  static String ruleKey(Feed feed, String rule) {
    String key = "feeds." + feed.feedName() + ".filter_out";
    return rule.equals(FeedSpec.UNNAMED_FILTER_RULE) ? key : key + "." + rule;
  }

  private static void requireCanonical(Feed feed, String key, String name) {
    if (!feed.canonicalColumns().contains(name)) {
      throw new IllegalArgumentException(key + "." + name + ": '" + name + "' is not a " + feed.feedName()
          + " column; known: " + feed.canonicalColumns());
    }
  }

  private static void parse(String key, String sql) {
    try {
      CatalystSqlParser$.MODULE$.parseExpression(sql);
    } catch (Exception e) { // ParseException is checked in Java's eyes
      throw new IllegalArgumentException(key + " is not a valid Spark SQL expression: "
          + InputProbe.firstLine(e), e);
    }
  }

  /**
   * Canonical rows of a source frame: the feed's canonical columns as text, {@code ts_instant}
   * (set when the source holds typed timestamps), {@code is_return}, {@code is_filtered},
   * {@code filter_rule} (the first filter rule the row matches, or null),
   * {@code is_malformed}, {@code is_repeated_header}, {@code source_file}, {@code record_number}.
   *
   * @param sourceColumns the names of the source columns in {@code source}
   * @param tsZone zone of local date-times
   * @param files the files behind {@code source}, for messages
   */
  static Dataset<Row> apply(SparkSession spark, Dataset<Row> source, List<String> sourceColumns, Feed feed,
      FeedSpec spec, ZoneId tsZone, List<InputFile> files) {
    Map<String, Column> canonical = resolve(feed, spec, sourceColumns, files);
    warnAboutUnusedColumns(feed, spec, sourceColumns, canonical.keySet(), files);
    return lenient(spark, () -> {
      try {
        List<Column> typedCols = new ArrayList<>();
        canonical.forEach((c, column) -> typedCols.add(column.as(c)));
        typedCols.add(predicate(spec.returnWhen()).as("is_return"));
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("is_return", "feeds." + feed.feedName() + ".return_when");
        List<String> rules = new ArrayList<>(spec.filterOut().keySet());
        for (int i = 0; i < rules.size(); i++) {
          typedCols.add(expr(spec.filterOut().get(rules.get(i))).as("is_filtered_" + i));
          flags.put("is_filtered_" + i, ruleKey(feed, rules.get(i)));
        }
        for (String internal : List.of(MALFORMED, REPEATED_HEADER, FILE_PATH, RECORD_NUMBER)) {
          typedCols.add(col(internal));
        }
        Dataset<Row> typed = source.select(typedCols.toArray(Column[]::new));
        flags.forEach((p, key) -> {
          DataType t = typed.schema().apply(p).dataType();
          if (!(t instanceof BooleanType)) {
            throw new InvalidInputException(key + " must be a condition (true or false), but gives " + t.simpleString());
          }
        });
        // The first rule that matches names the row's filter (a null condition does not match).
        Column filterRule = lit(null).cast(DataTypes.StringType);
        for (int i = rules.size() - 1; i >= 0; i--) {
          filterRule = when(coalesce(col("is_filtered_" + i), lit(false)), lit(rules.get(i))).otherwise(filterRule);
        }
        List<Column> out = new ArrayList<>();
        Column tsInstant = lit(null).cast(DataTypes.TimestampType);
        for (String c : feed.canonicalColumns()) {
          DataType t = typed.schema().apply(c).dataType();
          if (c.equals("ts")) {
            Optional<Column> instant = instant(col(c), t, tsZone);
            if (instant.isPresent()) {
              tsInstant = instant.get();
            }
          }
          out.add(text(col(c), t, c).as(c));
        }
        out.add(tsInstant.as("ts_instant"));
        out.add(coalesce(col("is_return"), lit(false)).as("is_return"));
        out.add(filterRule.isNotNull().as("is_filtered"));
        out.add(filterRule.as("filter_rule"));
        out.add(col(MALFORMED).as("is_malformed"));
        out.add(col(REPEATED_HEADER).as("is_repeated_header"));
        out.add(col(FILE_PATH).as("source_file"));
        out.add(col(RECORD_NUMBER).cast(DataTypes.LongType).as("record_number"));
        return typed.select(out.toArray(Column[]::new));
      } catch (Exception e) {
        if (!(e instanceof AnalysisException)) {
          throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
        throw new InvalidInputException("feeds." + feed.feedName() + " cannot be applied to " + describe(files) + ": "
            + InputProbe.firstLine(e) + "; source columns are " + sourceColumns, e);
      }
    });
  }

  private static Column predicate(String sql) {
    return sql == null ? lit(false) : expr(sql);
  }

  /** The instant of a typed timestamp source, or empty for text (parsed by the validation). */
  private static Optional<Column> instant(Column c, DataType t, ZoneId zone) {
    if (t instanceof TimestampType) {
      return Optional.of(c);
    }
    if (t instanceof DateType || t instanceof TimestampNTZType) {
      return Optional.of(RowValidation.localToInstant(c.cast(DataTypes.TimestampNTZType), zone));
    }
    return Optional.empty();
  }

  private static Column text(Column c, DataType t, String canonical) {
    if (t instanceof StringType) {
      return c;
    }
    if (t instanceof TimestampType) {
      return date_format(c, "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
    }
    boolean fractional = t instanceof DecimalType || t instanceof DoubleType || t instanceof FloatType;
    if (fractional && canonical.equals("amount")) {
      return c.cast(io.github.customertiers.pipeline.ingest.Feed.AMOUNT_TYPE).cast(DataTypes.StringType);
    }
    if (fractional) {
      return when(c.equalTo(floor(c)), c.cast(DataTypes.LongType).cast(DataTypes.StringType))
          .otherwise(c.cast(DataTypes.StringType));
    }
    if (t instanceof org.apache.spark.sql.types.StructType || t instanceof org.apache.spark.sql.types.ArrayType
        || t instanceof org.apache.spark.sql.types.MapType) {
      return to_json(c);
    }
    return c.cast(DataTypes.StringType);
  }

  private static void warnAboutUnusedColumns(Feed feed, FeedSpec spec, List<String> sourceColumns, Set<String> canonical,
      List<InputFile> files) {
    Set<String> used = new HashSet<>();
    spec.columns().values().forEach(v -> used.add(key(v)));
    List<String> sql = new ArrayList<>(spec.expressions().values());
    if (spec.returnWhen() != null) sql.add(spec.returnWhen());
    sql.addAll(spec.filterOut().values());
    for (String s : sql) {
      Matcher m = IDENTIFIER.matcher(s);
      while (m.find()) {
        used.add(key(m.group(1) != null ? m.group(1) : m.group(2)));
      }
    }
    List<String> unused = sourceColumns.stream()
        .filter(s -> !used.contains(key(s)) && !(canonical.contains(key(s)) && !spec.columns().containsKey(key(s))
            && !spec.expressions().containsKey(key(s))))
        .toList();
    if (!unused.isEmpty()) {
      LOG.warn("{}: ignoring column(s) {} that the {} feed does not use", describe(files), unused, feed.feedName());
    }
  }

  /**
   * The expression of each canonical column over the source columns.
   *
   * @throws InvalidInputException naming the files and the expected columns when a required
   *     column is neither mapped nor present
   */
  static Map<String, Column> resolve(Feed feed, FeedSpec spec, List<String> sourceColumns, List<InputFile> files) {
    for (String s : sourceColumns) {
      if (INTERNAL.contains(key(s))) {
        throw new InvalidInputException(describe(files) + ": source column '" + s + "' clashes with an internal column name");
      }
    }
    Map<String, String> byKey = new LinkedHashMap<>();
    for (String s : sourceColumns) {
      byKey.putIfAbsent(key(s), s);
    }
    Map<String, Column> canonical = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    // source column named by the mapping but absent from the file -> the keys that name it
    Map<String, List<String>> unknown = new LinkedHashMap<>();
    String prefix = "feeds." + feed.feedName() + ".";
    for (String c : feed.canonicalColumns()) {
      if (spec.expressions().containsKey(c)) {
        canonical.put(c, expr(spec.expressions().get(c)));
      } else if (spec.columns().containsKey(c)) {
        String source = byKey.get(key(spec.columns().get(c)));
        if (source == null) {
          unknown.computeIfAbsent(spec.columns().get(c), k -> new ArrayList<>()).add(prefix + "columns." + c);
        } else {
          canonical.put(c, quoted(source));
        }
      } else if (byKey.containsKey(c)) {
        canonical.put(c, quoted(byKey.get(c)));
      } else if (feed.requiredColumns().contains(c)) {
        missing.add(c);
      } else {
        canonical.put(c, lit(null).cast(DataTypes.StringType));
      }
    }
    Map<String, String> sql = new LinkedHashMap<>();
    spec.expressions().forEach((c, e) -> sql.put(prefix + "expressions." + c, e));
    if (spec.returnWhen() != null) sql.put(prefix + "return_when", spec.returnWhen());
    spec.filterOut().forEach((rule, e) -> sql.put(ruleKey(feed, rule), e));
    sql.forEach((k, e) -> {
      for (String name : referencedColumns(e)) {
        if (!byKey.containsKey(key(name)) && !INTERNAL.subList(0, 2).contains(key(name))) {
          unknown.computeIfAbsent(name, n -> new ArrayList<>()).add(k);
        }
      }
    });
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      List<String> parts = new ArrayList<>();
      if (!unknown.isEmpty()) {
        List<String> named = new ArrayList<>();
        unknown.forEach((name, keys) -> named.add("'" + name + "' (" + String.join(", ", keys) + ")"
            + io.github.customertiers.pipeline.config.NearestName.hint(name, sourceColumns)));
        parts.add("the feeds." + feed.feedName() + " mapping names " + named.size() + " column(s) the file does not have: "
            + String.join(", ", named));
      }
      if (!missing.isEmpty()) {
        parts.add("missing required " + feed.feedName() + " column(s) " + missing + " (neither mapped nor in the file)"
            + (spec.mapsNothing() ? "; expected at least " + feed.requiredColumns() : ""));
      }
      throw new InvalidInputException(describe(files) + ": " + String.join("; ", parts) + "; the file's columns are "
          + sourceColumns + "; nothing was read from it");
    }
    return canonical;
  }

  /**
   * The column names a Spark SQL expression refers to (first part of a dotted name, lambda
   * variables left out), in order of appearance; empty when it does not parse (checked elsewhere).
   */
  static List<String> referencedColumns(String sql) {
    org.apache.spark.sql.catalyst.expressions.Expression parsed;
    try {
      parsed = CatalystSqlParser$.MODULE$.parseExpression(sql);
    } catch (Exception e) {
      return List.of();
    }
    Set<String> lambdaVariables = new HashSet<>();
    Set<String> names = new java.util.LinkedHashSet<>();
    collect(parsed, names, lambdaVariables);
    return names.stream().filter(n -> !lambdaVariables.contains(n)).toList();
  }

  private static void collect(org.apache.spark.sql.catalyst.expressions.Expression e, Set<String> names, Set<String> lambdaVariables) {
    if (e instanceof org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute a) {
      names.add(a.nameParts().head());
    } else if (e instanceof org.apache.spark.sql.catalyst.expressions.UnresolvedNamedLambdaVariable v) {
      lambdaVariables.add(v.nameParts().head());
    }
    for (org.apache.spark.sql.catalyst.expressions.Expression child : scala.jdk.javaapi.CollectionConverters.asJava(e.children())) {
      collect(child, names, lambdaVariables);
    }
  }

  /** Runs the construction of a Dataset with ANSI mode off, so its expressions yield null on bad values. */
  static <T> T lenient(SparkSession spark, Supplier<T> body) {
    String key = "spark.sql.ansi.enabled";
    String before = spark.conf().get(key);
    spark.conf().set(key, "false");
    try {
      return body.get();
    } finally {
      spark.conf().set(key, before);
    }
  }

  static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  static String describe(List<InputFile> files) {
    if (files.size() == 1) {
      return files.get(0).path();
    }
    return files.get(0).path() + " (and " + (files.size() - 1) + " more file(s) of the same layout)";
  }
}
