package io.pipewright.ui.data;

import io.pipewright.profile.ColumnProfile;
import io.pipewright.work.NumberText;
import java.util.ArrayList;
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
 * A numeric column's histogram: rows per bin on a count axis with gridlines, the value range below,
 * and a tooltip that names the bin under the pointer and its rows. Redrawn when its width changes,
 * so it can follow the room the column view leaves it.
 */
public final class CountHistogram extends Canvas {
    private static final Font TICK_FONT = Font.font(11);
    private static final double TOP = 6;
    private static final double X_AXIS = 20;

    private final Tooltip tooltip = new Tooltip();
    private ColumnProfile.Histogram histogram;
    private long total;
    private Color text = Color.GRAY;
    private double left;
    private double plotWidth;
    private double plotHeight;
    private List<Long> ticks = List.of();

    CountHistogram(double width, double height) {
        super(width, height);
        setId("detail-histogram");
        tooltip.setShowDelay(Duration.millis(150));
        tooltip.setId("histogram-tooltip");
        Tooltip.install(this, tooltip);
        setOnMouseMoved(event -> tooltip.setText(describe(event.getX(), event.getY())));
        widthProperty().addListener((observable, before, now) -> draw());
    }

    void show(ColumnProfile.Histogram shown, Color textColour) {
        this.histogram = shown;
        this.text = textColour;
        long sum = 0;
        for (long count : shown.counts()) {
            sum += count;
        }
        this.total = sum;
        tooltip.setText(describe(-1, -1));
        draw();
    }

    /** The tooltip's text for a point: the bin under it, else what the chart shows. */
    public String describe(double x, double y) {
        if (histogram == null) {
            return "";
        }
        long[] counts = histogram.counts();
        double[] edges = histogram.edges();
        if (x >= left && x < left + plotWidth && y <= TOP + plotHeight + X_AXIS) {
            int bin = Math.min(counts.length - 1, (int) ((x - left) / plotWidth * counts.length));
            return String.format(Locale.US, "%s to %s: %,d %s (%.1f %%)", NumberText.of(edges[bin]), NumberText.of(edges[bin + 1]),
                    counts[bin], counts[bin] == 1 ? "row" : "rows", total == 0 ? 0.0 : 100.0 * counts[bin] / total);
        }
        return String.format(Locale.US, "%,d rows in %d bins from %s to %s", total, counts.length, NumberText.of(edges[0]),
                NumberText.of(edges[edges.length - 1]));
    }

    /** The middle of a bin's bar, in this canvas's coordinates (where a pointer finds it). */
    public Point2D barCentre(int bin) {
        double bar = plotWidth / histogram.counts().length;
        return new Point2D(left + (bin + 0.5) * bar, TOP + plotHeight - 2);
    }

    public Tooltip tooltip() {
        return tooltip;
    }

    /** The counts marked on the axis, from 0 up to at least the largest bin. */
    public List<Long> ticks() {
        return ticks;
    }

    /** The count axis's tick step: 1, 2 or 5 times a power of ten, about four ticks up to the peak. */
    static long step(long peak) {
        double raw = Math.max(1, peak / 4.0);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double scaled = raw / power;
        double nice = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10;
        return Math.max(1, Math.round(nice * power));
    }

    private void draw() {
        GraphicsContext g = getGraphicsContext2D();
        double width = getWidth();
        double height = getHeight();
        g.clearRect(0, 0, width, height);
        if (histogram == null) {
            return;
        }
        long[] counts = histogram.counts();
        long peak = 1;
        for (long count : counts) {
            peak = Math.max(peak, count);
        }
        long step = step(peak);
        long top = (peak + step - 1) / step * step;
        var measure = new Text();
        measure.setFont(TICK_FONT);
        double labels = 0;
        for (long tick = 0; tick <= top; tick += step) {
            measure.setText(String.format(Locale.US, "%,d", tick));
            labels = Math.max(labels, measure.getLayoutBounds().getWidth());
        }
        left = Math.ceil(labels) + 10;
        plotWidth = Math.max(10, width - left - 4);
        plotHeight = Math.max(10, height - TOP - X_AXIS);
        double bottom = TOP + plotHeight;

        g.setFont(TICK_FONT);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setLineWidth(1);
        var marked = new ArrayList<Long>();
        for (long tick = 0; tick <= top; tick += step) {
            marked.add(tick);
            double y = Math.round(bottom - (double) tick / top * plotHeight) + 0.5;
            g.setStroke(text.deriveColor(0, 1, 1, tick == 0 ? 0.6 : 0.18));
            g.strokeLine(left, y, left + plotWidth, y);
            g.setFill(text);
            g.fillText(String.format(Locale.US, "%,d", tick), left - 6, y);
        }
        ticks = List.copyOf(marked);
        double bar = plotWidth / counts.length;
        g.setFill(Charts.BAR);
        for (int i = 0; i < counts.length; i++) {
            double h = counts[i] == 0 ? 0 : Math.max(1, (double) counts[i] / top * plotHeight);
            g.fillRect(left + i * bar, bottom - h, Math.max(1, bar - 1), h);
        }
        double[] edges = histogram.edges();
        g.setFill(text);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(NumberText.of(edges[0]), left, bottom + 4);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(NumberText.of(edges[counts.length / 2]), left + counts.length / 2 * bar, bottom + 4);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(NumberText.of(edges[edges.length - 1]), left + plotWidth, bottom + 4);
    }
}
