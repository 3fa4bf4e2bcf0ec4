package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.errors.TiersException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tiers completion bash|zsh}: the shell completion script of the tiers command (picocli's AutoComplete). */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    header = "Print the shell completion script of tiers for bash or zsh.",
    description = {"Completes commands, options and their values (dates, files, the choices of --every and --print). "
        + "The same script serves bash and zsh (it turns on zsh's bash completion itself). It completes the command "
        + "named tiers: put scripts/tiers on the PATH under that name, or alias tiers to it."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "2:unknown shell"},
    footerHeading = "%nExamples:%n",
    footer = {"  source <(tiers completion bash)                        # this shell",
        "  tiers completion bash > ~/.local/share/bash-completion/completions/tiers",
        "  tiers completion zsh > \"${fpath[1]}/_tiers\"              # zsh"})
public final class CompletionCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "bash|zsh", description = "The shell.")
  String shell;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String s = shell.toLowerCase(Locale.ROOT);
    if (!s.equals("bash") && !s.equals("zsh")) {
      throw TiersException.badConfig("completion is available for bash and zsh, not '" + shell + "'");
    }
    spec.commandLine().getOut().print(AutoComplete.bash("tiers", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
