package io.pipewright.ui.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Polygon;

/**
 * Draws a {@link ClusterGraph}: a box per task where its node is on the canvas, a tune node's trials as a
 * stack of sheets with how many run and how many at once, its select task beside them, and an arrow per
 * dependency; themed by the style sheet's {@code -color-*}. Shrinks (down to 70 %) to fit its width, then
 * scrolls. A click on a box chooses its task.
 */
final class TaskGraph extends ScrollPane {
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final double SHEET = 5;
    private final Pane content = new Pane();
    private final Group scaled = new Group(content);
    private final Map<String, Region> boxes = new HashMap<>();
    private final Consumer<String> choose;
    private ClusterGraph graph;

    TaskGraph(Consumer<String> choose) {
        this.choose = choose;
        setId("cluster-graph");
        getStyleClass().add("cluster-graph");
        content.getStyleClass().add("cluster-graph-content");
        setContent(scaled);
        setPannable(true);
        viewportBoundsProperty().addListener((o, old, bounds) -> fit());
    }

    void show(ClusterGraph shown, String selectedTask) {
        graph = shown;
        content.getChildren().clear();
        boxes.clear();
        if (shown == null) {
            return;
        }
        content.setPrefSize(shown.width(), shown.height());
        content.setMinSize(shown.width(), shown.height());
        for (ClusterGraph.Edge edge : shown.edges()) {
            arrow(shown.box(edge.from()), shown.box(edge.to()));
        }
        for (ClusterGraph.Box box : shown.boxes()) {
            if (box.shape() == ClusterGraph.Shape.TRIALS) {
                // the sheets behind a stack: more than one trial task runs from it
                for (int sheet = 2; sheet >= 1; sheet--) {
                    var behind = new Region();
                    behind.getStyleClass().add("cluster-sheet");
                    behind.resizeRelocate(box.x() + sheet * SHEET, box.y() - sheet * SHEET, ClusterGraph.BOX_WIDTH, ClusterGraph.BOX_HEIGHT);
                    behind.setPrefSize(ClusterGraph.BOX_WIDTH, ClusterGraph.BOX_HEIGHT);
                    behind.setMouseTransparent(true);
                    content.getChildren().add(behind);
                }
            }
            content.getChildren().add(box(box));
        }
        select(selectedTask);
        fit();
    }

    /** Marks the box of {@code task} (a trial task marks its stack). */
    void select(String task) {
        boxes.values().forEach(region -> region.pseudoClassStateChanged(SELECTED, false));
        if (graph == null || task == null) {
            return;
        }
        graph.boxes().stream().filter(box -> box.task().equals(task) || box.shape() == ClusterGraph.Shape.TRIALS && task.startsWith(box.id()))
                .findFirst().map(box -> boxes.get(box.id())).ifPresent(region -> region.pseudoClassStateChanged(SELECTED, true));
    }

    private Region box(ClusterGraph.Box box) {
        var title = new Label(box.title());
        title.getStyleClass().add("cluster-task-title");
        var detail = new Label(box.detail());
        detail.getStyleClass().add("cluster-task-detail");
        var column = new VBox(2, title, detail);
        if (box.gpu()) {
            var gpu = new Label("GPU");
            gpu.getStyleClass().add("cluster-task-gpu");
            column.getChildren().add(gpu);
        }
        column.setAlignment(Pos.CENTER_LEFT);
        column.getStyleClass().addAll("cluster-task", "cluster-task-" + box.shape().name().toLowerCase(java.util.Locale.ROOT));
        column.setId("cluster-box-" + box.id());
        column.resizeRelocate(box.x(), box.y(), ClusterGraph.BOX_WIDTH, ClusterGraph.BOX_HEIGHT);
        column.setPrefSize(ClusterGraph.BOX_WIDTH, ClusterGraph.BOX_HEIGHT);
        column.setOnMouseClicked(event -> choose.accept(box.task()));
        Tooltip.install(column, new Tooltip(box.title() + ": " + box.detail().replace('\n', ' ')));
        boxes.put(box.id(), column);
        return column;
    }

    private void arrow(ClusterGraph.Box from, ClusterGraph.Box to) {
        if (from == null || to == null) {
            return;
        }
        double sx = from.x() + ClusterGraph.BOX_WIDTH + (from.shape() == ClusterGraph.Shape.TRIALS ? 2 * SHEET : 0);
        double sy = from.y() + ClusterGraph.BOX_HEIGHT / 2;
        double tx = to.x() - 2;
        double ty = to.y() + ClusterGraph.BOX_HEIGHT / 2;
        double bend = Math.max(24, Math.abs(tx - sx) / 2);
        var curve = new CubicCurve(sx, sy, sx + bend, sy, tx - bend, ty, tx - 7, ty);
        curve.getStyleClass().add("cluster-edge");
        var head = new Polygon(tx, ty, tx - 8, ty - 4.5, tx - 8, ty + 4.5);
        head.getStyleClass().add("cluster-edge-head");
        content.getChildren().addAll(curve, head);
    }

    /** Shrinks the drawing to the width it has, not below 70 %: past that it scrolls. */
    private void fit() {
        if (graph == null || getViewportBounds() == null || graph.width() <= 0) {
            return;
        }
        double scale = Math.max(0.7, Math.min(1, getViewportBounds().getWidth() / graph.width()));
        content.setScaleX(scale);
        content.setScaleY(scale);
    }
}
