package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.ui.pipeline.PipelineEditorViewModelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** The Pipelines workspace in the real main window, under Monocle: a pipeline built, refused, undone, saved and run as a person would. */
class PipelinesWindowTest extends AppWindowTest {
    @Override
    long waitSeconds() {
        return 30;
    }

    @TempDir
    Path project;

    private Point2D centre(String query) {
        Node node = robot.lookup(query).query();
        var bounds = node.localToScreen(node.getBoundsInLocal());
        return new Point2D(bounds.getCenterX(), bounds.getCenterY());
    }

    /** Drops a file on the canvas as a file manager would. */
    private void dropFile(Path file) {
        Node target = robot.lookup("#pipeline-canvas").query();
        robot.interact(() -> {
            var dragboard = FileDragboard.of(java.util.List.of(file.toFile()));
            var bounds = target.localToScene(target.getBoundsInLocal());
            var window = target.getScene().getWindow();
            for (var type : new javafx.event.EventType[] {javafx.scene.input.DragEvent.DRAG_OVER, javafx.scene.input.DragEvent.DRAG_DROPPED}) {
                @SuppressWarnings("unchecked")
                var event = new javafx.scene.input.DragEvent((javafx.event.EventType<javafx.scene.input.DragEvent>) type, dragboard, bounds.getCenterX(),
                        bounds.getCenterY(), window.getX() + bounds.getCenterX(), window.getY() + bounds.getCenterY(),
                        javafx.scene.input.TransferMode.COPY, null, null, null);
                javafx.event.Event.fireEvent(target, event);
            }
        });
    }

    /** Whether the canvas draws a connection (ids with dots are not CSS selectors). */
    private boolean edge(String id) {
        return robot.lookup(node -> id.equals(node.getId())).tryQuery().isPresent();
    }

    /** Finds a node type with the palette's search box and double-clicks it. */
    private void addFromPalette(String type) {
        robot.doubleClickOn("#palette-search").push(KeyCode.CONTROL, KeyCode.A).write(type);
        robot.doubleClickOn("#palette-" + type);
    }

    @Test
    void aPipelineIsBuiltRefusedUndoneSavedAndRunLikeAPersonWould() throws Exception {
        PipelineEditorViewModelTest.dataset(project);
        Path file = Files.writeString(project.resolve("demo.yaml"), "apiVersion: pipewright/v1\nkind: Pipeline\nname: demo\nnodes: []\n");
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home, file.toString());
        waitUntil(() -> robot.lookup("#pipeline-title").tryQuery().isPresent() && text("#pipeline-title").equals("demo.yaml"));
        assertThat(text("#status-message")).as("a pipeline named on the command line opens without complaint").doesNotContain("can open");

        // a read node dragged from the palette onto the canvas
        robot.drag("#palette-read", MouseButton.PRIMARY).dropTo("#pipeline-canvas");
        waitUntil(() -> robot.lookup("#node-read").tryQuery().isPresent());
        assertThat(text("#badge-read")).isEqualTo("not configured");
        robot.clickOn("#node-read");
        robot.clickOn("#param-path").write("data.csv").type(KeyCode.ENTER);
        waitUntil(() -> text("#badge-read").equals("ready"));

        // split, train and evaluate added after the selected node with a double-click each
        addFromPalette("split");
        waitUntil(() -> robot.lookup("#node-split").tryQuery().isPresent());
        addFromPalette("train");
        waitUntil(() -> robot.lookup("#node-train").tryQuery().isPresent());
        robot.clickOn("#param-target").write("label").type(KeyCode.ENTER);
        addFromPalette("evaluate");
        waitUntil(() -> robot.lookup("#node-evaluate").tryQuery().isPresent());

        // a wire from split.test to evaluate.table
        robot.drag(centre("#out-split-test"), MouseButton.PRIMARY).moveTo(centre("#in-evaluate-table")).release(MouseButton.PRIMARY);
        waitUntil(() -> edge("edge-split.test-evaluate.table"));

        // a select node, and a model wire held over its table input: refused, with the reason
        addFromPalette("select");
        waitUntil(() -> robot.lookup("#node-select").tryQuery().isPresent());
        robot.clickOn("#pipeline-arrange").clickOn("Fit to view (Ctrl+0)");
        robot.drag(centre("#out-train-model"), MouseButton.PRIMARY).moveTo(centre("#in-select-table"));
        waitUntil(() -> robot.lookup("#connect-reason").queryAs(Label.class).isVisible());
        assertThat(text("#connect-reason")).isEqualTo("type mismatch: model output into a table input");
        robot.release(MouseButton.PRIMARY);
        assertThat(edge("edge-train.model-select.table")).isFalse();

