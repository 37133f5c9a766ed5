package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.edit.PipelineDraft;
import io.pipewright.pipeline.edit.PipelineDraft.Position;
import io.pipewright.ui.pipeline.PipelineEditorViewModel.NodeState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import javafx.collections.MapChangeListener;
import javafx.collections.SetChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.QuadCurveTo;
import javafx.scene.shape.Rectangle;

/**
 * The pipeline as boxes and wires, put together from its parts: {@link NodeView}s with typed ports
 * and status badges, connections routed around the nodes ({@link WireRouter}), a dotted grid nodes
 * snap to, pan and zoom ({@link CanvasViewport}; fit to view never makes node text smaller than
 * {@link #READABLE_TEXT} pixels: past that the rest is a scroll away), a {@link Minimap}, and wires
 * drawn from output ports ({@link WireDragger}, which lights up the inputs that may take a wire and
 * says why one may not). Here: selecting (click, Ctrl+click, a rubber band), moving the selected
 * nodes, selecting a connection, and node types dropped from the palette. Every change goes through
 * the view model, which makes it an undoable edit; the canvas draws the document again after each.
 */
final class PipelineCanvas extends Region {
    static final String NODE_FORMAT = "pipewright-node-type:";
    static final double GRID = 20;
    static final double NODE_WIDTH = NodeView.WIDTH;
    /** The smallest node title, in pixels on screen, that fit to view may zoom out to. */
    static final double READABLE_TEXT = 10;
    /** Radius of a wire's rounded corners. */
    private static final double CORNER = 8;
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    private final PipelineEditorViewModel model;
    private final DotGrid grid = new DotGrid();
    private final Pane content = new Pane();
    private final Group edges = new Group();
    private final Group nodes = new Group();
    private final Pane overlay = new Pane();
    private final Rectangle band = new Rectangle();
    private final Map<String, NodeView> views = new LinkedHashMap<>();
    private final CanvasViewport viewport;
    private final WireDragger wires;
    private final Minimap minimap;
    private BiConsumer<String, String> preview = (node, port) -> { };
    private Point2D pressed;
    private Map<String, Position> dragStart;
    private String selectedEdge;

    PipelineCanvas(PipelineEditorViewModel model) {
        this.model = model;
        getStyleClass().add("pipeline-canvas");
        setId("pipeline-canvas");
        setFocusTraversable(true);
        viewport = new CanvasViewport(this, content, this::viewChanged);
        wires = new WireDragger(model, views, this, content, viewport);
        minimap = new Minimap(this, viewport, () -> views.values().stream().map(NodeView::box).toList());
        content.getChildren().addAll(edges, nodes);
        content.setManaged(false);
        band.getStyleClass().add("rubber-band");
        band.setVisible(false);
        band.setManaged(false);
        edges.getChildren().add(wires.wire());
        overlay.setPickOnBounds(false);
        overlay.getChildren().addAll(band, wires.reason());
        getChildren().addAll(grid, content, overlay, minimap);
        var clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);

