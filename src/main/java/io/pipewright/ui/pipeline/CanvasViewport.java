package io.pipewright.ui.pipeline;

import java.util.Collection;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;

/**
 * Panning and zooming the pipeline canvas: the transform from canvas (world) coordinates to the
 * region's, and the gestures that change it: drag with the middle or right button or with Space
 * held, the wheel to pan, Ctrl + wheel to zoom around the pointer, fit to view.
 */
final class CanvasViewport {
    static final double MIN_ZOOM = 0.25;
    static final double MAX_ZOOM = 2.5;

    private final Region region;
    private final Runnable changed;
    private final Scale scale = new Scale(1, 1);
    private final Translate translate = new Translate(0, 0);
    private boolean spaceDown;
    private Point2D panStart;

    /** Moves {@code content} (the nodes and wires) on {@code region}; {@code changed} runs after each change of the view. */
    CanvasViewport(Region region, Node content, Runnable changed) {
        this.region = region;
        this.changed = changed;
        content.getTransforms().setAll(translate, scale);
        region.addEventHandler(KeyEvent.KEY_PRESSED, event -> spaceDown |= event.getCode() == KeyCode.SPACE);
        region.addEventHandler(KeyEvent.KEY_RELEASED, event -> spaceDown &= event.getCode() != KeyCode.SPACE);
        region.addEventHandler(ScrollEvent.SCROLL, this::scroll);
    }

    double zoom() {
        return scale.getX();
    }

    double panX() {
        return translate.getX();
    }

    double panY() {
        return translate.getY();
    }

    /** Whether Space is held: a press then pans instead of selecting or moving. */
    boolean spaceDown() {
        return spaceDown;
    }

    /** The canvas point (world coordinates) at a point of the region. */
    Point2D world(double x, double y) {
        return new Point2D((x - translate.getX()) / scale.getX(), (y - translate.getY()) / scale.getY());
    }

    /** Sets the zoom and the pan (where the world's origin lies on the region). */
    void set(double zoom, double tx, double ty) {
        scale.setX(zoom);
        scale.setY(zoom);
        translate.setX(tx);
        translate.setY(ty);
        changed.run();
    }

    /** Zooms by a factor around a point of the region. */
    void zoomBy(double factor, double x, double y) {
        double zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, scale.getX() * factor));
        Point2D at = world(x, y);
        set(zoom, x - at.getX() * zoom, y - at.getY() * zoom);
    }

    /**
     * Shows {@code extent} (x, y, width, height in canvas coordinates), at most at 1.25 and at least at
     * {@code minZoom}: too big for that, it shows from its top left, and the rest is a scroll away.
     * With nothing to show, the view goes back to the origin at full size.
     */
    void fit(double[] extent, double minZoom) {
        double width = region.getWidth();
        double height = region.getHeight();
        if (extent == null || width <= 0) {
            set(1, 0, 0);
            return;
        }
        double zoom = Math.max(minZoom, Math.min(1.25, Math.min((width - 80) / extent[2], (height - 80) / extent[3])));
        double x = extent[2] * zoom <= width - 80 ? (width - extent[2] * zoom) / 2 : 40;
        double y = extent[3] * zoom <= height - 80 ? (height - extent[3] * zoom) / 2 : 40;
        set(zoom, x - extent[0] * zoom, y - extent[1] * zoom);
    }

    /** x, y, width, height of all the boxes, in canvas coordinates; null when there are none. */
    static double[] extent(Collection<WireRouter.Box> boxes) {
        if (boxes.isEmpty()) {
            return null;
        }
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (WireRouter.Box box : boxes) {
            x0 = Math.min(x0, box.x());
            y0 = Math.min(y0, box.y());
            x1 = Math.max(x1, box.x() + box.width());
            y1 = Math.max(y1, box.y() + box.height());
        }
        return new double[] {x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)};
    }

    /** A press that starts a pan (middle or right button, or Space held): true when it did. */
    boolean startPan(MouseEvent event) {
        if (event.getButton() == MouseButton.MIDDLE || event.getButton() == MouseButton.SECONDARY || spaceDown) {
            panStart = new Point2D(event.getX() - translate.getX(), event.getY() - translate.getY());
            return true;
        }
        return false;
    }

    /** A drag that pans, when a pan was started: true when it did. */
    boolean pan(MouseEvent event) {
        if (panStart == null) {
            return false;
        }
        set(scale.getX(), event.getX() - panStart.getX(), event.getY() - panStart.getY());
        return true;
    }

    void endPan() {
        panStart = null;
    }

    private void scroll(ScrollEvent event) {
        if (event.isShortcutDown()) {
            zoomBy(Math.pow(1.1, event.getDeltaY() / 40), event.getX(), event.getY());
        } else {
            set(scale.getX(), translate.getX() + event.getDeltaX(), translate.getY() + event.getDeltaY());
        }
        event.consume();
    }
}
