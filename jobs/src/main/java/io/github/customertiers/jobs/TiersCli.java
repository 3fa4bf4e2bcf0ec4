package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.ingest.InputNotReadyException;
import io.github.customertiers.pipeline.ingest.InvalidInputException;
import io.github.customertiers.pipeline.run.EmptyResultException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tiers} command: nightly customer segmentation on Spark. */
@Command(name = "tiers", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Turns customer transaction and interaction exports into published customer tiers "
        + "(vip, key, ordinary, potential, lapsed).",
    subcommands = {RunCommand.class, IngestCommand.class, ValidateCommand.class, PublishedCommand.class, GenerateCommand.class, EvaluateValueCommand.class, CommandLine.HelpCommand.class})
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
      ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      return ExitCode.USAGE;
    });
    return cli;
  }

  static int exitCodeOf(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof InputNotReadyException) return ExitCode.INPUT_NOT_READY;
      if (t instanceof InvalidInputException) return ExitCode.INVALID_INPUT;
      if (t instanceof EmptyResultException) return ExitCode.EMPTY_RESULT;
      if (t instanceof io.github.customertiers.pipeline.stability.TierChangesRefusedException) return ExitCode.TIER_CHANGES_REFUSED;
      if (t instanceof io.github.customertiers.pipeline.publish.LockHeldException) return ExitCode.LOCK_HELD;
      if (t instanceof ConfigException || t instanceof IllegalArgumentException) return ExitCode.USAGE;
      if (t instanceof InterruptedException) return ExitCode.INTERRUPTED;
    }
    return ExitCode.INTERNAL_ERROR;
  }

  static String oneLine(Throwable ex) {
    Throwable t = ex;
    while ((t.getMessage() == null || t instanceof java.lang.reflect.InvocationTargetException) && t.getCause() != null) {
      t = t.getCause();
    }
    for (Throwable c = ex; c != null; c = c.getCause()) {
      if (c instanceof InputNotReadyException || c instanceof InvalidInputException || c instanceof EmptyResultException
          || c instanceof io.github.customertiers.pipeline.stability.TierChangesRefusedException
          || c instanceof ConfigException || c instanceof io.github.customertiers.pipeline.publish.LockHeldException) {
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