        // undo the select node, redo it, undo it again
        robot.clickOn("#node-evaluate");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitUntil(() -> robot.lookup("#node-select").tryQuery().isEmpty());
        robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
        waitUntil(() -> robot.lookup("#node-select").tryQuery().isPresent());
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitUntil(() -> robot.lookup("#node-select").tryQuery().isEmpty());
        assertThat(text("#pipeline-title")).isEqualTo("demo.yaml •");

        // saved: the file is the pipeline on the canvas
        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        waitUntil(() -> text("#pipeline-title").equals("demo.yaml"));
        PipelineDocument saved = PipelineFiles.read(file);
        assertThat(saved.nodes()).extracting(PipelineDocument.Node::id).containsExactly("read", "split", "train", "evaluate");
        assertThat(saved.node("evaluate").orElseThrow().inputs()).containsEntry("model", "train.model").containsEntry("table", "split.test");
        assertThat(saved.node("train").orElseThrow().params()).containsEntry("target", "label");
        assertThat(saved.node("read").orElseThrow().layout()).containsKeys("x", "y");

        // reopened (New, then the file dropped on the window): the same nodes at the same places
        robot.clickOn("#pipeline-new");
        waitUntil(() -> text("#pipeline-title").equals("untitled") && robot.lookup("#node-read").tryQuery().isEmpty());
        dropFile(file);
        waitUntil(() -> text("#pipeline-title").equals("demo.yaml") && robot.lookup("#node-evaluate").tryQuery().isPresent());
        Node evaluate = robot.lookup("#node-evaluate").query();
        var place = io.pipewright.pipeline.edit.PipelineDraft.position(saved.node("evaluate").orElseThrow());
        assertThat(evaluate.getLayoutX()).isEqualTo(place.x());
        assertThat(evaluate.getLayoutY()).isEqualTo(place.y());
        assertThat(edge("edge-split.test-evaluate.table")).isTrue();

