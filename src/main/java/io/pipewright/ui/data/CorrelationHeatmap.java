package io.pipewright.ui.data;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

/**
 * The Pearson correlation matrix: each cell coloured by r (blue positive, red negative), its value
 * written in it where it fits, a colour scale beside the matrix, and a tooltip naming the pair under
 * the pointer with its r. The canvas takes the size the matrix needs (a scroll pane shows the rest).
 */
public final class CorrelationHeatmap extends Canvas {
    private static final Font LABEL_FONT = Font.font(11);
    private static final double MAX_CELL = 48;
    private static final double MIN_CELL = 14;
    private static final double MAX_LABEL = 150;
    private static final double SCALE_WIDTH = 14;
    private static final double SCALE_ROOM = 96;

    private final Tooltip tooltip = new Tooltip();
    private double roomWidth = 640;
    private double roomHeight = 560;
    private Color textColour = Color.GRAY;
    private List<String> names = List.of();
    private double[][] matrix = new double[0][];
    private double rowLabels;
    private double columnLabels;
    private double cell;
    private double valueSize;
    private double scaleX;
    private double scaleTop;
    private double scaleHeight;

    CorrelationHeatmap() {
        setId("correlation-heatmap");
        tooltip.setShowDelay(Duration.millis(150));
        tooltip.setId("heatmap-tooltip");
        Tooltip.install(this, tooltip);
        setOnMouseMoved(event -> tooltip.setText(describe(event.getX(), event.getY())));
    }

    void clear() {
        names = List.of();
        matrix = new double[0][];
        setWidth(0);
        setHeight(0);
    }

    /** The room the tab gives: cells shrink (down to a readable size) so that the matrix and its scale fit in view. */
    void setRoom(double width, double height) {
        if (width <= 0 || height <= 0 || Math.abs(width - roomWidth) < 1 && Math.abs(height - roomHeight) < 1) {
            return;
        }
        roomWidth = width;
        roomHeight = height;
        if (!names.isEmpty()) {
            show(names, matrix, textColour);
        }
    }

