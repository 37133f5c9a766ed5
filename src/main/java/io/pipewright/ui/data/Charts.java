package io.pipewright.ui.data;

import io.pipewright.profile.ColumnProfile;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Small JavaFX-native charts drawn on a canvas: aggregates only (a sparkline of at most 50 bins,
 * at most 10 bars of frequent values), so drawing is instant; the colours of the histogram and the
 * correlation heatmap. Mid-tone colours read on light and dark themes; the text colour is passed in
 * from the theme.
 */
final class Charts {
    static final Color BAR = Color.web("#3b82f6");
    static final Color CATEGORY = Color.web("#8b5cf6");
    static final Color MISSING = Color.web("#8c959f");

    private Charts() {
    }

    static void sparkline(Canvas canvas, ColumnProfile column) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        long[] counts = counts(column);
        if (counts.length == 0) {
            return;
        }
        bars(g, counts, 0, 0, canvas.getWidth(), canvas.getHeight(), column.histogram() != null ? BAR : CATEGORY, 1);
    }

    private static long[] counts(ColumnProfile column) {
        if (column.histogram() != null) {
            return column.histogram().counts();
        }
        if (column.top() != null) {
            return column.top().stream().mapToLong(ColumnProfile.TopValue::count).toArray();
        }
        return new long[0];
    }

    private static void bars(GraphicsContext g, long[] counts, double x, double y, double width, double height, Color color, double gap) {
        long peak = 1;
        for (long count : counts) {
            peak = Math.max(peak, count);
        }
        double bar = width / counts.length;
        g.setFill(color);
        for (int i = 0; i < counts.length; i++) {
            double h = counts[i] == 0 ? 0 : Math.max(1, (double) counts[i] / peak * height);
            g.fillRect(x + i * bar, y + height - h, Math.max(1, bar - gap), h);
        }
    }

    static void topValues(Canvas canvas, List<ColumnProfile.TopValue> top, Color text) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        g.clearRect(0, 0, width, canvas.getHeight());
        long peak = 1;
        for (var value : top) {
            peak = Math.max(peak, value.count());
        }
        double row = 20;
        double label = Math.min(180, width * 0.4);
        g.setFont(Font.font(12));
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < top.size(); i++) {
            var value = top.get(i);
            double y = i * row;
            g.setFill(text);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(shorten(value.value(), 24), label - 8, y + row / 2);
            double w = (double) value.count() / peak * (width - label - 70);
            g.setFill(CATEGORY);
            g.fillRect(label, y + 4, Math.max(1, w), row - 8);
            g.setFill(text);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(String.format(java.util.Locale.US, "%,d", value.count()), label + w + 6, y + row / 2);
        }
    }

    /** Blue for positive, red for negative, grey for unknown; stronger for larger magnitudes. */
    static Color color(double value) {
        if (Double.isNaN(value)) {
            return MISSING;
        }
        double magnitude = Math.min(1, Math.abs(value));
        Color strong = value >= 0 ? Color.web("#1f6feb") : Color.web("#d1242f");
        return Color.web("#eaeef2").interpolate(strong, 0.15 + 0.85 * magnitude);
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