        model.revisionProperty().addListener((o, old, revision) -> refresh());
        model.draftProperty().addListener((o, old, draft) -> fitLater());
        model.states().addListener((MapChangeListener<String, NodeState>) change -> {
            NodeView view = views.get(change.getKey());
            if (view != null && change.wasAdded()) {
                view.state(change.getValueAdded());
            }
        });
        model.selection().addListener((SetChangeListener<String>) change -> {
            String id = change.wasAdded() ? change.getElementAdded() : change.getElementRemoved();
            NodeView view = views.get(id);
            if (view != null) {
                view.setSelected(model.selection().contains(id));
            }
        });
        installMouse();
        installDrop();
        refresh();
    }

    /** Double-clicking an output port asks to see what it gave in the last run: node id, port. */
    void setOnPreview(BiConsumer<String, String> preview) {
        this.preview = preview;
    }

    /** The connection clicked last ({@code node.port} of its input), or null. */
    String selectedEdge() {
        return selectedEdge;
    }

    /** The canvas point (world coordinates) at a point of this region. */
    Point2D world(double x, double y) {
        return viewport.world(x, y);
    }

    @Override
    protected void layoutChildren() {
        grid.setWidth(getWidth());
        grid.setHeight(getHeight());
        drawGrid();
        overlay.resizeRelocate(0, 0, getWidth(), getHeight());
        minimap.resizeRelocate(getWidth() - Minimap.WIDTH - 12, getHeight() - Minimap.HEIGHT - 12, Minimap.WIDTH, Minimap.HEIGHT);
        minimap.draw();
    }

    // ---- drawing the document

    private void refresh() {
        PipelineDocument document = model.document();
        var seen = new java.util.HashSet<String>();
        for (PipelineDocument.Node node : document.nodes()) {
            NodeType type = model.catalog().find(node.type()).orElse(null);
            NodeView view = views.get(node.id());
            if (view == null || !view.typeName.equals(node.type())) {
                if (view != null) {
                    nodes.getChildren().remove(view);
                }
                view = new NodeView(node.id(), node.type(), type);
                install(view);
                views.put(node.id(), view);
                nodes.getChildren().add(view);
            }
            Position at = PipelineDraft.position(node);
            view.relocate(at.x(), at.y());
            view.setSelected(model.selection().contains(node.id()));
            NodeState state = model.states().get(node.id());
            if (state != null) {
                view.state(state);
            }
            seen.add(node.id());
        }
        views.keySet().removeIf(id -> {
            if (!seen.contains(id)) {
                nodes.getChildren().remove(views.get(id));
                return true;
            }
            return false;
        });
        drawEdges();
        minimap.draw();
    }

    /** A new node's handlers: wires from its outputs, its outputs' previews, its inputs' disconnects, and moving it. */
    private void install(NodeView view) {
        wires.install(view);
        view.outputs.forEach((port, circle) -> circle.setOnMouseClicked(event -> {
            if (event.getClickCount() == 2) {
                preview.accept(view.id, port);
            }
            event.consume();
        }));
        view.inputs.forEach((port, circle) -> circle.setOnMouseClicked(event -> {
            if (event.getClickCount() == 2) {
                model.disconnect(view.id, port);
            }
            event.consume();
        }));
        installMove(view);
    }

    private void drawEdges() {
        edges.getChildren().retainAll(wires.wire());
        var boxes = views.values().stream().map(NodeView::box).toList();
        for (PipelineDocument.Node node : model.document().nodes()) {
            node.inputs().forEach((port, source) -> {
                int dot = source.indexOf('.');
                NodeView from = views.get(source.substring(0, dot));
                NodeView to = views.get(node.id());
                if (from == null || to == null || !from.outputs.containsKey(source.substring(dot + 1)) || !to.inputs.containsKey(port)) {
                    return;
                }
                var curve = new Path();
                curve.getStyleClass().addAll("edge", "edge-" + from.outputTypes.get(source.substring(dot + 1)));
                String key = node.id() + "." + port;
                curve.setId("edge-" + source + "-" + key);
                curve.pseudoClassStateChanged(SELECTED, key.equals(selectedEdge));
                Point2D start = from.portPoint(source.substring(dot + 1), true);
                Point2D end = to.portPoint(port, false);
                draw(curve, WireRouter.route(new WireRouter.Point(start.getX(), start.getY()), new WireRouter.Point(end.getX(), end.getY()), boxes));
                curve.setOnMouseClicked(event -> {
                    selectedEdge = key;
                    drawEdges();
                    requestFocus();
                    event.consume();
                });
                Tooltip.install(curve, new Tooltip(source + " → " + key + " (select and press Delete to remove)"));
                edges.getChildren().add(0, curve);
            });
        }
    }

    /** A routed wire: straight legs joined by small rounded corners. */
    private static void draw(Path path, List<WireRouter.Point> points) {
        path.getElements().setAll(new MoveTo(points.get(0).x(), points.get(0).y()));
        for (int k = 1; k < points.size(); k++) {
            WireRouter.Point at = points.get(k);
            if (k == points.size() - 1) {
                path.getElements().add(new LineTo(at.x(), at.y()));
                break;
            }
            WireRouter.Point before = points.get(k - 1);
            WireRouter.Point after = points.get(k + 1);
            double in = Math.min(CORNER, Math.hypot(at.x() - before.x(), at.y() - before.y()) / 2);
            double out = Math.min(CORNER, Math.hypot(after.x() - at.x(), after.y() - at.y()) / 2);
            path.getElements().add(new LineTo(at.x() - Math.signum(at.x() - before.x()) * in, at.y() - Math.signum(at.y() - before.y()) * in));
            path.getElements().add(new QuadCurveTo(at.x(), at.y(), at.x() + Math.signum(after.x() - at.x()) * out, at.y() + Math.signum(after.y() - at.y()) * out));
        }
        path.setFill(null);
    }

    private void drawGrid() {
        grid.draw(GRID * viewport.zoom(), viewport.panX(), viewport.panY(), getBackground());
    }

    private void viewChanged() {
        drawGrid();
        minimap.draw();
    }

    // ---- view: pan and zoom, through the viewport

    /** Zooms by a factor around a point of this region. */
    void zoomBy(double factor, double x, double y) {
        viewport.zoomBy(factor, x, y);
    }

    /**
     * Shows every node, at most at full size, and at least at a size where node text stays readable:
     * a pipeline too big for that shows from its first nodes (top left), and the rest is a scroll away.
     */
    void fit() {
        viewport.fit(CanvasViewport.extent(views.values().stream().map(NodeView::box).toList()), readableZoom());
    }

    /** The zoom at which a node's title is {@link #READABLE_TEXT} pixels high: the smallest that fit to view uses. */
    double readableZoom() {
        double title = views.values().stream().findFirst().map(NodeView::titleSize).orElse(13.0);
        return Math.min(1, READABLE_TEXT / title);
    }

    private void fitLater() {
        javafx.application.Platform.runLater(this::fit);
    }

    private static double snap(double value) {
        return Math.round(value / GRID) * GRID;
    }

    // ---- mouse: selecting and moving

    private void installMouse() {
        addEventHandler(MouseEvent.MOUSE_PRESSED, event -> requestFocus());
        setOnMousePressed(event -> {
            if (viewport.startPan(event)) {
                return;
            }
            if (selectedEdge != null) {
                selectedEdge = null;
                drawEdges();
            }
            if (!event.isShortcutDown() && !event.isShiftDown()) {
                model.selection().clear();
            }
            pressed = new Point2D(event.getX(), event.getY());
            band.setX(event.getX());
            band.setY(event.getY());
            band.setWidth(0);
            band.setHeight(0);
            band.setVisible(true);
        });
        setOnMouseDragged(event -> {
            if (!viewport.pan(event) && pressed != null) {
                band.setX(Math.min(pressed.getX(), event.getX()));
                band.setY(Math.min(pressed.getY(), event.getY()));
                band.setWidth(Math.abs(event.getX() - pressed.getX()));
                band.setHeight(Math.abs(event.getY() - pressed.getY()));
            }
        });
        setOnMouseReleased(event -> {
            if (pressed != null && band.getWidth() + band.getHeight() > 4) {
                Point2D a = world(band.getX(), band.getY());
                Point2D b = world(band.getX() + band.getWidth(), band.getY() + band.getHeight());
                var boxes = new HashMap<String, WireRouter.Box>();
                views.forEach((id, view) -> boxes.put(id, view.box()));
                model.selection().addAll(WireRouter.within(boxes, a.getX(), a.getY(), b.getX(), b.getY()));
            }
            band.setVisible(false);
            pressed = null;
            viewport.endPan();
        });
    }

    /** Pressing a node selects it (Ctrl: adds or removes it); dragging moves the selected nodes on the grid, as one undoable move. */
    private void installMove(NodeView node) {
        node.setOnMousePressed(event -> {
            if (event.getButton() != MouseButton.PRIMARY || viewport.spaceDown()) {
                return;
            }
            requestFocus();
            if (event.isShortcutDown()) {
                if (!model.selection().remove(node.id)) {
                    model.selection().add(node.id);
                }
            } else if (!model.selection().contains(node.id)) {
                model.select(List.of(node.id));
            }
            pressed = null;
            dragStart = new LinkedHashMap<>();
            for (String selected : model.selection()) {
                NodeView view = views.get(selected);
                if (view != null) {
                    dragStart.put(selected, new Position(view.getLayoutX(), view.getLayoutY()));
                }
            }
            dragStart.put("", new Position(event.getSceneX(), event.getSceneY()));
            event.consume();
        });
        node.setOnMouseDragged(event -> {
            if (dragStart == null) {
                return;
            }
            Position origin = dragStart.get("");
            double dx = (event.getSceneX() - origin.x()) / viewport.zoom();
            double dy = (event.getSceneY() - origin.y()) / viewport.zoom();
            dragStart.forEach((id, start) -> {
                if (!id.isEmpty()) {
                    views.get(id).relocate(snap(start.x() + dx), snap(start.y() + dy));
                }
            });
            drawEdges();
            event.consume();
        });
        node.setOnMouseReleased(event -> {
            if (dragStart == null) {
                return;
            }
            var moved = new LinkedHashMap<String, Position>();
            dragStart.forEach((id, start) -> {
                if (!id.isEmpty()) {
                    NodeView view = views.get(id);
                    moved.put(id, new Position(view.getLayoutX(), view.getLayoutY()));
                }
            });
            dragStart = null;
            model.move(moved);
            event.consume();
        });
    }

    private void installDrop() {
        setOnDragOver(event -> {
            if (event.getDragboard().hasString() && event.getDragboard().getString().startsWith(NODE_FORMAT)) {
                event.acceptTransferModes(TransferMode.COPY);
                event.consume();
            }
        });
        setOnDragDropped(event -> {
            if (event.getDragboard().hasString() && event.getDragboard().getString().startsWith(NODE_FORMAT)) {
                Point2D at = world(event.getX(), event.getY());
                model.addNode(event.getDragboard().getString().substring(NODE_FORMAT.length()), snap(at.getX() - NODE_WIDTH / 2), snap(at.getY() - 20));
                event.setDropCompleted(true);
                event.consume();
            }
        });
    }
}
