package io.pipewright.ui.chart;

import io.pipewright.ui.chart.Surface.Anchor;
import java.util.List;

/**
 * Layout shared by the charts: title, cartesian frame with grid and ticks, legend. Text widths are
 * estimated from character classes instead of measured with a font, so that the screen, the PNG
 * and the SVG (whose viewer picks its own font) get the same layout.
 */
final class Plot {
    static final double TITLE_SIZE = 14;
    static final double LABEL_SIZE = 12;
    static final double TICK_SIZE = 11;
    static final double LEGEND_SIZE = 11;
    static final int LEGEND_MAX = 12;
    private static final double LEGEND_ROW = 17;
    private static final double LEGEND_SWATCH = 18;
    private static final double[] DASHES = {6, 4};

    private Plot() {
    }

    static double[] dashes() {
        return DASHES.clone();
    }

    /** An estimate of the width of {@code text} in a sans-serif font of {@code size} pixels. */
    static double textWidth(String text, double size) {
        double w = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("ijl.,:;'|!I ()[]ft\u00a0".indexOf(c) >= 0) {
                w += 0.3;
            } else if ("mwMW@%".indexOf(c) >= 0) {
                w += 0.86;
            } else if (Character.isUpperCase(c)) {
                w += 0.67;
            } else {
                w += 0.56;
            }
        }
        return w * size;
    }

    /** The text cut with an ellipsis to fit {@code maxWidth}. */
    static String fit(String text, double maxWidth, double size) {
        if (text == null) {
            return "";
        }
        if (textWidth(text, size) <= maxWidth) {
            return text;
        }
        int end = text.length();
        while (end > 0 && textWidth(text.substring(0, end), size) + 0.6 * size > maxWidth) {
            end--;
        }
        return end == 0 ? "" : text.substring(0, end) + "…";
    }

    /** A pixel centre, so that one-pixel horizontal and vertical lines are crisp rather than blurred over two rows. */
    static double crisp(double v) {
        return Math.floor(v) + 0.5;
    }

    /** Paints the background and the title; returns where the content may start. */
    static double begin(Surface s, Palette p, String title) {
        s.rect(0, 0, s.width(), s.height(), p.background(), null, 1);
        if (title == null || title.isBlank()) {
            return 12;
        }
        s.text(fit(title, s.width() - 20, TITLE_SIZE), s.width() / 2, 17, Anchor.MIDDLE, TITLE_SIZE, p.text(), 0);
        return 34;
    }

    /**
     * Text on a translucent patch of the background, so that it stays readable over dense lines
     * (parallel coordinates).
     */
    static void label(Surface s, Palette p, String text, double x, double y, Surface.Anchor anchor, double size, String color) {
        double w = textWidth(text, size) + 4;
        double left = switch (anchor) {
            case START -> x - 2;
            case MIDDLE -> x - w / 2;
            case END -> x - w + 2;
        };
        s.rect(left, y - size * 0.65, w, size * 1.3, p.background(), null, 0.75);
        s.text(text, x, y, anchor, size, color, 0);
    }

    static void noData(Surface s, Palette p, double cx, double cy) {
        s.text("No data", cx, cy, Anchor.MIDDLE, LABEL_SIZE, p.axis(), 0);
    }

    /** Maps data values to pixels; a log scale maps log10 of the value. */
    record Scale(double d0, double d1, double r0, double r1, boolean log) {
        double map(double v) {
            if (log) {
                return r0 + (Math.log10(v) - Math.log10(d0)) / (Math.log10(d1) - Math.log10(d0)) * (r1 - r0);
            }
            return r0 + (v - d0) / (d1 - d0) * (r1 - r0);
        }

        /** Whether v can be shown at all (a log scale has no place for zero or less). */
        boolean accepts(double v) {
            return Double.isFinite(v) && (!log || v > 0);
        }
    }

    /** The plot area in pixels and the scales into it. */
    record Frame(double left, double top, double right, double bottom, Scale x, Scale y) {
        double width() {
            return right - left;
        }

        double height() {
            return bottom - top;
        }
    }

    /**
     * Lays out and draws a frame with grid, axes, tick labels and axis labels. The plot area spans
     * from {@code top} to the bottom and from the left edge to {@code rightEdge}, less what the
     * labels need.
     */
    static Frame cartesian(Surface s, Palette p, double top, double rightEdge, String xLabel, String yLabel,
            Ticks xt, Ticks yt, boolean logY) {
        return cartesian(s, p, top, rightEdge, 0, xLabel, yLabel, xt, yt, logY);
    }

    /** A frame that leaves {@code extraBottom} pixels between the tick labels and the x label. */
    static Frame cartesian(Surface s, Palette p, double top, double rightEdge, double extraBottom, String xLabel, String yLabel,
            Ticks xt, Ticks yt, boolean logY) {
        double yTickWidth = 0;
        for (String label : yt.labels()) {
            yTickWidth = Math.max(yTickWidth, textWidth(label, TICK_SIZE));
        }
        boolean hasX = xLabel != null && !xLabel.isBlank();
        boolean hasY = yLabel != null && !yLabel.isBlank();
        double left = 10 + (hasY ? 20 : 0) + Math.min(yTickWidth, s.width() * 0.25) + 6;
        double bottom = s.height() - 8 - (hasX ? 20 : 0) - 18 - extraBottom;
        double right = Math.max(left + 10, rightEdge);
        bottom = Math.max(top + 10, bottom);
        var x = new Scale(xt.min(), xt.max(), left, right, false);
        var y = new Scale(yt.min(), yt.max(), bottom, top, logY);

        for (int i = 0; i < yt.values().length; i++) {
            double py = crisp(y.map(yt.values()[i]));
            s.line(left, py, right, py, p.grid(), 1, 1);
            s.text(fit(yt.labels()[i], s.width() * 0.25, TICK_SIZE), left - 6, py, Anchor.END, TICK_SIZE, p.text(), 0);
        }
        double widest = 0;
        for (String label : xt.labels()) {
            widest = Math.max(widest, textWidth(label, TICK_SIZE));
        }
        int n = xt.values().length;
        double slot = n == 0 ? right - left : (right - left) / n;
        // thin out labels that would overlap, but keep every grid line
        int every = Math.max(1, (int) Math.ceil((Math.min(widest, 140) + 8) / Math.max(1, slot)));
        for (int i = 0; i < n; i++) {
            double px = crisp(x.map(xt.values()[i]));
            s.line(px, top, px, bottom, p.grid(), 1, 1);
            if (i % every == 0) {
                s.text(fit(xt.labels()[i], Math.max(slot * every - 4, 30), TICK_SIZE), px, bottom + 11,
                        Anchor.MIDDLE, TICK_SIZE, p.text(), 0);
            }
        }
        s.line(crisp(left), top, crisp(left), bottom, p.axis(), 1, 1);
        s.line(left, crisp(bottom), right, crisp(bottom), p.axis(), 1, 1);
        if (hasX) {
            s.text(fit(xLabel, right - left, LABEL_SIZE), (left + right) / 2, s.height() - 14, Anchor.MIDDLE, LABEL_SIZE, p.text(), 0);
        }
        if (hasY) {
            s.text(fit(yLabel, bottom - top, LABEL_SIZE), 14, (top + bottom) / 2, Anchor.MIDDLE, LABEL_SIZE, p.text(), -90);
        }
        return new Frame(left, top, right, bottom, x, y);
    }

    /** A legend entry: a line swatch, solid or dashed. */
    record Entry(String name, String color, boolean dashed) {
    }

    /**
     * The width a legend at the right needs (0 for no legend): its widest entry, at most a quarter of the surface,
     * where longer entries wrap; wider than a quarter only for a word that would not fit (up to 40 % of the surface).
     */
    static double legendWidth(List<Entry> entries, double surfaceWidth) {
        if (entries.isEmpty()) {
            return 0;
        }
        double widest = textWidth("+" + entries.size() + " more", LEGEND_SIZE);
        double longestWord = 0;
        for (int i = 0; i < Math.min(entries.size(), LEGEND_MAX); i++) {
            widest = Math.max(widest, textWidth(entries.get(i).name(), LEGEND_SIZE));
            for (String word : entries.get(i).name().split(" ")) {
                longestWord = Math.max(longestWord, textWidth(word, LEGEND_SIZE));
            }
        }
        double room = LEGEND_SWATCH + 6 + 12;
        double cap = Math.max(Math.max(60, surfaceWidth * 0.25), Math.min(longestWord + room, surfaceWidth * 0.4));
        return Math.min(widest + room, cap);
    }

    /**
     * Draws at most {@link #LEGEND_MAX} lines (fewer where the height runs out), the last "+N more" when entries are
     * left out. An entry wider
     * than the legend wraps onto more lines at its spaces (a no-break space keeps "AUC 0.91" together); only a
     * word wider than the legend is cut.
     */
    static void legend(Surface s, Palette p, List<Entry> entries, double x, double y, double width, double maxHeight) {
        int rows = (int) Math.max(1, Math.min(LEGEND_MAX, Math.floor(maxHeight / LEGEND_ROW)));
        double textWidth = width - LEGEND_SWATCH - 6;
        int row = 0;
        int shown = 0;
        for (int i = 0; i < Math.min(entries.size(), LEGEND_MAX); i++) {
            var entry = entries.get(i);
            List<String> lines = wrap(entry.name(), textWidth, LEGEND_SIZE);
            boolean last = i == entries.size() - 1;
            // room for the entry, and for "+N more" below it unless it is the last
            if (row + lines.size() + (last ? 0 : 1) > rows && !(row == 0 && lines.size() >= rows)) {
                break;
            }
            double cy = y + row * LEGEND_ROW + LEGEND_ROW / 2;
            if (entry.dashed()) {
                // two short strokes read as a dash without a dashed-line primitive for lines
                s.line(x, cy, x + 7, cy, entry.color(), 2, 1);
                s.line(x + 11, cy, x + LEGEND_SWATCH, cy, entry.color(), 2, 1);
            } else {
                s.line(x, cy, x + LEGEND_SWATCH, cy, entry.color(), 2.5, 1);
            }
            for (String line : lines) {
                if (row >= rows) {
                    break;
                }
                s.text(line, x + LEGEND_SWATCH + 6, y + row * LEGEND_ROW + LEGEND_ROW / 2, Anchor.START, LEGEND_SIZE, p.text(), 0);
                row++;
            }
            shown++;
        }
        if (shown < entries.size()) {
            double cy = y + row * LEGEND_ROW + LEGEND_ROW / 2;
            s.text("+" + (entries.size() - shown) + " more", x + LEGEND_SWATCH + 6, cy, Anchor.START, LEGEND_SIZE, p.axis(), 0);
        }
    }

    /** The text in lines no wider than {@code width}, broken at spaces; a word wider than that is cut with an ellipsis. */
    static List<String> wrap(String text, double width, double size) {
        var lines = new java.util.ArrayList<String>();
        var line = new StringBuilder();
        for (String word : (text == null ? "" : text).split(" ")) {
            String joined = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && textWidth(joined, size) > width) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(joined);
            }
        }
        lines.add(line.toString());
        lines.replaceAll(one -> fit(one, width, size));
        return lines;
    }

    static double[] finiteRange(double[] values, double[] into, boolean positiveOnly) {
        if (values == null) {
            return into;
        }
        for (double v : values) {
            if (Double.isFinite(v) && (!positiveOnly || v > 0)) {
                into[0] = Math.min(into[0], v);
                into[1] = Math.max(into[1], v);
            }
        }
        return into;
    }

    static double[] emptyRange() {
        return new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    }
}
