package io.pipewright.ui.pipeline;

import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;
import javafx.scene.shape.CubicCurve;

/**
 * Drawing a wire from an output port to an input (as eckig graph-editor's ConnectorDragManager
 * does): while it is dragged, inputs that may take it light up, the wire snaps to an input near the
 * pointer, and one that may not take it says why (the validator's reason, beside the pointer).
 * Released on an input that takes it, it connects the two through the view model.
 */
final class WireDragger {
    private static final double SNAP_REACH = 16;
    private static final PseudoClass ALLOWED = PseudoClass.getPseudoClass("allowed");
    private static final PseudoClass FORBIDDEN = PseudoClass.getPseudoClass("forbidden");

    private final PipelineEditorViewModel model;
    private final Map<String, NodeView> views;
    private final Region canvas;
    private final Node content;
    private final CanvasViewport viewport;
    private final CubicCurve wire = new CubicCurve();
    private final Label reason = new Label();
    private String from;
    private String target;

    /**
     * {@code views}: the nodes on the canvas by id; {@code content}: the layer the nodes and the wire
     * lie on (canvas coordinates); the reason is placed in {@code canvas}'s coordinates.
     */
    WireDragger(PipelineEditorViewModel model, Map<String, NodeView> views, Region canvas, Node content, CanvasViewport viewport) {
        this.model = model;
        this.views = views;
        this.canvas = canvas;
        this.content = content;
        this.viewport = viewport;
        wire.getStyleClass().add("wire");
        wire.setVisible(false);
        wire.setMouseTransparent(true);
        reason.getStyleClass().add("connect-reason");
        reason.setId("connect-reason");
        reason.setVisible(false);
        reason.setManaged(false);
        reason.setMouseTransparent(true);
    }

    /** The wire being drawn: it belongs with the edges, in canvas coordinates. */
    CubicCurve wire() {
        return wire;
    }

    /** Why the input under the pointer refuses the wire: it belongs on the overlay, in the canvas region's coordinates. */
    Label reason() {
        return reason;
    }

    /** Lets a wire be drawn from each of the node's output ports. */
    void install(NodeView view) {
        view.outputs.forEach((port, circle) -> {
            circle.setOnMousePressed(event -> {
                if (event.getButton() == MouseButton.PRIMARY) {
                    start(view.id, port);
                }
                event.consume();
            });
            circle.setOnMouseDragged(event -> {
                if (from != null) {
                    drag(event);
                }
                event.consume();
            });
            circle.setOnMouseReleased(event -> {
                end();
                event.consume();
            });
        });
    }

    private void start(String nodeId, String port) {
        from = nodeId + "." + port;
        wire.getStyleClass().setAll("wire", "edge-" + views.get(nodeId).outputTypes.get(port));
        views.forEach((id, view) -> view.inputs.forEach((input, circle) -> {
            boolean allowed = model.refusal(nodeId, port, id, input) == null;
            circle.pseudoClassStateChanged(ALLOWED, allowed);
        }));
    }

    private void drag(MouseEvent event) {
        int dot = from.indexOf('.');
        NodeView source = views.get(from.substring(0, dot));
        Point2D start = source.portPoint(from.substring(dot + 1), true);
        Point2D end = content.sceneToLocal(event.getSceneX(), event.getSceneY());
        target = null;
        String hovered = null;
        for (var entry : views.entrySet()) {
            for (var input : entry.getValue().inputs.keySet()) {
                Point2D at = entry.getValue().portPoint(input, false);
                if (at.distance(end) < SNAP_REACH / viewport.zoom()) {
                    hovered = entry.getKey() + "." + input;
                    end = at;
                }
            }
        }
        shape(wire, start, end);
        wire.setVisible(true);
        views.forEach((id, view) -> view.inputs.forEach((input, circle) -> circle.pseudoClassStateChanged(FORBIDDEN, false)));
        if (hovered != null) {
            int split = hovered.indexOf('.');
            String why = model.refusal(from.substring(0, dot), from.substring(dot + 1), hovered.substring(0, split), hovered.substring(split + 1));
            if (why == null) {
                target = hovered;
                reason.setVisible(false);
            } else {
                views.get(hovered.substring(0, split)).inputs.get(hovered.substring(split + 1)).pseudoClassStateChanged(FORBIDDEN, true);
                Point2D local = canvas.sceneToLocal(event.getSceneX(), event.getSceneY());
                reason.setText(why);
                reason.autosize();
                reason.relocate(local.getX() + 14, local.getY() + 10);
                reason.setVisible(true);
            }
        } else {
            reason.setVisible(false);
        }
    }

    private void end() {
        if (from != null && target != null) {
            int dot = from.indexOf('.');
            int split = target.indexOf('.');
            model.connect(from.substring(0, dot), from.substring(dot + 1), target.substring(0, split), target.substring(split + 1));
        }
        from = null;
        target = null;
        wire.setVisible(false);
        reason.setVisible(false);
        views.values().forEach(view -> view.inputs.values().forEach((Circle circle) -> {
            circle.pseudoClassStateChanged(ALLOWED, false);
            circle.pseudoClassStateChanged(FORBIDDEN, false);
        }));
    }

    /** A wire being drawn: a curve leaving the output to the right and entering the input from the left. */
    private static void shape(CubicCurve curve, Point2D from, Point2D to) {
        double reach = Math.max(40, Math.abs(to.getX() - from.getX()) / 2);
        curve.setStartX(from.getX());
        curve.setStartY(from.getY());
        curve.setControlX1(from.getX() + reach);
        curve.setControlY1(from.getY());
        curve.setControlX2(to.getX() - reach);
        curve.setControlY2(to.getY());
        curve.setEndX(to.getX());
        curve.setEndY(to.getY());
        curve.setFill(null);
    }
}
