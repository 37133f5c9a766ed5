package io.pipewright.ui.chart;

import java.util.List;

/**
 * Points of two run attributes, such as a hyperparameter against a metric. With
 * {@code xCategories} non-null, x holds category indices and the points of each category are
 * spread sideways so that equal values do not hide one another; the spread is the same on every
 * draw, so the picture does not shimmer on resize.
 */
public record ScatterChart(String title, String xLabel, String yLabel, double[] x, double[] y, List<String> xCategories)
        implements Chart {

    private static final double RADIUS = 3;
    private static final double JITTER = 0.6;
    /** The golden ratio's fraction spreads successive points evenly over the jitter width. */
    private static final double GOLDEN = 0.6180339887498949;

    public ScatterChart {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        x = x.clone();
        y = y.clone();
        xCategories = xCategories == null ? null : List.copyOf(xCategories);
    }

    @Override
    public void draw(Surface s, Palette p) {
        double top = Plot.begin(s, p, title);
        boolean categorical = xCategories != null;
        double[] yr = Plot.finiteRange(y, Plot.emptyRange(), false);
        Ticks xt;
        if (categorical) {
            xt = Ticks.categories(xCategories.toArray(String[]::new));
        } else {
            double[] xr = Plot.finiteRange(x, Plot.emptyRange(), false);
            xt = Ticks.linear(xr[0], xr[1], LineChart.ticksFor(s.width() - 100, 80), false, false);
        }
        Ticks yt = Ticks.linear(yr[0], yr[1], LineChart.ticksFor(s.height() - top - 50, 40), false, false);
        Plot.Frame f = Plot.cartesian(s, p, top, s.width() - 16, xLabel, yLabel, xt, yt, false);
        double opacity = x.length <= 200 ? 0.8 : Math.max(0.25, 0.8 * Math.sqrt(200.0 / x.length));
        String color = Palette.series(0);
        int drawn = 0;
        for (int i = 0; i < x.length; i++) {
            double xv = x[i];
            if (categorical) {
                int index = (int) xv;
                if (index != xv || index < 0 || index >= xCategories.size()) {
                    continue;
                }
                double spread = (i * GOLDEN) % 1.0;
                xv = index + (spread - 0.5) * JITTER;
            }
            if (!Double.isFinite(xv) || !Double.isFinite(y[i])) {
                continue;
            }
            s.circle(f.x().map(xv), f.y().map(y[i]), RADIUS, color, opacity);
            drawn++;
        }
        if (drawn == 0) {
            Plot.noData(s, p, (f.left() + f.right()) / 2, (f.top() + f.bottom()) / 2);
        }
    }
}
