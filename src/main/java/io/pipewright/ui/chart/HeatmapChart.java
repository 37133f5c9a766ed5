package io.pipewright.ui.chart;

import io.pipewright.ui.chart.Surface.Anchor;
import java.util.List;

/**
 * A confusion matrix: rows are the actual classes, columns the predicted ones. Each cell is
 * shaded by its share of its row, so that recall per class reads at a glance even when the
 * classes differ in size, and shows its count in a colour chosen for contrast with the shade.
 */
public record HeatmapChart(String title, List<String> rowLabels, List<String> columnLabels, double[][] values,
        String rowTitle, String columnTitle) implements Chart {

    private static final String DARK_TEXT = "#1f2328";
    private static final String LIGHT_TEXT = "#ffffff";

    public HeatmapChart {
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        if (values.length != rowLabels.size()) {
            throw new IllegalArgumentException(values.length + " rows of values for " + rowLabels.size() + " row labels");
        }
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != columnLabels.size()) {
                throw new IllegalArgumentException("row " + i + " has " + values[i].length + " values for " + columnLabels.size() + " columns");
            }
            copy[i] = values[i].clone();
        }
        values = copy;
    }

    @Override
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }

    @Override
    public void draw(Surface s, Palette p) {
        double top = Plot.begin(s, p, title);
        int rows = rowLabels.size();
        int columns = columnLabels.size();
        boolean hasRowTitle = rowTitle != null && !rowTitle.isBlank();
        boolean hasColumnTitle = columnTitle != null && !columnTitle.isBlank();
        double rowLabelWidth = 0;
        for (String label : rowLabels) {
            rowLabelWidth = Math.max(rowLabelWidth, Plot.textWidth(label, Plot.TICK_SIZE));
        }
        rowLabelWidth = Math.min(rowLabelWidth, s.width() * 0.25);
        double left = 10 + (hasRowTitle ? 20 : 0) + rowLabelWidth + 8;
        double bottom = s.height() - 8 - (hasColumnTitle ? 20 : 0) - 18;
        if (rows == 0 || columns == 0) {
            Plot.noData(s, p, s.width() / 2, (top + bottom) / 2);
            return;
        }
        // square cells read as a matrix; the grid takes the room the smaller side allows
        double cell = Math.max(2, Math.min((s.width() - 16 - left) / columns, (bottom - top) / rows));
        // centred in the room left of the labels, so that a small matrix does not hug the left edge
        left += Math.max(0, (s.width() - 16 - left - cell * columns) / 2);
        double right = left + cell * columns;
        bottom = top + cell * rows;

        int accent = Palette.rgb(Palette.series(0));
        int background = Palette.rgb(p.background());
        double textSize = Math.min(13, Math.max(8, cell * 0.32));
        for (int r = 0; r < rows; r++) {
            double total = 0;
            for (double v : values[r]) {
                total += Double.isFinite(v) && v > 0 ? v : 0;
            }
            double y = top + r * cell;
            for (int c = 0; c < columns; c++) {
                double v = values[r][c];
                double x = left + c * cell;
                if (!Double.isFinite(v)) {
                    s.rect(x, y, cell, cell, p.grid(), p.background(), 1);
                    continue;
                }
                double share = total > 0 && v > 0 ? v / total : 0;
                int shade = Palette.mix(background, accent, 0.06 + 0.94 * share);
                s.rect(x, y, cell, cell, Palette.hex(shade), p.background(), 1);
                String label = count(v);
                if (cell >= 12 && Plot.textWidth(label, textSize) <= cell - 4) {
                    String ink = Palette.luminance(shade) > 0.35 ? DARK_TEXT : LIGHT_TEXT;
                    s.text(label, x + cell / 2, y + cell / 2, Anchor.MIDDLE, textSize, ink, 0);
                }
            }
            s.text(Plot.fit(rowLabels.get(r), rowLabelWidth, Plot.TICK_SIZE), left - 6, y + cell / 2, Anchor.END,
                    Plot.TICK_SIZE, p.text(), 0);
        }
        int every = Math.max(1, (int) Math.ceil(16 / cell));
        for (int c = 0; c < columns; c++) {
            if (c % every == 0) {
                s.text(Plot.fit(columnLabels.get(c), Math.max(cell * every - 4, 24), Plot.TICK_SIZE), left + c * cell + cell / 2,
                        bottom + 11, Anchor.MIDDLE, Plot.TICK_SIZE, p.text(), 0);
            }
        }
        if (hasColumnTitle) {
            s.text(Plot.fit(columnTitle, Math.max(right - left, 80), Plot.LABEL_SIZE), (left + right) / 2, bottom + 32,
                    Anchor.MIDDLE, Plot.LABEL_SIZE, p.text(), 0);
        }
        if (hasRowTitle) {
            s.text(Plot.fit(rowTitle, bottom - top, Plot.LABEL_SIZE), left - rowLabelWidth - 22, (top + bottom) / 2, Anchor.MIDDLE, Plot.LABEL_SIZE,
                    p.text(), -90);
        }
    }

    /** Counts in full up to 99,999 (a person compares them digit by digit); larger ones compactly. */
    private static String count(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 100_000) {
            return Long.toString((long) v);
        }
        return Ticks.format(v);
    }
}
