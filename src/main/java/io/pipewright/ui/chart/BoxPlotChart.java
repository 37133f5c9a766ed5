package io.pipewright.ui.chart;

import io.pipewright.ui.chart.Surface.Anchor;
import java.util.Arrays;
import java.util.List;

/**
 * The distribution of a metric per group (per algorithm, per parameter value): box from the first
 * to the third quartile, a line at the median, whiskers to the furthest values within 1.5 IQR of
 * the box, and the values beyond as dots. Quartiles are {@link #quantile type 7}, the default of
 * R and NumPy, so the numbers match what a person computes there.
 */
public record BoxPlotChart(String title, String groupLabel, String valueLabel, List<Group> groups) implements Chart {

    public BoxPlotChart {
        groups = List.copyOf(groups);
    }

    /** One box; NaN values are left out (and not counted in n). */
    public record Group(String name, double[] values) {
        public Group {
            name = name == null ? "" : name;
            values = values.clone();
        }
    }

    /**
     * The five numbers of a box and its outliers.
     *
     * @param low the smallest value at or above Q1 − 1.5 IQR (the lower whisker's end)
     * @param high the largest value at or below Q3 + 1.5 IQR
     */
    public record Stats(int n, double q1, double median, double q3, double low, double high, double[] outliers) {
        public Stats {
            outliers = outliers.clone();
        }
    }

    /**
     * The p-quantile (0 ≤ p ≤ 1) of ascending {@code sorted} values by linear interpolation between
     * order statistics (Hyndman and Fan type 7): h = (n − 1)·p, then x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
     * NaN for no values.
     */
    public static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * Math.max(0, Math.min(1, p));
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /** The box of the finite values among {@code values}; null when there are none. */
    public static Stats stats(double[] values) {
        double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (sorted.length == 0) {
            return null;
        }
        double q1 = quantile(sorted, 0.25);
        double q3 = quantile(sorted, 0.75);
        double fence = 1.5 * (q3 - q1);
        double low = q1;
        double high = q3;
        int outliers = 0;
        for (double v : sorted) {
            if (v < q1 - fence || v > q3 + fence) {
                outliers++;
            } else {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        double[] out = new double[outliers];
        int k = 0;
        for (double v : sorted) {
            if (v < q1 - fence || v > q3 + fence) {
                out[k++] = v;
            }
        }
        return new Stats(sorted.length, q1, quantile(sorted, 0.5), q3, low, high, out);
    }

    @Override
    public void draw(Surface s, Palette p) {
        double top = Plot.begin(s, p, title);
        Stats[] stats = new Stats[groups.size()];
        double[] range = Plot.emptyRange();
        String[] names = new String[groups.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = stats(groups.get(i).values());
            Plot.finiteRange(groups.get(i).values(), range, false);
            names[i] = "";
        }
        Ticks xt = Ticks.categories(names);
        Ticks yt = Ticks.linear(range[0], range[1], LineChart.ticksFor(s.height() - top - 60, 40), false, false);
        // the group names and counts take the tick labels' row and one more under the frame
        Plot.Frame f = Plot.cartesian(s, p, top, s.width() - 16, 14, groupLabel, valueLabel, xt, yt, false);
        if (groups.isEmpty() || !(range[0] <= range[1])) {
            Plot.noData(s, p, (f.left() + f.right()) / 2, (f.top() + f.bottom()) / 2);
        }
        double slot = f.width() / Math.max(1, groups.size());
        double half = Math.min(40, slot * 0.3);
        for (int i = 0; i < groups.size(); i++) {
            double cx = f.x().map(i);
            s.text(Plot.fit(groups.get(i).name(), slot - 4, Plot.TICK_SIZE), cx, f.bottom() + 11, Anchor.MIDDLE, Plot.TICK_SIZE, p.text(), 0);
            String n = "n=" + (stats[i] == null ? 0 : stats[i].n());
            if (Plot.textWidth(n, Plot.TICK_SIZE) <= slot - 2) {
                s.text(n, cx, f.bottom() + 25, Anchor.MIDDLE, Plot.TICK_SIZE, p.axis(), 0);
            }
            Stats b = stats[i];
            if (b == null) {
                continue;
            }
            String color = Palette.series(i);
            var y = f.y();
            s.line(cx, y.map(b.high()), cx, y.map(b.q3()), p.text(), 1, 1);
            s.line(cx, y.map(b.q1()), cx, y.map(b.low()), p.text(), 1, 1);
            s.line(cx - half / 2, y.map(b.high()), cx + half / 2, y.map(b.high()), p.text(), 1, 1);
            s.line(cx - half / 2, y.map(b.low()), cx + half / 2, y.map(b.low()), p.text(), 1, 1);
            double boxTop = y.map(b.q3());
            double boxHeight = Math.max(1, y.map(b.q1()) - boxTop);
            s.rect(cx - half, boxTop, 2 * half, boxHeight, color, null, 0.45);
            s.rect(cx - half, boxTop, 2 * half, boxHeight, null, color, 1);
            s.line(cx - half, y.map(b.median()), cx + half, y.map(b.median()), p.text(), 2, 1);
            for (double v : b.outliers()) {
                s.circle(cx, y.map(v), 2.5, color, 0.9);
            }
        }
    }
}
