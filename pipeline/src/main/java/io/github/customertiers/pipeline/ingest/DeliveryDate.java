package io.github.customertiers.pipeline.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The delivery date of an input file, read from its path below the configured input (file name or
 * directories: {@code transactions/2026-11-14/orders.csv}, {@code orders_2026-11-14.csv},
 * {@code orders_20261114.csv}): the last date written {@code YYYY-MM-DD}, or {@code YYYYMMDD}
 * between non-digits, with a year from 1900 to 2099 and a real calendar day. A path holding none is
 * undated. Only the part below the configured input counts, so a date in the configured path itself
 * (or in a temporary directory's name) never dates its files.
 */
public final class DeliveryDate {
  private static final Pattern DATE = Pattern.compile(
      "(?<![0-9])(?:((?:19|20)[0-9]{2})-([0-9]{2})-([0-9]{2})|((?:19|20)[0-9]{2})([0-9]{2})([0-9]{2}))(?![0-9])");

  private DeliveryDate() {}

  /**
   * The last date in a relative path ('/'-separated), or null when it holds none.
   *
   * @param relativePath the file's path below the configured input; its name when the input is the file
   */
  public static LocalDate of(String relativePath) {
    if (relativePath == null) {
      return null;
    }
    LocalDate last = null;
    Matcher m = DATE.matcher(relativePath);
    while (m.find()) {
      int g = m.group(1) != null ? 1 : 4;
      try {
        last = LocalDate.of(Integer.parseInt(m.group(g)), Integer.parseInt(m.group(g + 1)), Integer.parseInt(m.group(g + 2)));
      } catch (DateTimeException notADay) {
        // 2026-13-45 or 20261345: not a date, keep looking
      }
    }
    return last;
  }
}
