package io.github.customertiers.pipeline.report;

import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Inline SVG charts drawn as text, with no script and no external resource, so a report opens
 * from a file share or a mail attachment with no network. Every chart is one {@code <svg
 * class="chart">} element with a {@code <title>} (read by screen readers); the caller prints its
 * numbers as a table beside it.
 */
final class SvgCharts {
  static final String AXIS = "#555";
  static final String GRID = "#e5e7eb";
  private static final int WIDTH = 640;

  private SvgCharts() {}

  /** One named series of numbers with its colour. */
  record Series(String name, String color, double[] values) {}

  /**
   * Horizontal bars, one group per label and one bar per series within it.
   *
   * @param format how a value is printed at the end of its bar
   */
  static String bars(String title, List<String> labels, List<Series> series, java.util.function.DoubleFunction<String> format) {
    int barH = 14;
    int groupH = series.size() * barH + 10;
    int left = 130;
    int top = 10 + legendHeight(series);
    int height = top + labels.size() * groupH + 10;
    double maxValue = 0;
    for (Series s : series) {
      for (double v : s.values()) {
        maxValue = Math.max(maxValue, v);
      }
    }
    double plotW = WIDTH - left - 80;
    StringBuilder svg = open(title, height);
    legend(svg, series, 10);
    for (int i = 0; i < labels.size(); i++) {
      int y0 = top + i * groupH;
      text(svg, left - 8, y0 + groupH / 2.0 + 4, "end", labels.get(i));
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s).values()[i];
        double w = maxValue <= 0 ? 0 : Math.max(0, v) / maxValue * plotW;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
            left, y0 + s * barH + 4, w, barH - 2, series.get(s).color()));
        text(svg, left + w + 4, y0 + s * barH + 4 + barH - 4, "start", format.apply(v));
      }
    }
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>",
        left, top, left, height - 10, AXIS));
    return close(svg);
  }

  /**
   * Lines over a shared x axis from 0 to {@code xs.length - 1} (or over the given x values).
   *
   * @param xs x of each point, in [xMin, xMax]
   * @param xLabel label of the tick at point i, or null for no tick there
   * @param yMax top of the y axis; the y axis starts at 0
   * @param diagonal draws the line y = x (scaled), the "every customer alike" reference of a Pareto curve
   */
  static String lines(String title, double[] xs, List<Series> series, IntFunction<String> xLabel, double yMax,
      java.util.function.DoubleFunction<String> yFormat, boolean diagonal) {
    int left = 60;
    int top = 10 + legendHeight(series);
    int plotH = 220;
    int height = top + plotH + 40;
    double plotW = WIDTH - left - 20;
    double xMin = xs.length == 0 ? 0 : xs[0];
    double xMax = xs.length == 0 ? 1 : xs[xs.length - 1];
    double xSpan = xMax > xMin ? xMax - xMin : 1;
    double ySpan = yMax > 0 ? yMax : 1;
    StringBuilder svg = open(title, height);
    legend(svg, series, 10);
    for (int g = 0; g <= 4; g++) {
      double y = top + plotH - g / 4.0 * plotH;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
          left, y, left + plotW, y, GRID));
      text(svg, left - 6, y + 4, "end", yFormat.apply(ySpan * g / 4.0));
    }
    for (int i = 0; i < xs.length; i++) {
      String label = xLabel.apply(i);
      if (label != null) {
        double x = left + (xs[i] - xMin) / xSpan * plotW;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>",
            x, top + plotH, x, top + plotH + 4, AXIS));
        text(svg, x, top + plotH + 18, "middle", label);
      }
    }
    if (diagonal) {
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#9ca3af\" stroke-dasharray=\"4 4\"/>",
          left, top + plotH, left + plotW, top));
    }
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < xs.length && i < s.values().length; i++) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + (xs[i] - xMin) / xSpan * plotW,
            top + plotH - Math.min(1, s.values()[i] / ySpan) * plotH));
      }
      svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.color()).append("\" points=\"")
          .append(points.toString().trim()).append("\"/>");
      if (xs.length == 1) {
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", left,
            top + plotH - Math.min(1, s.values()[0] / ySpan) * plotH, s.color()));
      }
    }
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>",
        left, top + plotH, left + plotW, top + plotH, AXIS));
    return close(svg);
  }

  /**
   * A grid of cells shaded by value (white to the given colour), each with its text.
   *
   * @param values cell values, rows by columns; NaN leaves a cell blank
   * @param cellText text printed in each cell
   */
  static String heatmap(String title, String rowAxis, String colAxis, List<String> rows, List<String> cols,
      double[][] values, String[][] cellText, String color) {
    int left = 110;
    int top = 40;
    int cellW = Math.min(90, (WIDTH - left - 10) / Math.max(1, cols.size()));
    int cellH = 30;
    int height = top + rows.size() * cellH + 30;
    double maxValue = 0;
    for (double[] row : values) {
      for (double v : row) {
        if (!Double.isNaN(v)) {
          maxValue = Math.max(maxValue, v);
        }
      }
    }
    StringBuilder svg = open(title, height);
    text(svg, left + cellW * cols.size() / 2.0, 14, "middle", colAxis);
    text(svg, 8, top - 8, "start", rowAxis);
    for (int c = 0; c < cols.size(); c++) {
      text(svg, left + c * cellW + cellW / 2.0, top - 8, "middle", cols.get(c));
    }
    for (int r = 0; r < rows.size(); r++) {
      int y = top + r * cellH;
      text(svg, left - 8, y + cellH / 2.0 + 4, "end", rows.get(r));
      for (int c = 0; c < cols.size(); c++) {
        double v = values[r][c];
        double share = Double.isNaN(v) || maxValue <= 0 ? 0 : v / maxValue;
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" fill-opacity=\"%.3f\" stroke=\"#fff\"/>",
            left + c * cellW, y, cellW, cellH, color, Double.isNaN(v) ? 0 : 0.06 + 0.94 * share));
        svg.append(String.format(Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%s</text>",
            left + c * cellW + cellW / 2.0, y + cellH / 2.0 + 4, share > 0.55 ? "#fff" : "#111", esc(cellText[r][c])));
      }
    }
    return close(svg);
  }

  /**
   * Small multiples: one row of ten bars per group (a tier), sharing the x axis (tenths of a score).
   *
   * @param binLabel label under bin i (0..9)
   */
  static String histograms(String title, List<String> groups, List<String> colors, List<long[]> bins, IntFunction<String> binLabel) {
    int left = 110;
    int rowH = 46;
    int top = 10;
    int height = top + groups.size() * rowH + 26;
    double plotW = WIDTH - left - 20;
    double binW = plotW / 10;
    StringBuilder svg = open(title, height);
    for (int g = 0; g < groups.size(); g++) {
      long max = 0;
      long total = 0;
      for (long n : bins.get(g)) {
        max = Math.max(max, n);
        total += n;
      }
      int y0 = top + g * rowH;
      text(svg, left - 8, y0 + rowH / 2.0 + 4, "end", groups.get(g) + " (" + String.format(Locale.ROOT, "%,d", total) + ")");
      for (int b = 0; b < 10; b++) {
        double h = max == 0 ? 0 : (double) bins.get(g)[b] / max * (rowH - 8);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
            left + b * binW + 1, y0 + rowH - 4 - h, binW - 2, h, colors.get(g)));
      }
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>",
          left, y0 + rowH - 4, left + plotW, y0 + rowH - 4, GRID));
    }
    for (int b = 0; b <= 10; b++) {
      String label = binLabel.apply(b);
      if (label != null) {
        text(svg, left + b * binW, height - 8, "middle", label);
      }
    }
    return close(svg);
  }

  private static int legendHeight(List<Series> series) {
    return series.size() > 1 || !series.get(0).name().isEmpty() ? 22 : 0;
  }

  private static void legend(StringBuilder svg, List<Series> series, int y) {
    if (legendHeight(series) == 0) {
      return;
    }
    double x = 10;
    for (Series s : series) {
      svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", x, y - 2, s.color()));
      text(svg, x + 16, y + 8, "start", s.name());
      x += 28 + 7 * s.name().length();
    }
  }

  private static StringBuilder open(String title, int height) {
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">",
        WIDTH, height, WIDTH, height));
    svg.append("<title>").append(esc(title)).append("</title>");
    return svg;
  }

  private static String close(StringBuilder svg) {
    return svg.append("</svg>").toString();
  }

  private static void text(StringBuilder svg, double x, double y, String anchor, String text) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor, esc(text)));
  }

  /** Escapes text for HTML and SVG content and attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
