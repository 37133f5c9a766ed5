package io.pipewright.ui.chart;

import java.util.List;

/**
 * Two distributions over the same bins, as shares: the reference and the current data of a drift
 * report. Numeric bins (given by {@code edges}, one more than the shares) are drawn as overlaid
 * semi-transparent bars on a value axis; levels (given by {@code levels}) as bars side by side.
 */
public record HistogramOverlayChart(String title, String valueLabel, List<Double> edges, List<String> levels, double[] reference,
                                    double[] current) implements Chart {
    static final String REFERENCE = "reference";
    static final String CURRENT = "current";

    public HistogramOverlayChart {
        edges = edges == null ? null : List.copyOf(edges);
        levels = levels == null ? null : List.copyOf(levels);
        reference = reference.clone();
        current = current.clone();
        if (reference.length != current.length) {
            throw new IllegalArgumentException("both sides need the same bins: " + reference.length + " and " + current.length);
        }
        if (edges != null && !edges.isEmpty() && edges.size() != reference.length + 1) {
            throw new IllegalArgumentException("numeric bins need one edge more than shares: " + edges.size() + " edges, " + reference.length + " bins");
        }
        if (edges == null && (levels == null || levels.size() != reference.length)) {
            throw new IllegalArgumentException("give either edges or one level per bin");
        }
    }

    /** The largest share of either side (0 for none). */
    double peak() {
        double peak = 0;
        for (int i = 0; i < reference.length; i++) {
            peak = Math.max(peak, Math.max(reference[i], current[i]));
        }
        return peak;
    }

    @Override
    public void draw(Surface s, Palette p) {
        double top = Plot.begin(s, p, title);
        var entries = List.of(new Plot.Entry(REFERENCE, Palette.series(0), false), new Plot.Entry(CURRENT, Palette.series(1), false));
        double legend = Plot.legendWidth(entries, s.width());
        double peak = peak();
        Ticks yt = Ticks.linear(0, peak > 0 ? peak : 1, LineChart.ticksFor(s.height() - top - 60, 40), true, false);
        boolean numeric = edges != null;
        Ticks xt;
        if (numeric && !edges.isEmpty()) {
            xt = Ticks.linear(edges.get(0), edges.get(edges.size() - 1), LineChart.ticksFor(s.width() - legend - 80, 70), true, true);
        } else if (numeric) {
            xt = Ticks.linear(0, 1, 2, true, true);
        } else {
            xt = Ticks.categories(levels.toArray(String[]::new));
        }
        Plot.Frame f = Plot.cartesian(s, p, top, s.width() - legend - 16, valueLabel, "share", xt, yt, false);
        Plot.legend(s, p, entries, f.right() + 10, f.top(), legend, f.height());
        if (reference.length == 0 || peak <= 0) {
            Plot.noData(s, p, (f.left() + f.right()) / 2, (f.top() + f.bottom()) / 2);
            return;
        }
        var y = f.y();
        s.clip(f.left(), f.top(), f.width(), f.height());
        if (numeric) {
            for (int i = 0; i < reference.length; i++) {
                double x0 = f.x().map(edges.get(i));
                double x1 = f.x().map(edges.get(i + 1));
                double w = Math.max(1, x1 - x0 - 1);
                if (edges.get(i).equals(edges.get(i + 1))) {
                    x0 = f.left() + 4;
                    w = f.width() - 8;
                }
                bar(s, x0, w, y, reference[i], Palette.series(0), 0.5);
                bar(s, x0, w, y, current[i], Palette.series(1), 0.5);
            }
        } else {
            double slot = f.width() / Math.max(1, levels.size());
            double w = Math.max(1, slot * 0.38);
            for (int i = 0; i < reference.length; i++) {
                double cx = f.x().map(i);
                bar(s, cx - w - 1, w, y, reference[i], Palette.series(0), 0.85);
                bar(s, cx + 1, w, y, current[i], Palette.series(1), 0.85);
            }
        }
        s.unclip();
    }

    private static void bar(Surface s, double x, double w, Plot.Scale y, double share, String colour, double opacity) {
        if (!(share > 0)) {
            return;
        }
        double top = y.map(share);
        double base = y.map(0);
        s.rect(x, top, w, Math.max(1, base - top), colour, null, opacity);
    }
}
