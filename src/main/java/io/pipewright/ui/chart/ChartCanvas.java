package io.pipewright.ui.chart;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
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
    private final ObjectProperty<Chart> chart = new SimpleObjectProperty<>(this, "chart");
    private final ObjectProperty<Palette> palette = new SimpleObjectProperty<>(this, "palette", Palette.LIGHT);
    private boolean stale = true;

    public ChartCanvas() {
        getStyleClass().add(STYLE_CLASS);
        chart.addListener(o -> redrawLater());
        palette.addListener(o -> redrawLater());
        // the canvas is sized to this region; it must not ask for size of its own
        canvas.setManaged(false);
        getChildren().add(canvas);
    }

    public ChartCanvas(Chart chart) {
        this();
        this.chart.set(chart);
    }

    /** The chart to show; null shows the background only. */
    public ObjectProperty<Chart> chartProperty() {
        return chart;
    }

    public void setChart(Chart chart) {
        this.chart.set(chart);
    }

    public Chart getChart() {
        return chart.get();
    }

    /** The colours to draw with; null means {@link Palette#LIGHT}. */
    public ObjectProperty<Palette> paletteProperty() {
        return palette;
    }

    public void setPalette(Palette palette) {
        this.palette.set(palette);
    }

    public Palette getPalette() {
        return palette.get() == null ? Palette.LIGHT : palette.get();
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
        Palette colors = getPalette();
        if (chart.get() == null) {
            surface.rect(0, 0, w, h, colors.background(), null, 1);
        } else {
            chart.get().draw(surface, colors);
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
