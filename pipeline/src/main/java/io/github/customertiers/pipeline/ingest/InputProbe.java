package io.github.customertiers.pipeline.ingest;

import io.github.customertiers.pipeline.config.FeedSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Looks at each new file on the driver before Spark reads it, so a file that cannot be read as
 * configured is rejected by name instead of half-read: a text file is decoded completely with the
 * declared character set (a Windows-1252 file in a UTF-8 feed fails naming the file and line; a
 * truncated or fake {@code .gz} fails naming the file), its header is parsed; a Parquet file's
 * footer is read. Costs one sequential read of each new text file.
 */
final class InputProbe {
  private static final int MAX_HEADER_CHARS = 1 << 20;

  private InputProbe() {}

  static SourceLayout probe(Configuration hadoop, Feed feed, FeedSpec spec, InputFile file) {
    boolean readAsUtf8 = file.format() == InputFile.Format.JSONL || file.format() == InputFile.Format.FIXED_WIDTH
        || file.format() == InputFile.Format.WHITESPACE;
    if (readAsUtf8 && !spec.encoding().equals("UTF-8") && !spec.encoding().equals("US-ASCII")) {
      throw new InvalidInputException(file.path() + ": " + file.format().name().toLowerCase(Locale.ROOT)
          + " files are read as UTF-8, but feeds." + feed.feedName() + ".encoding is " + spec.encoding());
    }
    return switch (file.format()) {
      case PARQUET -> parquet(hadoop, file);
      case CSV -> csv(hadoop, feed, spec, file);
      case JSONL -> {
        TextScan scan = scan(hadoop, file, spec.encoding(), feed);
        // JSON keys are matched exactly, so configured names keep their case.
        yield new SourceLayout(file, spec.sourceColumns().isEmpty() ? null : spec.sourceColumns(), null,
            scan.firstLine() == null, null);
      }
      case WHITESPACE -> {
        TextScan scan = scan(hadoop, file, spec.encoding(), feed);
        String header = spec.header() ? scan.firstLine() : null;
        List<String> names;
        if (!spec.sourceColumns().isEmpty()) {
          names = lower(spec.sourceColumns());
        } else if (header != null) {
          names = lower(List.of(header.strip().split("\\s+")));
        } else {
          names = List.of();
        }
        boolean empty = scan.firstLine() == null;
        yield new SourceLayout(file, names, header, empty, null);
      }
      case FIXED_WIDTH -> {
        TextScan scan = scan(hadoop, file, spec.encoding(), feed);
        yield new SourceLayout(file, lower(spec.sourceColumns()), spec.header() ? scan.firstLine() : null,
            scan.firstLine() == null, null);
      }
    };
  }

  private static SourceLayout csv(Configuration hadoop, Feed feed, FeedSpec spec, InputFile file) {
    TextScan scan = scan(hadoop, file, spec.encoding(), feed);
    char delimiter = spec.delimiter().charAt(0);
    if (!spec.header()) {
      return new SourceLayout(file, lower(spec.sourceColumns()), null, scan.firstLine() == null, null);
    }
    if (scan.firstLine() == null) {
      return new SourceLayout(file, List.of(), null, true, null);
    }
    CsvHeader header = CsvHeader.parse((scan.byteOrderMark() ? "\uFEFF" : "") + scan.firstLine(), delimiter,
        spec.quote().charAt(0));
    if (spec.mapsNothing() && delimiter == ',') {
      header.requireColumns(feed, file);
    } else {
      header.requireDelimiter(file, delimiter, expectedSourceColumns(feed, spec));
      header.requireUniqueNames(file);
    }
    return new SourceLayout(file, header.columns(), scan.firstLine(), false, null);
  }

  /** The source columns a mapping names, for messages. */
  static List<String> expectedSourceColumns(Feed feed, FeedSpec spec) {
    List<String> out = new ArrayList<>();
    for (String c : feed.requiredColumns()) {
      if (spec.columns().containsKey(c)) {
        out.add(spec.columns().get(c));
      } else if (!spec.expressions().containsKey(c)) {
        out.add(c);
      }
    }
    return out;
  }

  private static SourceLayout parquet(Configuration hadoop, InputFile file) {
    Path path = new Path(file.path());
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, hadoop))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      List<String> names = schema.getFields().stream().map(Type::getName).toList();
      return new SourceLayout(file, names, null, reader.getRecordCount() == 0, schema.toString());
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(file.path() + " is not a readable Parquet file (" + firstLine(e)
          + "); nothing was ingested from it", e);
    }
  }

  /**
   * First non-blank line of a text file (byte-order mark and CR removed), or null when it has none,
   * and whether the file starts with a byte-order mark.
   */
  record TextScan(String firstLine, boolean byteOrderMark) {}

  static TextScan scan(Configuration hadoop, InputFile file, String encoding, Feed feed) {
    Charset charset = Charset.forName(encoding);
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    Path path = new Path(file.path());
    long line = 1;
    StringBuilder current = new StringBuilder();
    String first = null;
    Boolean bom = null;
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      try (InputStream raw = fs.open(path);
           InputStream in = file.gzipped() ? new GZIPInputStream(raw, 1 << 16) : raw) {
        byte[] buffer = new byte[1 << 16];
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        boolean eof = false;
        while (!eof) {
          int n = in.read(buffer, 0, bytes.remaining());
          if (n < 0) {
            eof = true;
          } else {
            bytes.put(buffer, 0, n);
          }
          bytes.flip();
          CoderResult result = decoder.decode(bytes, chars, eof);
          if (eof && !result.isError()) {
            result = decoder.flush(chars);
          }
          chars.flip();
          while (chars.hasRemaining()) {
            char c = chars.get();
            if (bom == null) {
              bom = c == '\uFEFF';
            }
            if (c == '\n') {
              if (first == null && !isBlank(current)) {
                first = clean(current);
              }
              current.setLength(0);
              line++;
            } else if (first == null && current.length() < MAX_HEADER_CHARS) {
              current.append(c);
            }
          }
          chars.clear();
          if (result.isError()) {
            throw new InvalidInputException(file.path() + " is not valid " + charset.name() + " (first invalid byte on line "
                + line + "); the file was rejected. If it uses another character set (e.g. windows-1252), declare it as feeds."
                + feed.feedName() + ".encoding");
          }
          bytes.compact();
        }
        if (first == null && !isBlank(current)) {
          first = clean(current);
        }
      }
    } catch (IOException e) {
      String what = file.gzipped() ? " is not a complete gzip file (" : " cannot be read (";
      throw new InvalidInputException(file.path() + what + firstLine(e) + "); nothing was ingested from it", e);
    }
    return new TextScan(first, Boolean.TRUE.equals(bom));
  }

  private static boolean isBlank(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isWhitespace(c) && c != '\uFEFF') {
        return false;
      }
    }
    return true;
  }

  private static String clean(StringBuilder s) {
    String line = s.toString();
    if (line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    return line;
  }

  private static List<String> lower(List<String> names) {
    return names.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).toList();
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().filter(l -> !l.isBlank()).findFirst().orElse(m).strip();
  }
}
