package io.pipewright.ui.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Overlaid curves: metric histories (with mean ± std bands across folds or repeats), ROC and
 * precision-recall curves (fixed 0..1 bounds; the chance diagonal is a dashed series).
 *
 * <p>On a log y axis, a point whose value (or band edge) is zero or less has no place: the line
 * breaks there instead of jumping across it. A NaN also breaks the line.
 *
 * @param xMin fixed low x bound, or null to fit the data (likewise xMax, yMin, yMax)
 * @param wholeX whether x counts something (trials, iterations): ticked at whole numbers only
 */
public record LineChart(String title, String xLabel, String yLabel, boolean logY, List<Series> series,
        Double xMin, Double xMax, Double yMin, Double yMax, boolean wholeX) implements Chart {

    private static final double LINE_WIDTH = 1.75;
    private static final double BAND_OPACITY = 0.2;

    public LineChart {
        series = List.copyOf(series);
    }

    /** Overlaid curves with bounds that fit the data. */
    public LineChart(String title, String xLabel, String yLabel, boolean logY, List<Series> series) {
        this(title, xLabel, yLabel, logY, series, null, null, null, null);
    }

    /** Overlaid curves over a continuous x. */
    public LineChart(String title, String xLabel, String yLabel, boolean logY, List<Series> series, Double xMin, Double xMax, Double yMin, Double yMax) {
        this(title, xLabel, yLabel, logY, series, xMin, xMax, yMin, yMax, false);
    }

    /** The same chart with x ticked at whole numbers only (its x counts trials or iterations). */
    public LineChart wholeNumbersOnX() {
        return new LineChart(title, xLabel, yLabel, logY, series, xMin, xMax, yMin, yMax, true);
    }

    /** How the points of a series are marked besides (or instead of) its line. */
    public enum Marker {
        /** A line through the points, no marks (a lone point still shows as a dot). */
        NONE,
        /** A dot per point, no line. */
        DOT,
        /** A cross per point, no line; a point without a value (NaN y) sits on the x axis. */
        CROSS
    }

    /**
     * One curve. {@code lower} and {@code upper} (both or neither; may be null) draw a translucent
     * band under the line, such as mean ± std.
     */
    public record Series(String name, String color, double[] x, double[] y, double[] lower, double[] upper, boolean dashed, Marker marker) {
        public Series {
            marker = marker == null ? Marker.NONE : marker;
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
            }
            if ((lower == null) != (upper == null)) {
                throw new IllegalArgumentException("series " + name + ": a band needs both lower and upper");
            }
            if (lower != null && (lower.length != x.length || upper.length != x.length)) {
                throw new IllegalArgumentException("series " + name + ": the band needs one lower and one upper value per point");
            }
            name = name == null ? "" : name;
            x = x.clone();
            y = y.clone();
            lower = lower == null ? null : lower.clone();
            upper = upper == null ? null : upper.clone();
        }

        /** A curve, with a band when {@code lower} and {@code upper} are given, dashed or solid. */
        public Series(String name, String color, double[] x, double[] y, double[] lower, double[] upper, boolean dashed) {
            this(name, color, x, y, lower, upper, dashed, Marker.NONE);
        }

        /** A solid curve without band. */
        public Series(String name, String color, double[] x, double[] y) {
            this(name, color, x, y, null, null, false);
        }

        /** Points without a line, as dots. */
        public static Series points(String name, String color, double[] x, double[] y) {
            return new Series(name, color, x, y, null, null, false, Marker.DOT);
        }

        /** Points without a line, as crosses; those without a value (NaN y) on the x axis (trials a tuner pruned, say). */
        public static Series crosses(String name, String color, double[] x, double[] y) {
            return new Series(name, color, x, y, null, null, false, Marker.CROSS);
        }

        /** Whether the points are marked without a line. */
        public boolean pointsOnly() {
            return marker != Marker.NONE;
        }
    }

    @Override
    public void draw(Surface s, Palette p) {
        double top = Plot.begin(s, p, title);
        var entries = new ArrayList<Plot.Entry>();
        for (int i = 0; i < series.size(); i++) {
            var one = series.get(i);
            if (!one.name().isBlank()) {
                entries.add(new Plot.Entry(one.name(), color(i), one.dashed()));
            }
        }
        double legendWidth = Plot.legendWidth(entries, s.width());
        double rightEdge = s.width() - 12 - (legendWidth > 0 ? legendWidth + 8 : 0);

        double[] xr = Plot.emptyRange();
        double[] yr = Plot.emptyRange();
        for (var one : series) {
            Plot.finiteRange(one.x(), xr, false);
            Plot.finiteRange(one.y(), yr, logY);
            Plot.finiteRange(one.lower(), yr, logY);
            Plot.finiteRange(one.upper(), yr, logY);
        }
        boolean empty = !(xr[0] <= xr[1]) || !(yr[0] <= yr[1]);
        double x0 = xMin != null ? xMin : xr[0];
        double x1 = xMax != null ? xMax : xr[1];
        Ticks xt = wholeX ? Ticks.integers(x0, x1, ticksFor(rightEdge - 60, 80), xMin != null, xMax != null)
                : Ticks.linear(x0, x1, ticksFor(rightEdge - 60, 80), xMin != null, xMax != null);
        Ticks yt;
        if (logY) {
            double lo = yMin != null && yMin > 0 ? yMin : yr[0];
            double hi = yMax != null && yMax > 0 ? yMax : yr[1];
            yt = Ticks.log(lo, hi);
        } else {
            yt = Ticks.linear(yMin != null ? yMin : yr[0], yMax != null ? yMax : yr[1],
                    ticksFor(s.height() - top - 50, 40), yMin != null, yMax != null);
        }
        Plot.Frame f = Plot.cartesian(s, p, top, rightEdge, xLabel, yLabel, xt, yt, logY);
        if (legendWidth > 0) {
            Plot.legend(s, p, entries, s.width() - 12 - legendWidth, f.top(), legendWidth, f.height());
        }
        if (empty) {
            Plot.noData(s, p, (f.left() + f.right()) / 2, (f.top() + f.bottom()) / 2);
            return;
        }

        // a clip costs a software renderer a layer and a blend over the whole canvas: only when needed
        boolean clipped = overflows(f);
        if (clipped) {
            s.clip(f.left(), f.top(), f.width(), f.height());
        }
        int capacity = 0;
        for (var one : series) {
            capacity = Math.max(capacity, one.x().length);
        }
        double[] xs = new double[2 * capacity];
        double[] ys = new double[2 * capacity];
        // bands first, so that no band covers another series' line
        for (int i = 0; i < series.size(); i++) {
            var one = series.get(i);
            if (one.lower() != null) {
                band(s, f, one, color(i), xs, ys);
            }
        }
        for (int i = 0; i < series.size(); i++) {
            var one = series.get(i);
            int n = one.x().length;
            int points = 0;
            int last = -1;
            for (int k = 0; k < n; k++) {
                if (f.x().accepts(one.x()[k]) && f.y().accepts(one.y()[k])) {
                    xs[k] = f.x().map(one.x()[k]);
                    ys[k] = f.y().map(one.y()[k]);
                    points++;
                    last = k;
                } else {
                    xs[k] = Double.NaN;
                    ys[k] = Double.NaN;
                }
            }
            if (one.marker() == Marker.DOT) {
                for (int k = 0; k < n; k++) {
                    if (!Double.isNaN(xs[k])) {
                        s.circle(xs[k], ys[k], 3.5, color(i), 0.9);
                    }
                }
            } else if (one.marker() == Marker.CROSS) {
                for (int k = 0; k < n; k++) {
                    boolean onAxis = Double.isNaN(one.y()[k]) && f.x().accepts(one.x()[k]);
                    if (!Double.isNaN(xs[k]) || onAxis) {
                        cross(s, onAxis ? f.x().map(one.x()[k]) : xs[k], onAxis ? f.bottom() - 5 : ys[k], color(i));
                    }
                }
            } else if (points == 1) {
                // a single point draws no line: a run with one epoch still shows
                s.circle(xs[last], ys[last], 3, color(i), 1);
            } else if (!one.dashed() && dense(xs, n)) {
                cover(s, xs, ys, n, color(i));
            } else {
                s.polyline(xs, ys, n, color(i), LINE_WIDTH, 1, one.dashed() ? Plot.dashes() : null);
            }
        }
        if (clipped) {
            s.unclip();
        }
    }

    /**
     * Whether a line has a point in (nearly) every pixel column it crosses: its x rises and no two
     * neighbours (a break aside) lie more than a pixel apart. Such a line is drawn by {@link #cover}.
     */
    private static boolean dense(double[] xs, int n) {
        double previous = Double.NaN;
        int points = 0;
        for (int k = 0; k < n; k++) {
            double x = xs[k];
            if (Double.isNaN(x)) {
                previous = Double.NaN;
                continue;
            }
            if (!Double.isNaN(previous) && (x < previous || x - previous > 1)) {
                return false;
            }
            previous = x;
            points++;
        }
        return points >= 16;
    }

    /**
     * A dense line drawn as what its stroke covers: in each pixel column, from the highest to the
     * lowest of its points there and the point before (where the line comes from), widened by the
     * line's width, all filled as one polygon per unbroken stretch. It looks as the stroke does, and a
     * noisy series (CPU load sampled thousands of times) costs a software rasterizer a fraction of
     * its zigzag: a stroke that goes up and down the whole band in every column crosses each scanline
     * hundreds of times, and the live charts' frames took 30 ms to rasterize (over 100 ms before the
     * rasterizer's code was compiled).
     */
    private static void cover(Surface s, double[] xs, double[] ys, int n, String color) {
        double half = LINE_WIDTH / 2;
        double[] px = new double[2 * n + 2];
        double[] py = new double[2 * n + 2];
        double[] top = new double[n];
        double[] bottom = new double[n];
        double[] at = new double[n];
        int k = 0;
        while (k < n) {
            while (k < n && Double.isNaN(xs[k])) {
                k++;
            }
            // one unbroken stretch: its columns, each with the span its points (and the one before) cover
            int columns = 0;
            long column = Long.MIN_VALUE;
            double before = Double.NaN;
            int first = k;
            while (k < n && !Double.isNaN(xs[k])) {
                long c = (long) Math.floor(xs[k]);
                if (c != column) {
                    column = c;
                    at[columns] = c + 0.5;
                    top[columns] = Double.isNaN(before) ? ys[k] : Math.min(before, ys[k]);
                    bottom[columns] = Double.isNaN(before) ? ys[k] : Math.max(before, ys[k]);
                    columns++;
                } else {
                    top[columns - 1] = Math.min(top[columns - 1], ys[k]);
                    bottom[columns - 1] = Math.max(bottom[columns - 1], ys[k]);
                }
                before = ys[k];
                k++;
            }
            if (columns == 0) {
                continue;
            }
            // the ends where the line ends, not at their columns' centres
            at[0] = xs[first];
            if (columns == 1) {
                // one column: a short upright bar the line's width across
                s.rect(at[0] - half, top[0] - half, 2 * half, bottom[0] - top[0] + 2 * half, color, null, 1);
                continue;
            }
            at[columns - 1] = xs[k - 1];
            // widened by half the line's width every way, as a stroke is: up and down, and across to where the
            // band's edges reach within that distance (a steep stretch would otherwise be a pixel wide, not a line's width)
            int m = 0;
            for (int c = 0; c < columns; c++, m++) {
                px[m] = at[c];
                py[m] = reach(top, at, c, columns, half, true) - half;
            }
            for (int c = columns - 1; c >= 0; c--, m++) {
                px[m] = at[c];
                py[m] = reach(bottom, at, c, columns, half, false) + half;
            }
            s.polygon(px, py, m, color, 1);
        }
    }

    /**
     * The highest ({@code up}) or lowest point of an edge through {@code edge} at {@code at} within {@code half} across of column
     * {@code c}, where the edge rises or falls through it; at a peak or a dip, the edge itself (a noisy series' dips, where its
     * points are fewer, stay as a stroke leaves them).
     */
    private static double reach(double[] edge, double[] at, int c, int columns, double half, boolean up) {
        double value = edge[c];
        if (c > 0 && c < columns - 1 && (edge[c - 1] - value) * (edge[c + 1] - value) > 0) {
            return value;
        }
        for (int side : new int[] {c - 1, c + 1}) {
            if (side >= 0 && side < columns) {
                double share = Math.min(1, half / Math.max(half, Math.abs(at[side] - at[c])));
                double there = edge[c] + share * (edge[side] - edge[c]);
                value = up ? Math.min(value, there) : Math.max(value, there);
            }
        }
        return value;
    }

    /** An × of 4.5 pixels either way: a mark that reads apart from the dots of a line's points. */
    private static void cross(Surface s, double x, double y, String color) {
        s.line(x - 4.5, y - 4.5, x + 4.5, y + 4.5, color, 2, 1);
        s.line(x - 4.5, y + 4.5, x + 4.5, y - 4.5, color, 2, 1);
    }

    /** Whether a point (or a band's edge) lies outside the plot area: axes with bounds set by hand. */
    private boolean overflows(Plot.Frame f) {
        for (var one : series) {
            for (int k = 0; k < one.x().length; k++) {
                if (outside(f.x(), f.left(), f.right(), one.x()[k]) || outside(f.y(), f.top(), f.bottom(), one.y()[k])
                        || one.lower() != null && (outside(f.y(), f.top(), f.bottom(), one.lower()[k]) || outside(f.y(), f.top(), f.bottom(), one.upper()[k]))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean outside(Plot.Scale scale, double from, double to, double value) {
        if (!scale.accepts(value)) {
            return false; // never drawn
        }
        double at = scale.map(value);
        return at < Math.min(from, to) - 0.5 || at > Math.max(from, to) + 0.5;
    }

    /** The band as one polygon per unbroken stretch of points, so that a gap in the data is a gap in the band. */
    private void band(Surface s, Plot.Frame f, Series one, String color, double[] xs, double[] ys) {
        int n = one.x().length;
        int start = 0;
        while (start < n) {
            while (start < n && !bandPoint(f, one, start)) {
                start++;
            }
            int end = start;
            while (end < n && bandPoint(f, one, end)) {
                end++;
            }
            int count = end - start;
            if (count >= 2) {
                for (int k = 0; k < count; k++) {
                    double px = f.x().map(one.x()[start + k]);
                    xs[k] = px;
                    ys[k] = f.y().map(one.upper()[start + k]);
                    xs[2 * count - 1 - k] = px;
                    ys[2 * count - 1 - k] = f.y().map(one.lower()[start + k]);
                }
                s.polygon(xs, ys, 2 * count, color, BAND_OPACITY);
            }
            start = end;
        }
    }

    private static boolean bandPoint(Plot.Frame f, Series one, int k) {
        return f.x().accepts(one.x()[k]) && f.y().accepts(one.lower()[k]) && f.y().accepts(one.upper()[k]);
    }

    private String color(int i) {
        String c = series.get(i).color();
        return c == null || c.isBlank() ? Palette.series(i) : c;
    }

    static int ticksFor(double pixels, double spacing) {
        return (int) Math.max(2, Math.min(10, pixels / spacing));
    }
}
