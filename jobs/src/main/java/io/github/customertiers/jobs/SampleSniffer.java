package io.github.customertiers.jobs;

import io.github.customertiers.pipeline.errors.TiersException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the first lines of a sample CSV export say about its layout: encoding (UTF-8, with or
 * without byte-order mark, else windows-1252), delimiter, header, the timestamp column and its
 * pattern (day-first or month-first decided only by a value that proves it), and which source
 * column is probably which canonical column. Reads at most 64 KiB of the file.
 */
record SampleSniffer(Path file, String encoding, boolean byteOrderMark, char delimiter, boolean header,
    List<String> columns, Map<String, String> mapped, Optional<String> timestampFormat, String timestampNote) {

  private static final int MAX_BYTES = 64 * 1024;
  private static final Pattern DATE = Pattern.compile(
      "^(\\d{1,4})([-/.])(\\d{1,2})\\2(\\d{1,4})(?:[ T](\\d{1,2}):(\\d{2})(:\\d{2})?)?$");
  /** Canonical column -> normalized source names that usually mean it, most specific first. */
  static final Map<String, List<String>> SYNONYMS = new LinkedHashMap<>();

  static {
    SYNONYMS.put("transaction_id", List.of("transactionid", "invoiceno", "invoice", "invoicenumber", "orderid", "ordernumber",
        "orderno", "order", "receiptid", "receipt", "transaction"));
    SYNONYMS.put("customer_id", List.of("customerid", "customer", "customerno", "clientid", "client", "userid", "memberid",
        "accountid"));
    SYNONYMS.put("ts", List.of("ts", "timestamp", "invoicedate", "orderdate", "purchasedate", "transactiondate", "datetime",
        "createdat", "date", "time"));
    SYNONYMS.put("amount", List.of("amount", "total", "totalamount", "revenue", "sales", "netamount", "value"));
    SYNONYMS.put("quantity", List.of("quantity", "qty", "units"));
    SYNONYMS.put("currency", List.of("currency", "currencycode"));
    SYNONYMS.put("line_id", List.of("lineid", "stockcode", "sku", "productid", "itemid", "product", "item"));
    SYNONYMS.put("price", List.of("unitprice", "price", "priceeach"));
  }

  static SampleSniffer of(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES);
    }
    boolean bom = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
    String text;
    String encoding = "UTF-8";
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, bom ? 3 : 0, bytes.length - (bom ? 3 : 0))).toString();
    } catch (CharacterCodingException e) {
      // a multi-byte character cut at MAX_BYTES decodes badly too: only decide on a full file
      encoding = bytes.length < MAX_BYTES ? "windows-1252" : "UTF-8";
      text = new String(bytes, java.nio.charset.Charset.forName(encoding));
    }
    List<String> lines = text.lines().filter(l -> !l.isBlank()).limit(200).toList();
    if (bytes.length == MAX_BYTES && lines.size() > 1) {
      lines = lines.subList(0, lines.size() - 1); // the last line may be cut
    }
    if (lines.isEmpty()) {
      throw TiersException.badConfig(file + " is empty: nothing to learn the layout from");
    }
    char delimiter = delimiter(lines);
    List<String> first = cells(lines.get(0), delimiter);
    List<List<String>> data = lines.stream().skip(1).map(l -> cells(l, delimiter)).toList();
    boolean header = first.stream().noneMatch(c -> c.isEmpty() || c.matches("[-+]?[0-9.,]+") || DATE.matcher(c).matches());
    List<String> columns = header ? first : numbered(first.size());
    List<List<String>> rows = header ? data : lines.stream().map(l -> cells(l, delimiter)).toList();
    Map<String, String> mapped = map(columns);
    Optional<String> format = Optional.empty();
    String note = "no timestamp column recognised";
    String tsColumn = mapped.get("ts");
    if (tsColumn == null) {
      for (int i = 0; i < columns.size(); i++) {
        int index = i;
        if (!rows.isEmpty() && rows.stream().allMatch(r -> r.size() > index && DATE.matcher(r.get(index)).matches())) {
          tsColumn = columns.get(i);
          mapped.put("ts", tsColumn);
          break;
        }
      }
    }
    if (tsColumn != null) {
      int index = columns.indexOf(tsColumn);
      List<String> values = rows.stream().filter(r -> r.size() > index).map(r -> r.get(index)).filter(v -> !v.isEmpty()).toList();
      String[] decided = timestampFormat(values);
      format = Optional.ofNullable(decided[0]);
      note = decided[1];
    }
    return new SampleSniffer(file, encoding, bom, delimiter, header, columns, mapped, format, note);
  }

  private static char delimiter(List<String> lines) {
    char best = ',';
    int bestScore = -1;
    for (char d : new char[] {',', ';', '\t', '|'}) {
      int inHeader = cells(lines.get(0), d).size();
      if (inHeader < 2) {
        continue;
      }
      long consistent = lines.stream().limit(20).filter(l -> cells(l, d).size() == inHeader).count();
      int score = (int) consistent * 100 + inHeader;
      if (score > bestScore) {
        best = d;
        bestScore = score;
      }
    }
    return best;
  }

  /** The cells of a CSV line, quotes removed ("" inside quotes is one quote). */
  static List<String> cells(String line, char delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == delimiter && !quoted) {
        out.add(cell.toString().trim());
        cell.setLength(0);
      } else if (c != '\r') {
        cell.append(c);
      }
    }
    out.add(cell.toString().trim());
    return out;
  }

  private static List<String> numbered(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      names.add("_c" + (i - 1));
    }
    return names;
  }

  /** Canonical column (and "price") -> the source column that most probably holds it. */
  static Map<String, String> map(List<String> columns) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> taken = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : SYNONYMS.entrySet()) {
      for (String synonym : e.getValue()) {
        Optional<String> hit = columns.stream().filter(c -> !taken.contains(c) && normal(c).equals(synonym)).findFirst();
        if (hit.isPresent()) {
          out.put(e.getKey(), hit.get());
          taken.add(hit.get());
          break;
        }
      }
    }
    return out;
  }

  static String normal(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
  }

  /**
   * {pattern or null, note}: ISO dates need no pattern; d/m/y orders are decided only by a value
   * above 12 in the first (day-first) or second (month-first) place.
   */
  static String[] timestampFormat(List<String> values) {
    boolean dayFirst = false;
    boolean monthFirst = false;
    boolean yearFirst = false;
    boolean seconds = false;
    boolean time = false;
    boolean twoDigitYear = false;
    String separator = null;
    String timeSeparator = " ";
    for (String v : values) {
      Matcher m = DATE.matcher(v);
      if (!m.matches()) {
        continue;
      }
      separator = m.group(2);
      if (m.group(1).length() == 4) {
        yearFirst = true;
      } else {
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(3));
        dayFirst |= a > 12;
        monthFirst |= b > 12;
        twoDigitYear |= m.group(4).length() == 2;
      }
      if (m.group(5) != null) {
        time = true;
        seconds |= m.group(7) != null;
        timeSeparator = v.contains("T") ? "'T'" : " ";
      }
    }
    if (separator == null) {
      return new String[] {null, "no value looks like a date; QUESTION: which column is the time of the purchase, in which format?"};
    }
    String clock = time ? timeSeparator + "H:mm" + (seconds ? ":ss" : "") : "";
    if (yearFirst) {
      if (separator.equals("-") && (!time || timeSeparator.equals("'T'"))) {
        return new String[] {null, "ISO-8601 dates: no pattern needed"};
      }
      return new String[] {"yyyy" + separator + "M" + separator + "d" + clock, "year first"};
    }
    String year = twoDigitYear ? "yy" : "yyyy";
    if (dayFirst && monthFirst) {
      return new String[] {null, "the values mix day-first and month-first dates; QUESTION: which is it?"};
    }
    if (dayFirst) {
      return new String[] {"d" + separator + "M" + separator + year + clock, "day-first: a value has a day above 12 first"};
    }
    if (monthFirst) {
      return new String[] {"M" + separator + "d" + separator + year + clock, "month-first: a value has a day above 12 second"};
    }
    return new String[] {"M" + separator + "d" + separator + year + clock,
        "QUESTION: month-first or day-first? no value in the sample decides (none above 12); this guess is month-first"};
  }
}