        // run: every node turns done; a table port shows its rows
        robot.type(KeyCode.F5);
        waitUntil(() -> text("#pipeline-message").matches("Run \\S+ finished in [0-9.]+ s"));
        for (String node : new String[] {"read", "split", "train", "evaluate"}) {
            assertThat(text("#badge-" + node)).as(node).startsWith("done");
        }
        robot.clickOn("#workspace-pipelines");
        robot.doubleClickOn("#out-split-train");
        waitUntil(() -> robot.lookup("#preview-summary").tryQuery().isPresent());
        assertThat(text("#preview-summary")).isEqualTo("split.train: 240 rows × 3 columns (the first 200 shown)");
    }

    @Test
    void theTrainingMonitorShowsCurvesAndSystemChartsWhileARunGoesOnAndStopEndsIt() throws Exception {
        PipelineEditorViewModelTest.dataset(project);
        // an xgboost model of very many rounds: long enough to watch, and to stop
        Path file = Files.writeString(project.resolve("long.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: long
                nodes:
                  - {id: read, type: read, params: {path: data.csv}}
                  - {id: split, type: split, inputs: {table: read.table}, params: {valid: 0.2}}
                  - id: train
                    type: train
                    inputs: {train: split.train, valid: split.valid}
                    params: {target: label, algorithm: xgboost, hyperparameters: {num_round: 100000, eta: 0.0005}}
                """);
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home, file.toString());
        waitUntil(() -> robot.lookup("#pipeline-title").tryQuery().isPresent() && text("#pipeline-title").equals("long.yaml"));
        robot.clickOn("#pipeline-run");
        waitUntil(() -> robot.lookup("#training-view").query().isVisible());
        assertThat(text("#training-title")).isEqualTo("long");
        waitUntil(() -> chart("#chart-learning") != null && chart("#chart-cpu") != null && chart("#chart-memory") != null);
        var curves = (io.pipewright.ui.chart.LineChart) chart("#chart-learning");
        assertThat(curves.series()).extracting(io.pipewright.ui.chart.LineChart.Series::name).anyMatch(name -> name.startsWith("train · "));
        assertThat(text("#training-status")).startsWith("running");
        assertThat(text("#training-no-gpu")).isNotEmpty();

        robot.clickOn("#training-stop");
        waitUntil(() -> text("#training-status").equals("stopped"));
        assertThat(robot.lookup("#training-stop").queryButton().isDisabled()).isTrue();
        // the store stays consistent: the run is recorded as killed
        robot.clickOn("#workspace-experiments");
        for (int attempt = 0; attempt < 40 && robot.lookup("killed").tryQuery().isEmpty(); attempt++) {
            Thread.sleep(500);
            robot.clickOn("#reload-button");
        }
        assertThat(robot.lookup("killed").tryQuery()).as("the stopped run, in the runs table").isPresent();
    }

    @Test
    void aTransformThatWouldEncodeTheTargetIsInProblemsAndThePipelinesTargetIsInItsSettings() throws Exception {
        io.pipewright.pipeline.CreditG.writeData(project);
        Path file = io.pipewright.pipeline.CreditG.pipeline("credit-g-encodes-target.yaml", project);
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home, file.toString());
        waitUntil(() -> robot.lookup("#pipeline-title").tryQuery().isPresent() && text("#pipeline-title").equals("credit-g-encodes-target.yaml"));
        String message = "node 'encode', params.columns: would turn target column 'class' of node 'split' into class=good, class=bad: "
                + "take 'class' out of encode's columns, or give node 'split' another target";
        waitUntil(() -> problemShown(message));
        assertThat(text("#badge-encode")).isEqualTo("not configured");
        // nothing selected: the form shows the pipeline's own settings, its target among them
        waitUntil(() -> "class".equals(robot.lookup("#pipeline-target").queryComboBox().getValue()));

        // the problem clicked selects the node; its columns, fixed, clear the problem
        robot.clickOn(robot.lookup("#problems-list .list-cell").match(node -> message.equals(((javafx.scene.control.Labeled) node).getText()))
                .queryAs(Node.class));
        waitUntil(() -> robot.lookup("#param-columns").tryQuery().isPresent());
        // the form scrolled down to the field, as its scroll bar would
        var form = robot.lookup("#param-form").queryAs(javafx.scene.control.ScrollPane.class);
        for (int step = 1; step <= 10 && !inView("#param-columns", "#param-form"); step++) {
            double share = step / 10.0;
            robot.interact(() -> form.setVvalue(share));
        }
        // the columns are a checkable list: class found with its filter and unchecked
        robot.clickOn("#param-columns-filter").write("class");
        waitUntil(() -> robot.lookup("#param-columns-list").queryListView().getItems().size() == 1);
        robot.clickOn(robot.from(robot.lookup("#param-columns-list").queryAll()).lookup(".check-box").queryAs(javafx.scene.control.CheckBox.class));
        waitUntil(() -> text("#param-columns-summary").equals("2 of 13 checked, in this order: checking_status, purpose"));
        waitUntil(() -> !problemShown(message) && robot.lookup("#problems-list").queryListView().getItems().isEmpty());
        assertThat(text("#badge-encode")).isEqualTo("ready");
        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        waitUntil(() -> text("#pipeline-title").equals("credit-g-encodes-target.yaml"));
        assertThat(PipelineFiles.read(file).target()).as("saving keeps the pipeline's target").isEqualTo("class");
    }

    @Test
    void anEmptyCanvasSaysHowToBeginUntilItHasANodeAndAgainWhenTheLastIsDeleted() throws Exception {
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        robot.clickOn("#workspace-pipelines");
        Node hint = robot.lookup("#canvas-hint").query();
        waitUntil(hint::isVisible);
        assertThat(text("#canvas-hint-text")).isEqualTo("Drag a node from the palette onto the canvas, or double-click it there.\n"
                + "Or open a sample pipeline from Home, or with File → Open Pipeline… (Ctrl+Shift+O).");
        // centred on the canvas, and read whole at 1280 × 800
        var canvas = robot.lookup("#pipeline-canvas").query();
        var around = canvas.localToScreen(canvas.getBoundsInLocal());
        var box = hint.localToScreen(hint.getBoundsInLocal());
        assertThat(box.getCenterX()).isCloseTo(around.getCenterX(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(box.getCenterY()).isCloseTo(around.getCenterY(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(around.contains(box)).as("inside the canvas").isTrue();
        waitUntilNothingCut(hint);

        // the first node takes it away; it lets clicks and drops through to the canvas meanwhile
        assertThat(hint.isMouseTransparent()).isTrue();
        addFromPalette("read");
        waitUntil(() -> robot.lookup("#node-read").tryQuery().isPresent());
        assertThat(hint.isVisible()).isFalse();

        // the last node deleted brings it back; undo takes it away again
        robot.clickOn("#node-read");
        robot.type(KeyCode.DELETE);
        waitUntil(() -> robot.lookup("#node-read").tryQuery().isEmpty());
        assertThat(hint.isVisible()).isTrue();
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitUntil(() -> robot.lookup("#node-read").tryQuery().isPresent());
        assertThat(hint.isVisible()).isFalse();
    }

    /** Whether a node lies wholly inside a scroll pane's view (scrolled to). */
    private boolean inView(String query, String pane) {
        Node node = robot.lookup(query).query();
        Node view = robot.lookup(pane).query();
        return view.localToScreen(view.getBoundsInLocal()).contains(node.localToScreen(node.getBoundsInLocal()));
    }

    /** Whether a cell of the Problems list shows this text. */
    private boolean problemShown(String message) {
        return robot.lookup("#problems-list .list-cell").queryAll().stream()
                .anyMatch(cell -> message.equals(((javafx.scene.control.Labeled) cell).getText()));
    }

    private io.pipewright.ui.chart.Chart chart(String query) {
        return robot.lookup(query).queryAs(io.pipewright.ui.chart.ChartCanvas.class).getChart();
    }
}
