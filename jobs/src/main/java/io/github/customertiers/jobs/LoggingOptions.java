package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.errors.TiersException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import picocli.CommandLine.Option;

/**
 * How much every command prints ({@code --quiet}, {@code --verbose}) and an optional log file
 * ({@code --log-file}), applied for one execution of the command line and undone after it, so
 * in-process callers (tests, embedding) keep their logging.
 *
 * <p>Default: our progress lines on stdout, warnings and errors (ours; Spark's at WARN, Hadoop's and
 * Parquet's at ERROR) on stderr. {@code --quiet}: no progress lines, errors only; results (the
 * summary, listings) are still printed. {@code --verbose}: also our INFO lines (per file, per stage)
 * and the warnings of Spark, Hadoop and Parquet that are otherwise hidden. {@code --log-file}: also
 * writes the progress lines and our INFO lines, with timestamps, to the file (appended).
 * {@code --log-format json}: log lines (stderr and the file) as one JSON object a line (Log4j's
 * JsonLayout template), for schedulers that collect logs.
 */
public final class LoggingOptions {
  static final String PROGRESS_LOGGER = "tiers.progress";
  private static final List<String> HIDDEN_BELOW_ERROR = List.of("org.apache.spark.util.Utils", "org.apache.hadoop",
      "org.apache.parquet", "org.apache.spark.sql.catalyst.csv.CSVOptions", "org.apache.spark.util.SparkStringUtils");
  private static final String OURS = "io.github.customertiers";
  private static volatile boolean quietNow;
  private static volatile boolean loggingProgress;

  @Option(names = {"-q", "--quiet"}, description = "Print results and errors only: no progress lines, no warnings.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Also print our detailed log lines and the warnings of Spark, Hadoop and Parquet.")
  boolean verbose;

  @Option(names = "--log-file", paramLabel = "FILE",
      description = "Also append the progress lines and the detailed log, with timestamps, to FILE.")
  Path logFile;

  // no defaultValue: the options object is shared by every command of the line, and a default
  // applied for the top command after a subcommand's parse would overwrite what the user gave
  @Option(names = "--log-format", paramLabel = "text|json",
      description = "Format of the log lines on stderr and in --log-file: text (default) or json (one JSON object a line, "
          + "for log collectors). Progress lines on stdout stay text.")
  String logFormat;

  /** Progress lines are printed (not --quiet). */
  static boolean progressShown() {
    return !quietNow;
  }

  /** Writes a progress line to the log file, when there is one. */
  static void logProgress(String line) {
    if (loggingProgress) {
      LogManager.getLogger(PROGRESS_LOGGER).info(line);
    }
  }

  /** What is wrong with the options given together, if anything (a usage error). */
  java.util.Optional<String> problem() {
    if (quiet && verbose) {
      return java.util.Optional.of("--quiet and --verbose contradict each other; give one");
    }
    if (logFormat != null && !logFormat.equalsIgnoreCase("text") && !logFormat.equalsIgnoreCase("json")) {
      return java.util.Optional.of("--log-format must be text or json, got '" + logFormat + "'");
    }
    return java.util.Optional.empty();
  }

  /** The logging of one execution; {@link Applied#close()} restores what was before. */
  Applied apply() {
    if (quiet && verbose) {
      throw TiersException.badConfig("--quiet and --verbose contradict each other; give one");
    }
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    Map<String, Level> before = new LinkedHashMap<>();
    Applied applied = new Applied(context, before);
    quietNow = quiet;
    if (quiet) {
      setLevel(config, OURS, Level.ERROR, before);
      setLevel(config, "org.apache.spark", Level.ERROR, before);
    }
    if (verbose || logFile != null) {
      setLevel(config, OURS, Level.INFO, before);
    }
    if (verbose) {
      HIDDEN_BELOW_ERROR.forEach(name -> setLevel(config, name, Level.WARN, before));
    }
    boolean json = switch (logFormat == null ? "text" : logFormat.toLowerCase(java.util.Locale.ROOT)) {
      case "text" -> false;
      case "json" -> true;
      default -> throw TiersException.badConfig("--log-format must be text or json, got '" + logFormat + "'");
    };
    // the console shows our INFO lines only with --verbose, even when a log file takes them
    Level consoleLevel = logFile != null && !verbose ? (quiet ? Level.ERROR : Level.WARN) : null;
    LoggerConfig root = config.getRootLogger();
    Appender console = root.getAppenders().get("console");
    if (console != null && (json || consoleLevel != null)) {
      Appender replacement = console;
      if (json) {
        replacement = org.apache.logging.log4j.core.appender.ConsoleAppender.newBuilder().setName("tiers-json-console")
            .setTarget(org.apache.logging.log4j.core.appender.ConsoleAppender.Target.SYSTEM_ERR).setLayout(jsonLayout(config))
            .setConfiguration(config).build();
        replacement.start();
      }
      root.removeAppender("console");
      root.addAppender(replacement, consoleLevel, null);
      applied.consoleReplacedBy = replacement;
      applied.console = console;
    }
    if (logFile != null) {
      Appender file = FileAppender.newBuilder().setName("tiers-log-file").withFileName(logFile.toString()).withAppend(true)
          .setLayout(json ? jsonLayout(config)
              : PatternLayout.newBuilder().withPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5p %c{1}: %m%n").withConfiguration(config).build())
          .setConfiguration(config).build();
      file.start();
      config.addAppender(file);
      config.getRootLogger().addAppender(file, Level.INFO, null);
      LoggerConfig progress = new LoggerConfig(PROGRESS_LOGGER, Level.INFO, false);
      progress.addAppender(file, Level.INFO, null);
      config.addLogger(PROGRESS_LOGGER, progress);
      applied.file = file;
      loggingProgress = true;
    }
    context.updateLoggers();
    return applied;
  }

  private static org.apache.logging.log4j.core.Layout<?> jsonLayout(Configuration config) {
    return org.apache.logging.log4j.layout.template.json.JsonTemplateLayout.newBuilder().setConfiguration(config)
        .setEventTemplateUri("classpath:JsonLayout.json").build();
  }

  private static void setLevel(Configuration config, String name, Level level, Map<String, Level> before) {
    LoggerConfig existing = config.getLoggers().get(name);
    if (existing == null) {
      existing = new LoggerConfig(name, level, true);
      config.addLogger(name, existing);
      before.putIfAbsent(name, null);
    } else {
      before.putIfAbsent(name, existing.getLevel());
    }
    existing.setLevel(level);
  }

  /** Undoes {@link #apply()}. */
  static final class Applied implements AutoCloseable {
    private final LoggerContext context;
    private final Map<String, Level> levelsBefore;
    private Appender file;
    private Appender console;
    private Appender consoleReplacedBy;

    private Applied(LoggerContext context, Map<String, Level> levelsBefore) {
      this.context = context;
      this.levelsBefore = levelsBefore;
    }

    @Override
    public void close() {
      Configuration config = context.getConfiguration();
      levelsBefore.forEach((name, level) -> {
        if (level == null) {
          config.removeLogger(name);
        } else {
          config.getLoggers().get(name).setLevel(level);
        }
      });
      if (consoleReplacedBy != null) {
        config.getRootLogger().removeAppender(consoleReplacedBy.getName());
        config.getRootLogger().addAppender(console, null, null);
        if (consoleReplacedBy != console) {
          consoleReplacedBy.stop();
        }
      }
      if (file != null) {
        loggingProgress = false;
        config.removeLogger(PROGRESS_LOGGER);
        config.getRootLogger().removeAppender(file.getName());
        file.stop();
      }
      quietNow = false;
      context.updateLoggers();
    }
  }
}
