package io.github.customertiers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marketing files are RFC 4180 and safe to open in a spreadsheet (RELIABILITY.md case 26), and a
 * config-less run on canonical files works with only the path options.
 */
class ExportFilesTest {
  @TempDir Path dir;

  @Test
  void formulaLikeTextIsNeutralisedAndNumbersAreUntouched() throws Exception {
    Path tx = Files.writeString(dir.resolve("t.csv"), "transaction_id,customer_id,ts,amount\n"
        + "1,=HYPERLINK(\"http://x\"),2026-11-10,120.00\n"
        + "2,+31612345678,2026-11-11,80.00\n"
        + "3,-5,2026-11-12,60.00\n"
        + "4,@SUM(A1),2026-11-13,40.00\n"
        + "5,\"\ttab\",2026-11-13,30.00\n"
        + "6,plain,2026-11-14,20.00\n"
        + "7,plain,2026-11-14,-25.00\n", StandardCharsets.UTF_8);
    CliRunner r = CliRunner.run("run", "--transactions", tx.toString(), "--warehouse", dir.resolve("wh").toString(),
        "--as-of", "2026-11-15");
    assertThat(r.exitCode()).as("run; stderr: %s", r.err()).isZero();

    StringBuilder all = new StringBuilder();
    for (String tier : new String[] {"vip", "key", "ordinary", "potential", "lapsed"}) {
      String file = Files.readString(Published.exports(dir.resolve("wh"), "2026-11-15").resolve(tier + ".csv"), StandardCharsets.UTF_8);
      assertThat(file).as("%s.csv uses CRLF line ends", tier).doesNotContainPattern("[^\\r]\\n");
      all.append(file);
    }
    String text = all.toString();
    assertThat(text).as("quotes doubled inside a quoted, neutralised cell").contains("\"'=HYPERLINK(\"\"http://x\"\")\"");
    assertThat(text).contains("'+31612345678,").contains("'-5,").contains("'@SUM(A1),").contains("'\ttab");
    assertThat(text).as("a negative number stays a number").contains(",-5.00,");
    assertThat(text).doesNotContain("\n=").doesNotContain(",=");
  }
}
