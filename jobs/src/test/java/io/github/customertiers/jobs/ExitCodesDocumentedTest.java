package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One truth for the exit codes of {@code tiers run}: its --help, the README, docs/OPERATIONS.md and the scheduling scripts. */
class ExitCodesDocumentedTest {
  static final Path ROOT = ProjectPaths.root();

  @Test
  void runHelpReadmeAndOperationsListTheSameCodes() throws IOException {
    TreeSet<Integer> help = codesOfHelp(CliRunner.run("run", "--help").out());
    assertThat(help).as("exit codes in 'tiers run --help'").contains(0, ExitCode.TERMINATED);

    String operations = Files.readString(ROOT.resolve("docs/OPERATIONS.md"));
    String table = operations.substring(operations.indexOf("## Exit codes"));
    table = table.substring(0, table.indexOf("\n## ", 3));
    assertThat(numbers(Pattern.compile("(?m)^\\| (\\d+) \\|"), table)).as("exit code table of docs/OPERATIONS.md").isEqualTo(help);

    String readme = Files.readString(ROOT.resolve("README.md"));
    String sentence = readme.substring(readme.indexOf("Exit codes: "), readme.indexOf("Details:", readme.indexOf("Exit codes: ")));
    assertThat(numbers(Pattern.compile("(?:: |; |and\\s)(\\d+)\\s[a-z]"), sentence)).as("exit codes in the README").isEqualTo(help);
  }

  @Test
  void sigtermIsCode143Everywhere() throws IOException {
    List<Path> texts = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("docs/OPERATIONS.md")));
    try (Stream<Path> schedule = Files.list(ROOT.resolve("scripts/schedule"))) {
      schedule.filter(Files::isRegularFile).forEach(texts::add);
    }
    Pattern exitCode = Pattern.compile("(?:exits|exit code|exit status) (\\d{3})\\b");
    int mentions = 0;
    for (Path file : texts) {
      String text = Files.readString(file);
      Matcher m = exitCode.matcher(text);
      while (m.find()) {
        String before = text.substring(Math.max(0, m.start() - 300), m.start());
        if (before.contains("SIGTERM")) {
          mentions++;
          assertThat(Integer.parseInt(m.group(1))).as("exit code after SIGTERM in %s: ...%s", ROOT.relativize(file),
              text.substring(Math.max(0, m.start() - 80), m.end())).isEqualTo(ExitCode.TERMINATED);
        }
      }
    }
    assertThat(mentions).as("places that name the exit code after SIGTERM").isGreaterThanOrEqualTo(2);
    String help = CliRunner.run("run", "--help").out();
    assertThat(help.lines().filter(l -> l.contains("SIGTERM")).toList()).as("lines of run --help naming SIGTERM")
        .isNotEmpty().allMatch(l -> l.trim().startsWith(String.valueOf(ExitCode.TERMINATED)));
  }

  static TreeSet<Integer> codesOfHelp(String help) {
    String list = help.substring(help.indexOf("Exit codes:"));
    return numbers(Pattern.compile("(?m)^\\s+(\\d+)\\s{2,}\\S"), list);
  }

  static TreeSet<Integer> numbers(Pattern p, String text) {
    TreeSet<Integer> found = new TreeSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      found.add(Integer.parseInt(m.group(1)));
    }
    return found;
  }
}
