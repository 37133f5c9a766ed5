package io.pipewright.ui.pipeline;

import java.util.Collection;
import java.util.function.Supplier;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The whole pipeline small, with the part on screen framed; a click or a drag there brings that part
 * to the middle. It shows only while part of the pipeline is out of view, and only on a canvas big
 * enough not to be covered by it.
 */
final class Minimap extends Canvas {
    static final double WIDTH = 180;
    static final double HEIGHT = 120;

    private final Region canvas;
    private final CanvasViewport viewport;
    private final Supplier<Collection<WireRouter.Box>> nodes;

    /** {@code nodes}: the nodes' boxes as they are now, in canvas coordinates. */
    Minimap(Region canvas, CanvasViewport viewport, Supplier<Collection<WireRouter.Box>> nodes) {
        super(WIDTH, HEIGHT);
        this.canvas = canvas;
        this.viewport = viewport;
        this.nodes = nodes;
        setId("minimap");
        getStyleClass().add("minimap");
        setOnMousePressed(this::centre);
        setOnMouseDragged(this::centre);
    }

    /** The world's left, top and the scale the minimap draws it at: the nodes and the part on screen, together. */
    private double[] frame(double[] box) {
        Point2D a = viewport.world(0, 0);
        Point2D b = viewport.world(canvas.getWidth(), canvas.getHeight());
        double x0 = Math.min(box[0], a.getX());
        double y0 = Math.min(box[1], a.getY());
        double x1 = Math.max(box[0] + box[2], b.getX());
        double y1 = Math.max(box[1] + box[3], b.getY());
        double s = Math.min((WIDTH - 8) / (x1 - x0), (HEIGHT - 8) / (y1 - y0));
        return new double[] {x0, y0, s};
    }

    void draw() {
        Collection<WireRouter.Box> boxes = nodes.get();
        double[] box = CanvasViewport.extent(boxes);
        Point2D a = viewport.world(0, 0);
        Point2D b = viewport.world(canvas.getWidth(), canvas.getHeight());
        boolean room = canvas.getWidth() >= 3 * WIDTH && canvas.getHeight() >= 3 * HEIGHT;
        setVisible(room && box != null && (box[0] < a.getX() || box[1] < a.getY() || box[0] + box[2] > b.getX() || box[1] + box[3] > b.getY()));
        if (!isVisible()) {
            return;
        }
        var g = getGraphicsContext2D();
        g.clearRect(0, 0, WIDTH, HEIGHT);
        g.setFill(Color.gray(0.5, 0.12));
        g.fillRoundRect(0, 0, WIDTH, HEIGHT, 8, 8);
        double[] f = frame(box);
        g.setFill(Color.gray(0.45, 0.55));
        for (WireRouter.Box node : boxes) {
            g.fillRect(4 + (node.x() - f[0]) * f[2], 4 + (node.y() - f[1]) * f[2], node.width() * f[2], node.height() * f[2]);
        }
        g.setStroke(Color.web("#2f81f7"));
        g.strokeRect(4 + (a.getX() - f[0]) * f[2], 4 + (a.getY() - f[1]) * f[2], (b.getX() - a.getX()) * f[2], (b.getY() - a.getY()) * f[2]);
    }

    private void centre(MouseEvent event) {
        double[] box = CanvasViewport.extent(nodes.get());
        if (box == null) {
            return;
        }
        double[] f = frame(box);
        double wx = f[0] + (event.getX() - 4) / f[2];
        double wy = f[1] + (event.getY() - 4) / f[2];
        double zoom = viewport.zoom();
        viewport.set(zoom, canvas.getWidth() / 2 - wx * zoom, canvas.getHeight() / 2 - wy * zoom);
        event.consume();
    }
}
