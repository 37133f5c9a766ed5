package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.ui.pipeline.PipelineEditorViewModel.NodeState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Circle;

/**
 * A node on the pipeline canvas: its id, type and icon, a status badge, a progress bar while it
 * runs, and its typed ports on the edges (inputs left, outputs right). It only draws: the canvas,
 * the {@link WireDragger} and the node dragging put their handlers on it and its ports.
 */
final class NodeView extends Pane {
    static final double WIDTH = 180;
    private static final double HEADER = 50;
    private static final double PORT_GAP = 22;
    private static final double BADGE = 30;
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    final String id;
    final String typeName;
    final Map<String, Circle> inputs = new LinkedHashMap<>();
    final Map<String, Circle> outputs = new LinkedHashMap<>();
    final Map<String, String> outputTypes = new HashMap<>();
    private final NodeType type;
    private final Label badge = new Label();
    private final Label title = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Tooltip tip = new io.pipewright.ui.common.WrappedTooltip();
    private final double height;
    private String stateClass;

    /** {@code type}: null when the catalog does not know {@code typeName}. */
    NodeView(String id, String typeName, NodeType type) {
        this.id = id;
        this.typeName = typeName;
        this.type = type;
        getStyleClass().add("pipeline-node");
        setId("node-" + id);
        List<PortSpec> ins = type == null ? List.of() : type.inputs();
        List<PortSpec> outs = type == null ? List.of() : type.outputs();
        height = HEADER + Math.max(1, Math.max(ins.size(), outs.size())) * PORT_GAP + BADGE;
        setPrefSize(WIDTH, height);
        setMinSize(WIDTH, height);
        setMaxSize(WIDTH, height);

        var icon = NodeIcons.icon(type == null ? "" : type.stage(), 18);
        icon.relocate(10, 12);
        title.setText(id);
        title.getStyleClass().add("node-title");
        title.relocate(36, 7);
        title.setMaxWidth(WIDTH - 44);
        var kind = new Label(typeName + (type == null ? " (unknown type)" : " · " + type.stage()));
        kind.getStyleClass().add("node-type");
        kind.relocate(36, 27);
        kind.setMaxWidth(WIDTH - 44);
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
            var circle = port(port, WIDTH, y, true);
            outputs.put(port.name(), circle);
            outputTypes.put(port.name(), port.type().id());
            var label = new Label(port.name());
            label.getStyleClass().add("port-label");
            label.setPrefWidth(WIDTH / 2 - 12);
            label.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
            label.relocate(WIDTH / 2, y - 9);
            getChildren().addAll(label, circle);
        }
        badge.getStyleClass().add("node-badge");
        badge.setId("badge-" + id);
        badge.relocate(10, height - BADGE + 4);
        badge.setMaxWidth(WIDTH - 20);
        progress.getStyleClass().add("node-progress");
        progress.relocate(10, height - 6);
        progress.setPrefSize(WIDTH - 20, 4);
        progress.setVisible(false);
        getChildren().addAll(badge, progress);
        Tooltip.install(this, tip);
        tip.setText(about());
    }

    double height() {
        return height;
    }

    WireRouter.Box box() {
        return new WireRouter.Box(getLayoutX(), getLayoutY(), WIDTH, height);
    }

    /** The title's font size (the stylesheet's), in canvas pixels. */
    double titleSize() {
        return title.getFont().getSize();
    }

    void setSelected(boolean selected) {
        pseudoClassStateChanged(SELECTED, selected);
    }

    private Circle port(PortSpec spec, double x, double y, boolean output) {
        var circle = new Circle(x, y, 6);
        circle.getStyleClass().addAll("port", "port-" + spec.type().id());
        circle.setId((output ? "out-" : "in-") + id + "-" + spec.name());
        Tooltip.install(circle, new io.pipewright.ui.common.WrappedTooltip((output ? "output " : "input ") + spec.name() + " (" + spec.type().id()
                + (spec.optional() ? ", optional" : "") + ")" + (spec.description() == null ? "" : ": " + spec.description())));
        return circle;
    }

    /** Where a port is, in canvas coordinates. */
    Point2D portPoint(String port, boolean output) {
        Circle circle = output ? outputs.get(port) : inputs.get(port);
        return new Point2D(getLayoutX() + circle.getCenterX(), getLayoutY() + circle.getCenterY());
    }

    private String about() {
        return type == null ? "unknown node type " + typeName : type.description();
    }

    /** Shows a node's run state: the badge's text and colour, the progress bar, the last message in the tooltip. */
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
        tip.setText(state.message() == null ? about() : state.badge().text() + ": " + state.message() + "\n\n" + about());
    }
}
