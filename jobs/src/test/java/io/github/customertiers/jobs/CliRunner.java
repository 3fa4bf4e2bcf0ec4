package io.github.customertiers.jobs;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the tiers CLI in-process with captured output, as picocli recommends for tests. */
record CliRunner(int exitCode, String out, String err) {
  static CliRunner run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TiersCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new CliRunner(code, out.toString(), err.toString());
  }
}
