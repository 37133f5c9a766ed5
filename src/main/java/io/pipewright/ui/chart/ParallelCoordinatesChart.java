package io.pipewright.ui.chart;

import io.pipewright.ui.chart.Surface.Anchor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line per run across vertical axes (hyperparameters, then metrics), coloured by a metric.
 *
 * <p>A missing value (NaN, or a category index out of range) is drawn at a "missing" position
 * below its axis rather than breaking the line: a run that lacks one parameter stays traceable
 * across the others, and how many runs lack it is visible.
 *
 * <p>Lines are drawn in ascending order of their colour value, so the runs highest on the colour
 * metric lie on top (for a loss, colour by its negative to put the best on top). Drawing allocates
 * a few arrays for all lines together, none per line, so ten thousand runs stay cheap.
 *
 * @param color one value per run, mapped through {@link Palette#scale}; null colours all lines alike
 * @param colorLabel the name of the colouring metric, shown over the colour bar
 */
public record ParallelCoordinatesChart(String title, List<Axis> axes, double[] color, String colorLabel) implements Chart {

    private static final double TICK_SIZE = 10;
    private static final double MISSING_GAP = 16;
    private static final int COLOR_STEPS = 64;

    public ParallelCoordinatesChart {
        axes = List.copyOf(axes);
        int runs = axes.isEmpty() ? 0 : axes.get(0).values().length;
        for (var axis : axes) {
            if (axis.values().length != runs) {
                throw new IllegalArgumentException("axis " + axis.name() + " has " + axis.values().length + " values, not " + runs);
            }
        }
        if (color != null && color.length != runs) {
            throw new IllegalArgumentException(color.length + " colour values for " + runs + " runs");
        }
        color = color == null ? null : color.clone();
    }

    /**
     * One vertical axis. With {@code categories} null the axis is numeric, scaled to its values'
     * range; otherwise each value is an index into {@code categories}, shown evenly spaced.
     */
    public record Axis(String name, double[] values, List<String> categories) {
        public Axis {
            name = name == null ? "" : name;
            values = values.clone();
            categories = categories == null ? null : List.copyOf(categories);
        }

        /** A numeric axis. */
        public Axis(String name, double[] values) {
            this(name, values, null);
        }

        int runs() {
            return values.length;
        }
    }

    @Override
    public void draw(Surface s, Palette p) {
        double top = Plot.begin(s, p, title);
        int n = axes.size();
        int runs = n == 0 ? 0 : axes.get(0).runs();
        double[] cr = Plot.finiteRange(color, Plot.emptyRange(), false);
        boolean colored = color != null && cr[0] <= cr[1];
        double barWidth = colored ? Math.min(90, Math.max(60, Plot.textWidth(Ticks.format(cr[1]), TICK_SIZE) + 30)) : 0;
        double right = s.width() - 16 - (colored ? barWidth + 12 : 0);

        boolean anyMissing = false;
        boolean[] missing = new boolean[n];
        Ticks[] ticks = new Ticks[n];
        for (int j = 0; j < n; j++) {
            var axis = axes.get(j);
            for (int i = 0; i < runs; i++) {
                if (Double.isNaN(position(axis, i))) {
                    missing[j] = true;
                    anyMissing = true;
                    break;
                }
            }
        }
        double plotTop = top + 22;
        double bottom = s.height() - 14 - (anyMissing ? MISSING_GAP + 8 : 0);
        double missingY = bottom + MISSING_GAP;
        for (int j = 0; j < n; j++) {
            var axis = axes.get(j);
            if (axis.categories() != null) {
                ticks[j] = Ticks.categories(axis.categories().toArray(String[]::new));
            } else {
                double[] r = Plot.finiteRange(axis.values(), Plot.emptyRange(), false);
                ticks[j] = Ticks.linear(r[0], r[1], LineChart.ticksFor(bottom - plotTop, 45), false, false);
            }
        }
        double firstLabels = 0;
        if (n > 0) {
            for (String label : ticks[0].labels()) {
                firstLabels = Math.max(firstLabels, Plot.textWidth(label, TICK_SIZE));
            }
        }
        double spacing = n > 1 ? (right - 16 - Math.min(firstLabels, 120)) / (n - 1) : 0;
        double left = n > 1 ? right - spacing * (n - 1) : (16 + right) / 2;
        double[] axisX = new double[n];
        var scales = new ArrayList<Plot.Scale>(n);
        for (int j = 0; j < n; j++) {
            axisX[j] = Plot.crisp(left + j * spacing);
            scales.add(new Plot.Scale(ticks[j].min(), ticks[j].max(), bottom, plotTop, false));
        }
        if (runs == 0 || n == 0) {
            Plot.noData(s, p, s.width() / 2, (plotTop + bottom) / 2);
            return;
        }

        double[] xs = new double[n];
        double[] ys = new double[n];
        // many lines at full opacity merge into a solid band; fade them so that density shows
        double opacity = runs <= 100 ? 0.85 : Math.max(0.12, 0.85 * Math.sqrt(100.0 / runs));
        double width = runs <= 500 ? 1.25 : 1;
        String plain = Palette.series(0);
        long[] order = drawingOrder(runs, colored, cr);
        for (long key : order) {
            int i = (int) key;
            for (int j = 0; j < n; j++) {
                double v = position(axes.get(j), i);
                xs[j] = axisX[j];
                ys[j] = Double.isNaN(v) ? missingY : scales.get(j).map(v);
            }
            String c;
            if (!colored) {
                c = plain;
            } else if (Double.isNaN(color[i])) {
                c = p.axis();
            } else {
                c = Palette.scale(cr[1] > cr[0] ? (color[i] - cr[0]) / (cr[1] - cr[0]) : 0.5);
            }
            s.polyline(xs, ys, n, c, width, opacity);
        }

        // axes over the lines, so that their labels stay readable
        for (int j = 0; j < n; j++) {
            var axis = axes.get(j);
            double x = axisX[j];
            s.line(x, plotTop, x, bottom, p.axis(), 1, 1);
            double nameWidth = n > 1 ? Math.max(40, spacing - 6) : right - 16;
            Anchor anchor = n > 1 && j == 0 ? Anchor.START : n > 1 && j == n - 1 ? Anchor.END : Anchor.MIDDLE;
            Plot.label(s, p, Plot.fit(axis.name(), nameWidth, Plot.LABEL_SIZE), x, top + 6, anchor, Plot.LABEL_SIZE, p.text());
            Ticks t = ticks[j];
            double labelWidth = n > 1 ? Math.max(30, spacing * 0.45) : 120;
            int every = Math.max(1, (int) Math.ceil(15 * t.values().length / Math.max(1, bottom - plotTop)));
            for (int k = 0; k < t.values().length; k += every) {
                double y = Plot.crisp(scales.get(j).map(t.values()[k]));
                s.line(x - 3, y, x, y, p.axis(), 1, 1);
                Plot.label(s, p, Plot.fit(t.labels()[k], labelWidth, TICK_SIZE), x - 5, y, Anchor.END, TICK_SIZE, p.text());
            }
            if (missing[j]) {
                s.circle(x, missingY, 2, p.axis(), 1);
                Plot.label(s, p, "missing", x - 5, missingY, Anchor.END, TICK_SIZE, p.axis());
            }
        }
        if (colored) {
            colorBar(s, p, right + 12, plotTop, barWidth, bottom, cr);
        }
    }

    private void colorBar(Surface s, Palette p, double x, double top, double width, double bottom, double[] range) {
        s.text(Plot.fit(colorLabel == null ? "" : colorLabel, width + 4, Plot.TICK_SIZE), x, top - 8, Anchor.START, Plot.TICK_SIZE, p.text(), 0);
        double barTop = top + 4;
        double h = (bottom - barTop) / COLOR_STEPS;
        for (int k = 0; k < COLOR_STEPS; k++) {
            // slight overlap hides hairline seams between the steps
            s.rect(x, barTop + k * h, 12, h + 0.5, Palette.scale(1 - (k + 0.5) / COLOR_STEPS), null, 1);
        }
        s.rect(x, barTop, 12, bottom - barTop, null, p.axis(), 1);
        Ticks t = Ticks.linear(range[0], range[1], 4, true, true);
        var scale = new Plot.Scale(t.min(), t.max(), bottom, barTop, false);
        if (range[0] == range[1]) {
            s.text(Ticks.format(range[0]), x + 16, (barTop + bottom) / 2, Anchor.START, TICK_SIZE, p.text(), 0);
            return;
        }
        for (int k = 0; k < t.values().length; k++) {
            s.text(Plot.fit(t.labels()[k], width - 16, TICK_SIZE), x + 16, scale.map(t.values()[k]), Anchor.START, TICK_SIZE, p.text(), 0);
        }
    }

    /**
     * Runs in ascending order of their colour (missing colours first), packed as colour step in the
     * high and run index in the low half of a long: a primitive sort, no boxing. Drawing in this
     * order puts the runs with the highest colour value on top and lets the screen batch lines of
     * one colour.
     */
    private long[] drawingOrder(int runs, boolean colored, double[] range) {
        long[] order = new long[runs];
        for (int i = 0; i < runs; i++) {
            long step = 0;
            if (colored && !Double.isNaN(color[i])) {
                double t = range[1] > range[0] ? (color[i] - range[0]) / (range[1] - range[0]) : 0.5;
                step = 1 + Math.round(Math.max(0, Math.min(1, t)) * 255);
            }
            order[i] = (step << 32) | i;
        }
        if (colored) {
            Arrays.sort(order);
        }
        return order;
    }

    /** The value to place on the axis, or NaN for missing (also a category index that names no category). */
    private static double position(Axis axis, int run) {
        double v = axis.values()[run];
        if (!Double.isFinite(v)) {
            return Double.NaN;
        }
        if (axis.categories() != null) {
            int index = (int) v;
            return index == v && index >= 0 && index < axis.categories().size() ? v : Double.NaN;
        }
        return v;
    }
}
