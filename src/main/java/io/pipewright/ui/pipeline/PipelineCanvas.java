package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PortSpec;
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
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.QuadCurveTo;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;

/**
 * The pipeline as boxes and wires: nodes with typed ports and status badges, connections routed
 * around the nodes ({@link WireRouter}), a dotted grid nodes snap to, pan (drag with the middle
 * button or Space held, or scroll), zoom (Ctrl+scroll, fit to view, which never makes node text
 * smaller than {@link #READABLE_TEXT} pixels: past that the rest is a scroll away) and a minimap. Dragging from an output port draws a wire; on the way,
 * inputs that may take it light up and one that may not says why (the validator's reason). Every
 * change goes through the view model, which makes it an undoable edit; the canvas draws the
 * document again after each.
 */
final class PipelineCanvas extends Region {
    static final String NODE_FORMAT = "pipewright-node-type:";
    static final double GRID = 20;
    static final double NODE_WIDTH = 180;
    private static final double HEADER = 50;
    private static final double PORT_GAP = 22;
    private static final double BADGE = 30;
    private static final double SNAP_REACH = 16;
    /** The smallest node title, in pixels on screen, that fit to view may zoom out to. */
    static final double READABLE_TEXT = 10;
    /** Radius of a wire's rounded corners. */
    private static final double CORNER = 8;
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass ALLOWED = PseudoClass.getPseudoClass("allowed");
    private static final PseudoClass FORBIDDEN = PseudoClass.getPseudoClass("forbidden");

    private final PipelineEditorViewModel model;
    private final DotGrid grid = new DotGrid();
    private final Pane content = new Pane();
    private final Group edges = new Group();
    private final Group nodes = new Group();
    private final Pane overlay = new Pane();
    private final Rectangle band = new Rectangle();
    private final CubicCurve wire = new CubicCurve();
    private final Label reason = new Label();
    private final Minimap minimap = new Minimap();
    private final Scale scale = new Scale(1, 1);
    private final Translate translate = new Translate(0, 0);
    private final Map<String, NodeView> views = new LinkedHashMap<>();
    private BiConsumer<String, String> preview = (node, port) -> { };
    private boolean spaceDown;
    private Point2D pressed;
    private Map<String, Position> dragStart;
    private Point2D panStart;
    private String wireFrom;
    private String wireTarget;
    private String selectedEdge;