    void show(List<String> shownNames, double[][] shownMatrix, Color text) {
        this.names = List.copyOf(shownNames);
        this.matrix = shownMatrix;
        this.textColour = text;
        int n = names.size();
        var measure = new Text();
        measure.setFont(LABEL_FONT);
        double widest = 0;
        for (String name : names) {
            measure.setText(name);
            widest = Math.max(widest, measure.getLayoutBounds().getWidth());
        }
        rowLabels = Math.min(MAX_LABEL, Math.ceil(widest)) + 10;
        // the column labels are turned 60°: their height is the sine of their width
        columnLabels = Math.min(MAX_LABEL, Math.ceil(widest)) * Math.sin(Math.toRadians(60)) + 14;
        double fits = Math.min((roomWidth - rowLabels - SCALE_ROOM) / Math.max(1, n), (roomHeight - columnLabels - 8) / Math.max(1, n));
        cell = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor(fits)));
        valueSize = Math.min(12, Math.floor(cell * 0.3));
        setWidth(rowLabels + n * cell + SCALE_ROOM);
        setHeight(columnLabels + Math.max(n * cell, 160) + 8);
        draw(text);
    }

    /** Whether the cells are large enough to carry their values. */
    public boolean valuesShown() {
        return cell >= 26 && measureValue("-0.00") <= cell - 4;
    }

    private double measureValue(String value) {
        var measure = new Text(value);
        measure.setFont(Font.font(valueSize));
        return measure.getLayoutBounds().getWidth();
    }

    /** The tooltip's text for a point: the pair under it and its r, a column's whole name over a label, else the scale. */
    public String describe(double x, double y) {
        int n = names.size();
        int column = (int) Math.floor((x - rowLabels) / cell);
        int row = (int) Math.floor((y - columnLabels) / cell);
        boolean inColumns = x >= rowLabels && column < n;
        boolean inRows = y >= columnLabels && row < n;
        if (inColumns && inRows) {
            double r = matrix[row][column];
            if (row == column) {
                return names.get(row) + " with itself: r = 1";
            }
            return Double.isNaN(r)
                    ? names.get(row) + " and " + names.get(column) + ": too few rows with both values"
                    : String.format(Locale.US, "%s and %s: r = %.3f (%s)", names.get(row), names.get(column), r, strength(r));
        }
        if (inRows && x < rowLabels) {
            return names.get(row);
        }
        if (inColumns && y < columnLabels) {
            return names.get(column);
        }
        return "Pearson's r: +1 (blue) the two rise together, 0 no linear relation, −1 (red) one falls as the other rises";
    }

    static String strength(double r) {
        double size = Math.abs(r);
        String word = size < 0.1 ? "none" : size < 0.3 ? "weak" : size < 0.5 ? "moderate" : size < 0.7 ? "strong" : "very strong";
        return size < 0.1 ? word : word + (r > 0 ? " positive" : " negative");
    }

    /** The middle of the cell of two columns, in this canvas's coordinates (where a pointer finds it). */
    public Point2D cellCentre(String rowColumn, String columnColumn) {
        int row = names.indexOf(rowColumn);
        int column = names.indexOf(columnColumn);
        if (row < 0 || column < 0) {
            throw new IllegalArgumentException("no cell for " + rowColumn + " and " + columnColumn + " in " + names);
        }
        return new Point2D(rowLabels + (column + 0.5) * cell, columnLabels + (row + 0.5) * cell);
    }

    /** Where a value of r sits on the colour scale, in this canvas's coordinates. */
    public Point2D scalePoint(double r) {
        double clamped = Math.max(-1, Math.min(1, r));
        return new Point2D(scaleX + SCALE_WIDTH / 2, scaleTop + (1 - clamped) / 2 * (scaleHeight - 1) + 0.5);
    }

    public Tooltip tooltip() {
        return tooltip;
    }

    public List<String> columns() {
        return names;
    }

    private void draw(Color text) {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        int n = names.size();
        boolean values = valuesShown();
        g.setFont(LABEL_FONT);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < n; i++) {
            String label = Charts.shorten(names.get(i), 22);
            g.setFill(text);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(label, rowLabels - 6, columnLabels + i * cell + cell / 2);
            g.save();
            g.translate(rowLabels + i * cell + cell / 2, columnLabels - 6);
            g.rotate(-60);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(label, 0, 0);
            g.restore();
        }
        g.setTextAlign(TextAlignment.CENTER);
        g.setFont(Font.font(valueSize));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double r = matrix[i][j];
                Color fill = Charts.color(r);
                double x = rowLabels + j * cell;
                double y = columnLabels + i * cell;
                g.setFill(fill);
                g.fillRect(x, y, cell - 1, cell - 1);
                if (values && !Double.isNaN(r)) {
                    double luminance = 0.2126 * fill.getRed() + 0.7152 * fill.getGreen() + 0.0722 * fill.getBlue();
                    g.setFill(luminance > 0.5 ? Color.web("#1f2328") : Color.WHITE);
                    // no "-0.00": a value that rounds to zero is written as zero
                    g.fillText(String.format(Locale.US, "%.2f", Math.abs(r) < 0.005 ? 0.0 : r), x + (cell - 1) / 2, y + (cell - 1) / 2);
                }
            }
        }
        drawScale(g, text, rowLabels + n * cell + 22, columnLabels, Math.max(160, n * cell));
    }

    /** The colour scale: +1 at the top, −1 at the bottom, with ticks every half. */
    private void drawScale(GraphicsContext g, Color text, double x, double top, double height) {
        scaleX = x;
        scaleTop = top;
        scaleHeight = height;
        int steps = 64;
        for (int k = 0; k < steps; k++) {
            double r = 1 - 2.0 * (k + 0.5) / steps;
            g.setFill(Charts.color(r));
            g.fillRect(x, top + k * height / steps, SCALE_WIDTH, height / steps + 1);
        }
        g.setStroke(text.deriveColor(0, 1, 1, 0.4));
        g.setLineWidth(1);
        g.strokeRect(x + 0.5, top + 0.5, SCALE_WIDTH, height);
        g.setFont(LABEL_FONT);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(text);
        for (double r : new double[] {1, 0.5, 0, -0.5, -1}) {
            double y = top + (1 - r) / 2 * height;
            g.strokeLine(x + SCALE_WIDTH, y, x + SCALE_WIDTH + 4, y);
            g.fillText(r == 0 ? "0" : (r > 0 ? "+" : "−") + (Math.abs(r) == 1 ? "1" : "0.5"), x + SCALE_WIDTH + 7, y);
        }
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText("r", x + 2, top - 4);
    }
}
