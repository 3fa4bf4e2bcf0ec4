package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.errors.TiersException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tiers} command: nightly customer segmentation on Spark. */
@Command(name = "tiers", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Turns customer transaction and interaction exports into published customer tiers "
        + "(vip, key, ordinary, potential, lapsed).",
    footerHeading = "%nExamples:%n",
    footer = {"  tiers run --config tiers.yaml          # the nightly job",
        "  tiers validate --config tiers.yaml     # dry run of the ingest: what a run would do",
        "  tiers published --warehouse DIR        # what is live",
        "  tiers COMMAND --help                   # a command's options, exit codes and examples",
        "Documentation: README.md and docs/ of the project."},
    subcommands = {RunCommand.class, IngestCommand.class, ValidateCommand.class, PublishedCommand.class, GenerateCommand.class, EvaluateValueCommand.class, BacktestCommand.class, ReportCommand.class, ShowCommand.class, InitCommand.class, CompletionCommand.class,
        CommandLine.HelpCommand.class})
public final class TiersCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
  }

  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new TiersCli());
    cli.setOut(out);
    cli.setErr(err);
    LoggingOptions logging = new LoggingOptions();
    // on every command (tiers run --quiet), not on tiers itself: one options object serves all commands,
    // and picocli resets a command's options when it parses that command
    cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().addMixin("logging",
        CommandLine.Model.CommandSpec.forAnnotatedObject(logging)));
    cli.setExecutionStrategy(parseResult -> {
      var problem = logging.problem();
      if (problem.isPresent()) {
        throw new CommandLine.ParameterException(parseResult.asCommandLineList().getLast(), problem.get());
      }
      try (LoggingOptions.Applied ignored = logging.apply()) {
        return new CommandLine.RunLast().execute(parseResult);
      }
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      int code = exitCodeOf(ex);
      commandLine.getErr().println("tiers: " + oneLine(ex));
      if (code == ExitCode.INTERNAL_ERROR) {
        ex.printStackTrace(commandLine.getErr());
      }
      return code;
    });
    cli.setParameterExceptionHandler((ex, args) -> {
      ex.getCommandLine().getErr().println("tiers: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, ex.getCommandLine().getErr()); // did you mean
      ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      return ExitCode.USAGE;
    });
    return cli;
  }

  static int exitCodeOf(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof TiersException failure) {
        return exitCodeOf(failure.kind());
      }
      if (t instanceof InterruptedException) return ExitCode.INTERRUPTED;
    }
    return ExitCode.INTERNAL_ERROR;
  }

  static int exitCodeOf(TiersException.Kind kind) {
    return switch (kind) {
      case BAD_CONFIG -> ExitCode.USAGE;
      case INPUT_NOT_READY -> ExitCode.INPUT_NOT_READY;
      case INVALID_INPUT -> ExitCode.INVALID_INPUT;
      case LOCK_HELD -> ExitCode.LOCK_HELD;
      case EMPTY_RESULT -> ExitCode.EMPTY_RESULT;
      case TIER_CHANGES_REFUSED -> ExitCode.TIER_CHANGES_REFUSED;
    };
  }

  static String oneLine(Throwable ex) {
    Throwable t = ex;
    while ((t.getMessage() == null || t instanceof java.lang.reflect.InvocationTargetException) && t.getCause() != null) {
      t = t.getCause();
    }
    for (Throwable c = ex; c != null; c = c.getCause()) {
      if (c instanceof TiersException) {
        t = c;
        break;
      }
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.replace('\n', ' ');
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