    PipelineCanvas(PipelineEditorViewModel model) {
        this.model = model;
        getStyleClass().add("pipeline-canvas");
        setId("pipeline-canvas");
        setFocusTraversable(true);
        content.getTransforms().setAll(translate, scale);
        content.getChildren().addAll(edges, nodes);
        content.setManaged(false);
        band.getStyleClass().add("rubber-band");
        band.setVisible(false);
        band.setManaged(false);
        wire.getStyleClass().add("wire");
        wire.setVisible(false);
        wire.setMouseTransparent(true);
        edges.getChildren().add(wire);
        reason.getStyleClass().add("connect-reason");
        reason.setId("connect-reason");
        reason.setVisible(false);
        reason.setManaged(false);
        reason.setMouseTransparent(true);
        overlay.setPickOnBounds(false);
        overlay.getChildren().addAll(band, reason);
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
                view.pseudoClassStateChanged(SELECTED, model.selection().contains(id));
            }
        });
        installMouse();
        installDrop();
        setOnKeyPressed(event -> spaceDown |= event.getCode() == javafx.scene.input.KeyCode.SPACE);
        setOnKeyReleased(event -> spaceDown &= event.getCode() != javafx.scene.input.KeyCode.SPACE);
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
        return new Point2D((x - translate.getX()) / scale.getX(), (y - translate.getY()) / scale.getY());
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
                views.put(node.id(), view);
                nodes.getChildren().add(view);
            }
            Position at = PipelineDraft.position(node);
            view.relocate(at.x(), at.y());
            view.pseudoClassStateChanged(SELECTED, model.selection().contains(node.id()));
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

    private void drawEdges() {
        edges.getChildren().retainAll(wire);
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

    private void drawGrid() {
        grid.draw(GRID * scale.getX(), translate.getX(), translate.getY(), getBackground());
    }

    // ---- view: pan and zoom

    private void applyView(double zoom, double tx, double ty) {
        scale.setX(zoom);
        scale.setY(zoom);
        translate.setX(tx);
        translate.setY(ty);
        drawGrid();
        minimap.draw();
    }

    /** Zooms by a factor around a point of this region. */
    void zoomBy(double factor, double x, double y) {
        double zoom = Math.max(0.25, Math.min(2.5, scale.getX() * factor));
        Point2D at = world(x, y);
        applyView(zoom, x - at.getX() * zoom, y - at.getY() * zoom);
    }

    /**
     * Shows every node, at most at full size, and at least at a size where node text stays readable:
     * a pipeline too big for that shows from its first nodes (top left), and the rest is a scroll away.
     */
    void fit() {
        if (views.isEmpty() || getWidth() <= 0) {
            applyView(1, 0, 0);
            return;
        }
        double[] box = bounds();
        double zoom = Math.max(readableZoom(), Math.min(1.25, Math.min((getWidth() - 80) / box[2], (getHeight() - 80) / box[3])));
        double x = box[2] * zoom <= getWidth() - 80 ? (getWidth() - box[2] * zoom) / 2 : 40;
        double y = box[3] * zoom <= getHeight() - 80 ? (getHeight() - box[3] * zoom) / 2 : 40;
        applyView(zoom, x - box[0] * zoom, y - box[1] * zoom);
    }

    /** The zoom at which a node's title is {@link #READABLE_TEXT} pixels high: the smallest that fit to view uses. */
    double readableZoom() {
        double title = views.values().stream().findFirst().map(NodeView::titleSize).orElse(13.0);
        return Math.min(1, READABLE_TEXT / title);
    }


    private void fitLater() {
        javafx.application.Platform.runLater(this::fit);
    }

    /** x, y, width, height of all nodes, in canvas coordinates. */
    private double[] bounds() {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (NodeView view : views.values()) {
            x0 = Math.min(x0, view.getLayoutX());
            y0 = Math.min(y0, view.getLayoutY());
            x1 = Math.max(x1, view.getLayoutX() + NODE_WIDTH);
            y1 = Math.max(y1, view.getLayoutY() + view.height());
        }
        return new double[] {x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)};
    }

    private static double snap(double value) {
        return Math.round(value / GRID) * GRID;
    }

    // ---- mouse

    private void installMouse() {
        addEventHandler(MouseEvent.MOUSE_PRESSED, event -> requestFocus());
        setOnMousePressed(event -> {
            if (event.getButton() == MouseButton.MIDDLE || event.getButton() == MouseButton.SECONDARY || spaceDown) {
                panStart = new Point2D(event.getX() - translate.getX(), event.getY() - translate.getY());
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
            if (panStart != null) {
                applyView(scale.getX(), event.getX() - panStart.getX(), event.getY() - panStart.getY());
            } else if (pressed != null) {
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
            panStart = null;
        });
        setOnScroll(event -> {
            if (event.isShortcutDown()) {
                zoomBy(Math.pow(1.1, event.getDeltaY() / 40), event.getX(), event.getY());
            } else {
                applyView(scale.getX(), translate.getX() + event.getDeltaX(), translate.getY() + event.getDeltaY());
            }
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

    // ---- wires

    private void startWire(String nodeId, String port) {
        wireFrom = nodeId + "." + port;
        wire.getStyleClass().setAll("wire", "edge-" + views.get(nodeId).outputTypes.get(port));
        views.forEach((id, view) -> view.inputs.forEach((input, circle) -> {
            boolean allowed = model.refusal(nodeId, port, id, input) == null;
            circle.pseudoClassStateChanged(ALLOWED, allowed);
        }));
    }

    private void dragWire(MouseEvent event) {
        int dot = wireFrom.indexOf('.');
        NodeView from = views.get(wireFrom.substring(0, dot));
        Point2D start = from.portPoint(wireFrom.substring(dot + 1), true);
        Point2D end = content.sceneToLocal(event.getSceneX(), event.getSceneY());
        wireTarget = null;
        String hovered = null;
        for (var entry : views.entrySet()) {
            for (var input : entry.getValue().inputs.keySet()) {
                Point2D at = entry.getValue().portPoint(input, false);
                if (at.distance(end) < SNAP_REACH / scale.getX()) {
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
            String why = model.refusal(wireFrom.substring(0, dot), wireFrom.substring(dot + 1), hovered.substring(0, split), hovered.substring(split + 1));
            if (why == null) {
                wireTarget = hovered;
                reason.setVisible(false);
            } else {
                views.get(hovered.substring(0, split)).inputs.get(hovered.substring(split + 1)).pseudoClassStateChanged(FORBIDDEN, true);
                Point2D local = sceneToLocal(event.getSceneX(), event.getSceneY());
                reason.setText(why);
                reason.autosize();
                reason.relocate(local.getX() + 14, local.getY() + 10);
                reason.setVisible(true);
            }
        } else {
            reason.setVisible(false);
        }
    }

    private void endWire() {
        if (wireFrom != null && wireTarget != null) {
            int dot = wireFrom.indexOf('.');
            int split = wireTarget.indexOf('.');
            model.connect(wireFrom.substring(0, dot), wireFrom.substring(dot + 1), wireTarget.substring(0, split), wireTarget.substring(split + 1));
        }
        wireFrom = null;
        wireTarget = null;
        wire.setVisible(false);
        reason.setVisible(false);
        views.values().forEach(view -> view.inputs.values().forEach(circle -> {
            circle.pseudoClassStateChanged(ALLOWED, false);
            circle.pseudoClassStateChanged(FORBIDDEN, false);
        }));
    }

    // ---- a node

    /** A node: its id, type and icon, a status badge, a progress bar while it runs, and its ports on the edges. */
    private final class NodeView extends Pane {
        final String id;
        final String typeName;
        final Map<String, Circle> inputs = new LinkedHashMap<>();
        final Map<String, Circle> outputs = new LinkedHashMap<>();
        final Map<String, String> outputTypes = new HashMap<>();
        private final Label badge = new Label();
        private final Label title = new Label();
        private final ProgressBar progress = new ProgressBar(0);
        private final Tooltip tip = new io.pipewright.ui.common.WrappedTooltip();
        private final double height;
        private String stateClass;

        NodeView(String id, String typeName, NodeType type) {
            this.id = id;
            this.typeName = typeName;
            getStyleClass().add("pipeline-node");
            setId("node-" + id);
            List<PortSpec> ins = type == null ? List.of() : type.inputs();
            List<PortSpec> outs = type == null ? List.of() : type.outputs();
            height = HEADER + Math.max(1, Math.max(ins.size(), outs.size())) * PORT_GAP + BADGE;
            setPrefSize(NODE_WIDTH, height);
            setMinSize(NODE_WIDTH, height);
            setMaxSize(NODE_WIDTH, height);

            var icon = NodeIcons.icon(type == null ? "" : type.stage(), 18);
            icon.relocate(10, 12);
            title.setText(id);
            title.getStyleClass().add("node-title");
            title.relocate(36, 7);
            title.setMaxWidth(NODE_WIDTH - 44);
            var kind = new Label(typeName + (type == null ? " (unknown type)" : " · " + type.stage()));
            kind.getStyleClass().add("node-type");
            kind.relocate(36, 27);
            kind.setMaxWidth(NODE_WIDTH - 44);
            getChildren().addAll(icon, title, kind);
            for (int i = 0; i < ins.size(); i++) {
                PortSpec port = ins.get(i);
                double y = HEADER + i * PORT_GAP + PORT_GAP / 2;
                var circle = port(port, 0, y, false);
                inputs.put(port.name(), circle);
                var label = new Label(port.name() + (port.optional() ? "?" : ""));
                label.getStyleClass().add("port-label");
                label.relocate(10, y - 9);
                getChildren().addAll(label, circle);
            }
            for (int i = 0; i < outs.size(); i++) {
                PortSpec port = outs.get(i);
                double y = HEADER + i * PORT_GAP + PORT_GAP / 2;
                var circle = port(port, NODE_WIDTH, y, true);
                outputs.put(port.name(), circle);
                outputTypes.put(port.name(), port.type().id());
                var label = new Label(port.name());
                label.getStyleClass().add("port-label");
                label.setPrefWidth(NODE_WIDTH / 2 - 12);
                label.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
                label.relocate(NODE_WIDTH / 2, y - 9);
                getChildren().addAll(label, circle);
            }
            badge.getStyleClass().add("node-badge");
            badge.setId("badge-" + id);
            badge.relocate(10, height - BADGE + 4);
            badge.setMaxWidth(NODE_WIDTH - 20);
            progress.getStyleClass().add("node-progress");
            progress.relocate(10, height - 6);
            progress.setPrefSize(NODE_WIDTH - 20, 4);
            progress.setVisible(false);
            getChildren().addAll(badge, progress);
            Tooltip.install(this, tip);
            tip.setText(type == null ? "unknown node type " + typeName : type.description());
            installDrag();
        }

        double height() {
            return height;
        }

        WireRouter.Box box() {
            return new WireRouter.Box(getLayoutX(), getLayoutY(), NODE_WIDTH, height);
        }

        /** The title's font size (the stylesheet's), in canvas pixels. */
        double titleSize() {
            return title.getFont().getSize();
        }

        private Circle port(PortSpec spec, double x, double y, boolean output) {
            var circle = new Circle(x, y, 6);
            circle.getStyleClass().addAll("port", "port-" + spec.type().id());
            circle.setId((output ? "out-" : "in-") + id + "-" + spec.name());
            Tooltip.install(circle, new io.pipewright.ui.common.WrappedTooltip((output ? "output " : "input ") + spec.name() + " (" + spec.type().id() + (spec.optional() ? ", optional" : "")
                    + ")" + (spec.description() == null ? "" : ": " + spec.description())));
            if (output) {
                circle.setOnMousePressed(event -> {
                    if (event.getButton() == MouseButton.PRIMARY) {
                        startWire(id, spec.name());
                    }
                    event.consume();
                });
                circle.setOnMouseDragged(event -> {
                    if (wireFrom != null) {
                        dragWire(event);
                    }
                    event.consume();
                });
                circle.setOnMouseReleased(event -> {
                    endWire();
                    event.consume();
                });
                circle.setOnMouseClicked(event -> {
                    if (event.getClickCount() == 2) {
                        preview.accept(id, spec.name());
                    }
                    event.consume();
                });
            } else {
                circle.setOnMouseClicked(event -> {
                    if (event.getClickCount() == 2) {
                        model.disconnect(id, spec.name());
                    }
                    event.consume();
                });
            }
            return circle;
        }

        /** Where a port is, in canvas coordinates. */
        Point2D portPoint(String port, boolean output) {
            Circle circle = output ? outputs.get(port) : inputs.get(port);
            return new Point2D(getLayoutX() + circle.getCenterX(), getLayoutY() + circle.getCenterY());
        }

        void state(NodeState state) {
            if (stateClass != null) {
                pseudoClassStateChanged(PseudoClass.getPseudoClass(stateClass), false);
            }
            stateClass = state.badge().pseudoClass();
            pseudoClassStateChanged(PseudoClass.getPseudoClass(stateClass), true);
            String text = switch (state.badge()) {
                case DONE -> String.format(java.util.Locale.US, "done · %.2f s%s", state.seconds(),
                        state.peakMemoryBytes() > 0 ? " · " + io.pipewright.work.ByteSizes.human(state.peakMemoryBytes()) : "");
                case RUNNING -> state.progress() > 0 ? String.format(java.util.Locale.US, "running · %.0f %%", state.progress() * 100) : "running";
                default -> state.badge().text();
            };
            badge.setText(text);
            progress.setVisible(state.badge() == PipelineEditorViewModel.Badge.RUNNING);
            progress.setProgress(state.progress() > 0 ? state.progress() : -1);
            NodeType type = model.catalog().find(typeName).orElse(null);
            String about = type == null ? "unknown node type " + typeName : type.description();
            tip.setText(state.message() == null ? about : state.badge().text() + ": " + state.message() + "\n\n" + about);
        }

        private void installDrag() {
            setOnMousePressed(event -> {
                if (event.getButton() != MouseButton.PRIMARY || spaceDown) {
                    return;
                }
                PipelineCanvas.this.requestFocus();
                if (event.isShortcutDown()) {
                    if (!model.selection().remove(id)) {
                        model.selection().add(id);
                    }
                } else if (!model.selection().contains(id)) {
                    model.select(List.of(id));
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
            setOnMouseDragged(event -> {
                if (dragStart == null) {
                    return;
                }
                Position origin = dragStart.get("");
                double dx = (event.getSceneX() - origin.x()) / scale.getX();
                double dy = (event.getSceneY() - origin.y()) / scale.getY();
                dragStart.forEach((node, start) -> {
                    if (!node.isEmpty()) {
                        views.get(node).relocate(snap(start.x() + dx), snap(start.y() + dy));
                    }
                });
                drawEdges();
                event.consume();
            });
            setOnMouseReleased(event -> {
                if (dragStart == null) {
                    return;
                }
                var moved = new LinkedHashMap<String, Position>();
                dragStart.forEach((node, start) -> {
                    if (!node.isEmpty()) {
                        NodeView view = views.get(node);
                        moved.put(node, new Position(view.getLayoutX(), view.getLayoutY()));
                    }
                });
                dragStart = null;
                model.move(moved);
                event.consume();
            });
        }
    }

    // ---- minimap

    /** The whole pipeline small, with the part on screen framed; a click there brings that part to the middle. */
    private final class Minimap extends Canvas {
        static final double WIDTH = 180;
        static final double HEIGHT = 120;

        Minimap() {
            super(WIDTH, HEIGHT);
            setId("minimap");
            getStyleClass().add("minimap");
            setOnMousePressed(this::centre);
            setOnMouseDragged(this::centre);
        }

        private double[] frame() {
            double[] box = bounds();
            Point2D a = world(0, 0);
            Point2D b = world(PipelineCanvas.this.getWidth(), PipelineCanvas.this.getHeight());
            double x0 = Math.min(box[0], a.getX());
            double y0 = Math.min(box[1], a.getY());
            double x1 = Math.max(box[0] + box[2], b.getX());
            double y1 = Math.max(box[1] + box[3], b.getY());
            double s = Math.min((WIDTH - 8) / (x1 - x0), (HEIGHT - 8) / (y1 - y0));
            return new double[] {x0, y0, s};
        }

        void draw() {
            // only when part of the pipeline is out of view, and the canvas is big enough not to be covered by it
            double[] box = views.isEmpty() ? null : bounds();
            Point2D a = world(0, 0);
            Point2D b = world(PipelineCanvas.this.getWidth(), PipelineCanvas.this.getHeight());
            boolean room = PipelineCanvas.this.getWidth() >= 3 * WIDTH && PipelineCanvas.this.getHeight() >= 3 * HEIGHT;
            setVisible(room && box != null && (box[0] < a.getX() || box[1] < a.getY() || box[0] + box[2] > b.getX() || box[1] + box[3] > b.getY()));
            if (!isVisible()) {
                return;
            }
            var g = getGraphicsContext2D();
            g.clearRect(0, 0, WIDTH, HEIGHT);
            g.setFill(Color.gray(0.5, 0.12));
            g.fillRoundRect(0, 0, WIDTH, HEIGHT, 8, 8);
            double[] f = frame();
            g.setFill(Color.gray(0.45, 0.55));
            for (NodeView view : views.values()) {
                g.fillRect(4 + (view.getLayoutX() - f[0]) * f[2], 4 + (view.getLayoutY() - f[1]) * f[2], NODE_WIDTH * f[2], view.height() * f[2]);
            }
            g.setStroke(Color.web("#2f81f7"));
            g.strokeRect(4 + (a.getX() - f[0]) * f[2], 4 + (a.getY() - f[1]) * f[2], (b.getX() - a.getX()) * f[2], (b.getY() - a.getY()) * f[2]);
        }

        private void centre(MouseEvent event) {
            double[] f = frame();
            double wx = f[0] + (event.getX() - 4) / f[2];
            double wy = f[1] + (event.getY() - 4) / f[2];
            double zoom = scale.getX();
            applyView(zoom, PipelineCanvas.this.getWidth() / 2 - wx * zoom, PipelineCanvas.this.getHeight() / 2 - wy * zoom);
            event.consume();
        }
    }
}
