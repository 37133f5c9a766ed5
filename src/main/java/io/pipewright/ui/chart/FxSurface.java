package io.pipewright.ui.chart;

import java.util.HashMap;
import java.util.Map;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws on a JavaFX canvas. Colours and fonts are parsed once and kept, so that ten thousand
 * lines in a few hundred colours cost no parsing, and the graphics context, which skips a setting
 * equal to its current one, records few state changes. Use on the FX thread (or on a canvas not
 * yet in a scene), and call {@link #flush()} when done.
 */
public final class FxSurface implements Surface {
    private static final Logger LOG = LoggerFactory.getLogger(FxSurface.class);
    /**
     * The software rasterizer pays per stroke for the stroke's whole bounding box, so ten thousand
     * chart-wide lines took seconds there; in batches they take a fraction. Lines in one batch do
     * not darken where they cross each other, so batches stay small enough to keep density visible.
     */
    private static final int MAX_BATCH = 64;

    private final GraphicsContext g;
    private final double width;
    private final double height;
    private final Map<String, Color> colors = new HashMap<>();
    private final Map<Double, Font> fonts = new HashMap<>();
    /** Solid polylines of one style drawn in a row share one path and one stroke call. */
    private Color batchColor;
    private double batchWidth;
    private double batchOpacity;
    private int batched;

    public FxSurface(GraphicsContext g, double width, double height) {
        this.g = g;
        this.width = width;
        this.height = height;
        // the same caps and joins as the SVG back end, so that dashes have the same length on both
        g.setLineCap(StrokeLineCap.BUTT);
        // bevel joins: Marlin strokes them at a fraction of the cost of round ones, the same at a line width of 2
        g.setLineJoin(StrokeLineJoin.BEVEL);
        g.setTextBaseline(VPos.CENTER);
    }

    /** A surface the size of the canvas. */
    public FxSurface(Canvas canvas) {
        this(canvas.getGraphicsContext2D(), canvas.getWidth(), canvas.getHeight());
    }

    @Override
    public double width() {
        return width;
    }

    @Override
    public double height() {
        return height;
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double lineWidth, double opacity) {
        flush();
        if (color == null || !finite(x1, y1) || !finite(x2, y2)) {
            return;
        }
        g.setStroke(color(color));
        g.setLineWidth(lineWidth);
        g.setGlobalAlpha(opacity);
        g.setLineDashes((double[]) null);
        g.strokeLine(x1, y1, x2, y2);
    }

    @Override
    public void polyline(double[] xs, double[] ys, int count, String color, double lineWidth, double opacity, double[] dashes) {
        if (color == null) {
            return;
        }
        Color c = color(color);
        boolean solid = dashes == null || dashes.length == 0;
        if (!solid || c != batchColor || lineWidth != batchWidth || opacity != batchOpacity || batched >= MAX_BATCH) {
            flush();
            g.setStroke(c);
            g.setLineWidth(lineWidth);
            g.setGlobalAlpha(opacity);
            g.setLineDashes(solid ? null : dashes);
            g.beginPath();
        }
        // a move at each break: one stroke however often the line breaks
        boolean drawing = false;
        boolean any = false;
        for (int i = 0; i < count; i++) {
            if (!finite(xs[i], ys[i])) {
                drawing = false;
            } else if (drawing) {
                g.lineTo(xs[i], ys[i]);
                any = true;
            } else {
                g.moveTo(xs[i], ys[i]);
                drawing = true;
            }
        }
        if (!solid) {
            if (any) {
                g.stroke();
            }
            return;
        }
        batchColor = c;
        batchWidth = lineWidth;
        batchOpacity = opacity;
        batched += any ? 1 : 0;
    }

    /**
     * Strokes the polylines batched so far. Every other primitive calls it first, so drawing order
     * holds; call it once when a drawing is done (the last lines drawn may still be waiting).
     */
    public void flush() {
        if (batched > 0) {
            g.stroke();
        }
        batched = 0;
        batchColor = null;
    }

    @Override
    public void polygon(double[] xs, double[] ys, int count, String fill, double opacity) {
        flush();
        if (fill == null) {
            return;
        }
        g.setFill(color(fill));
        g.setGlobalAlpha(opacity);
        g.beginPath();
        int points = 0;
        for (int i = 0; i < count; i++) {
            if (finite(xs[i], ys[i])) {
                if (points++ == 0) {
                    g.moveTo(xs[i], ys[i]);
                } else {
                    g.lineTo(xs[i], ys[i]);
                }
            }
        }
        if (points >= 3) {
            g.closePath();
            g.fill();
        }
    }

    @Override
    public void rect(double x, double y, double w, double h, String fill, String stroke, double opacity) {
        flush();
        if (!finite(x, y) || !finite(w, h)) {
            return;
        }
        double left = w < 0 ? x + w : x;
        double top = h < 0 ? y + h : y;
        g.setGlobalAlpha(opacity);
        if (fill != null) {
            g.setFill(color(fill));
            g.fillRect(left, top, Math.abs(w), Math.abs(h));
        }
        if (stroke != null) {
            g.setStroke(color(stroke));
            g.setLineWidth(1);
            g.setLineDashes((double[]) null);
            g.strokeRect(left, top, Math.abs(w), Math.abs(h));
        }
    }

    @Override
    public void circle(double cx, double cy, double r, String fill, double opacity) {
        flush();
        if (fill == null || !finite(cx, cy) || !Double.isFinite(r)) {
            return;
        }
        g.setFill(color(fill));
        g.setGlobalAlpha(opacity);
        g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
    }

    @Override
    public void text(String text, double x, double y, Anchor anchor, double size, String color, double rotateDegrees) {
        flush();
        if (text == null || text.isEmpty() || color == null || !finite(x, y) || !Double.isFinite(size)) {
            return;
        }
        g.setFill(color(color));
        g.setGlobalAlpha(1);
        g.setFont(fonts.computeIfAbsent(size, Font::font));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(switch (anchor) {
            case START -> TextAlignment.LEFT;
            case MIDDLE -> TextAlignment.CENTER;
            case END -> TextAlignment.RIGHT;
        });
        if (rotateDegrees == 0 || !Double.isFinite(rotateDegrees)) {
            g.fillText(text, x, y);
        } else {
            g.save();
            g.translate(x, y);
            g.rotate(rotateDegrees);
            g.fillText(text, 0, 0);
            g.restore();
        }
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        flush();
        g.save();
        g.beginPath();
        g.rect(x, y, w, h);
        g.clip();
        g.beginPath();
    }

    @Override
    public void unclip() {
        flush();
        g.restore();
    }

    private Color color(String css) {
        Color known = colors.get(css);
        if (known != null) {
            return known;
        }
        Color parsed;
        try {
            parsed = Color.web(css);
        } catch (IllegalArgumentException e) {
            LOG.warn("Not a colour: {}; drawing grey instead", css);
            parsed = Color.GRAY;
        }
        colors.put(css, parsed);
        return parsed;
    }

    private static boolean finite(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b);
    }
}
