package io.pipewright.ui.pipeline;

import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Background;
import javafx.scene.paint.Color;

/** The canvas's dotted grid, drawn at the view's zoom and pan, light or dark by the background it lies on. */
final class DotGrid extends Canvas {
    DotGrid() {
        setMouseTransparent(true);
    }

    /** Dots every {@code step} pixels (none when closer than 6), offset by the pan. */
    void draw(double step, double panX, double panY, Background background) {
        var g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        if (step < 6) {
            return;
        }
        boolean dark = background != null && !background.getFills().isEmpty() && background.getFills().get(0).getFill() instanceof Color colour
                && colour.getBrightness() < 0.5;
        g.setFill(dark ? Color.gray(1, 0.16) : Color.gray(0, 0.18));
        for (double x = panX % step; x < getWidth(); x += step) {
            for (double y = panY % step; y < getHeight(); y += step) {
                g.fillRect(x, y, 1.2, 1.2);
            }
        }
    }
}
