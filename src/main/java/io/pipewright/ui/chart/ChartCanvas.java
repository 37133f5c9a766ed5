package io.pipewright.ui.chart;

import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;

/**
 * Shows a {@link Chart} at the size of this region. Changing the chart, the palette or the size
 * only marks the drawing stale and asks for layout; the drawing happens in the layout pass, so a
 * burst of changes within one pulse draws once.
 *
 * <p>HiDPI: JavaFX renders a canvas at the highest output scale of the screens, so drawing in
 * layout pixels is already sharp there; the charts put one-pixel lines on pixel centres so that
 * they are crisp at scale 1 and 2 alike.
 */
public final class ChartCanvas extends Region {
    public static final String STYLE_CLASS = "chart-canvas";

    private final Canvas canvas = new Canvas();
    private Chart chart;
    private Palette palette = Palette.LIGHT;
    private boolean stale = true;

    public ChartCanvas() {
        getStyleClass().add(STYLE_CLASS);
        // the canvas is sized to this region; it must not ask for size of its own
        canvas.setManaged(false);
        getChildren().add(canvas);
    }

    public ChartCanvas(Chart chart) {
        this();
        this.chart = chart;
    }

    /** The chart to show; null shows the background only. */
    public void setChart(Chart chart) {
        this.chart = chart;
        redrawLater();
    }

    public Chart getChart() {
        return chart;
    }

    public void setPalette(Palette palette) {
        this.palette = palette == null ? Palette.LIGHT : palette;
        redrawLater();
    }

    public Palette getPalette() {
        return palette;
    }

    /** The canvas drawn on, for snapshots. */
    Canvas canvas() {
        return canvas;
    }

    private void redrawLater() {
        stale = true;
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        double x = snappedLeftInset();
        double y = snappedTopInset();
        double w = Math.max(0, snapSizeX(getWidth()) - x - snappedRightInset());
        double h = Math.max(0, snapSizeY(getHeight()) - y - snappedBottomInset());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            stale = true;
        }
        canvas.relocate(x, y);
        if (stale) {
            stale = false;
            draw(w, h);
        }
    }

    private void draw(double w, double h) {
        var g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w < 1 || h < 1) {
            return;
        }
        var surface = new FxSurface(g, w, h);
        if (chart == null) {
            surface.rect(0, 0, w, h, palette.background(), null, 1);
        } else {
            chart.draw(surface, palette);
        }
        surface.flush();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 480 + snappedLeftInset() + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        return 320 + snappedTopInset() + snappedBottomInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return 120;
    }

    @Override
    protected double computeMinHeight(double width) {
        return 90;
    }
}
