package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ui.chart.ChartCanvas;
import io.pipewright.ui.chart.HeatmapChart;
import io.pipewright.ui.chart.LineChart;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A sample pipeline run in the real main window, under Monocle: what it gave is there to see, in the
 * editor (every kind of output a node has) and in Training (the run's result), the status bar tells
 * of the run, wires go around the nodes, and fit to view keeps node text readable.
 */
class PipelineResultsWindowTest extends AppWindowTest {
    @Override
    long waitSeconds() {
        return 240;
    }

    @TempDir
    java.nio.file.Path project;

    /** The credit-risk sample pipeline and its data, as the sample folder lays them out; 4 tuning trials instead of 20, to keep the test short. */
    private java.nio.file.Path sample() throws Exception {
        java.nio.file.Path samples = java.nio.file.Path.of("sample-data");
        Files.createDirectories(project.resolve("credit"));
        Files.createDirectories(project.resolve("pipelines"));
        Files.copy(samples.resolve("credit/credit.csv"), project.resolve("credit/credit.csv"));
        String text = Files.readString(samples.resolve("pipelines/credit-risk.yaml"));
        assertThat(text).contains("trials: 20");
        return Files.writeString(project.resolve("pipelines/credit-risk.yaml"), text.replace("trials: 20", "trials: 4"));
    }

    private String texts(String query) {
        javafx.scene.Parent parent = robot.lookup(query).query();
        return parent.getChildrenUnmodifiable().stream().filter(Label.class::isInstance).map(node -> ((Label) node).getText())
                .collect(Collectors.joining("\n"));
    }

    /** Double-clicks a port until what it shows is there (on a busy machine two clicks may come too far apart to be a double-click). */
    private void doubleClickUntil(String port, String shown) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            robot.doubleClickOn(port);
            try {
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup(shown).tryQuery().isPresent()).get());
                return;
            } catch (TimeoutException e) {
                // clicked again below
            }
        }
        waitUntil(() -> robot.lookup(shown).tryQuery().isPresent());
    }

    @SuppressWarnings("unchecked")
    private TableView<Object> table(String query) {
        return robot.lookup(query).queryAs(TableView.class);
    }

    @Test
    void aSampleRunShowsItsResultInTrainingAndEveryKindOfOutputInTheEditor() throws Exception {
        java.nio.file.Path pipeline = sample();
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home, project.resolve("credit/credit.csv").toString(), pipeline.toString());
        waitUntil(() -> text("#status-message").startsWith("Profiled credit.csv"));
        waitUntil(() -> text("#store-status").startsWith("Schema version")); // the store is open: the run is recorded and registers its model
        waitUntil(() -> robot.lookup("#pipeline-title").tryQuery().isPresent() && text("#pipeline-title").equals("credit-risk.yaml"));

        // the run: the status bar follows it, Training shows what it gave when it ends
        robot.clickOn("#workspace-pipelines");
        robot.clickOn("#pipeline-run");
        waitUntil(() -> robot.lookup("#training-view").query().isVisible());
        assertThat(text("#status-message")).as("the profile's message gives way to the run").doesNotStartWith("Profiled");
        waitUntil(() -> !texts("#training-result").isEmpty());
        String result = texts("#training-result");
        assertThat(result).contains("Test metrics · eval (200 rows)").containsPattern("roc_auc 0\\.\\d+");
        assertThat(result).contains("Best trial · train").containsPattern("trial \\d of 4");
        assertThat(result).as(text("#training-status")).contains("Registered").contains("credit-risk:1 (@challenger)");
        assertThat(text("#training-status")).startsWith("finished in ");
        assertThat(text("#status-message")).matches("Run \\S+ finished in [0-9.]+ s");

        // the editor: the run's outputs listed, and each kind shown in its own form
        robot.clickOn("#workspace-pipelines");
        assertThat(text("#output-run")).startsWith("Run finished in ");
        var shown = robot.from(robot.lookup("#pipeline-message").<Node>query()).lookup(".text").queryAs(javafx.scene.text.Text.class).getText();
        assertThat(shown).as("the toolbar's message at 1280 × 800, not cut to \"Run 202…\"").isEqualTo(text("#pipeline-message")).doesNotEndWith("…");
        robot.clickOn("#pipeline-arrange").clickOn("Fit to view (Ctrl+0)");
        doubleClickUntil("#out-eval-metrics", "#output-metrics");
        assertThat(table("#output-metrics").getItems()).contains((Object) "roc_auc", "accuracy", "log_loss");
        assertThat(table("#output-metrics").getColumns()).extracting(column -> column.getText()).containsExactly("Metric", "Model", "majority", "stratified");
        assertThat(robot.lookup("#output-confusion").queryAs(ChartCanvas.class).getChart()).isInstanceOf(HeatmapChart.class);
        var roc = (LineChart) robot.lookup("#output-roc").queryAs(ChartCanvas.class).getChart();
        assertThat(roc.series().get(0).name()).as("the positive class, its AUC in the legend").startsWith("true (AUC 0.");
        assertThat(robot.lookup("#output-pr").queryAs(ChartCanvas.class).getChart()).isNotNull();

        doubleClickUntil("#out-train-model", "#output-model");
        assertThat(texts("#output-model")).contains("xgboost").contains("default");
        waitUntil(() -> robot.lookup("#output-importances").tryQuery().map(node -> !((TableView<?>) node).getItems().isEmpty()).orElse(false));
        assertThat(table("#output-importances").getItems()).hasSizeGreaterThan(3);

        doubleClickUntil("#out-train-trials", "#output-trials");
        assertThat(table("#output-trials").getItems()).hasSize(4);
        assertThat(table("#output-trials").getColumns()).extracting(column -> column.getText()).contains("Trial", "State", "roc_auc", "max_depth", "eta");

        doubleClickUntil("#out-split-test", "#preview-summary");
        assertThat(text("#preview-summary")).isEqualTo("split.test: 200 rows × 10 columns");

        // the wire from split.test to eval.table goes around train, not behind it
        Node train = robot.lookup("#node-train").query();
        Path wire = (Path) robot.lookup(node -> "edge-split.test-eval.table".equals(node.getId())).query();
        var trainBox = new Rectangle(train.getBoundsInParent().getMinX(), train.getBoundsInParent().getMinY(), train.getBoundsInParent().getWidth(),
                train.getBoundsInParent().getHeight());
        assertThat(Shape.intersect(wire, trainBox).getBoundsInLocal().isEmpty()).as("the wire's path meets the train node nowhere").isTrue();
        assertThat(wire.getFill()).as("a line, not an area that takes clicks meant for the canvas").isNull();
    }

    @Test
    void fitToViewKeepsNodeTextReadableAndLeavesTheRestAScrollAway() throws Exception {
        var yaml = new StringBuilder("apiVersion: pipewright/v1\nkind: Pipeline\nname: long\nnodes:\n  - {id: read, type: read, params: {path: data.csv}}\n");
        String previous = "read";
        for (int i = 1; i <= 9; i++) {
            yaml.append("  - {id: step").append(i).append(", type: impute, inputs: {table: ").append(previous).append(".table}}\n");
            previous = "step" + i;
        }
        java.nio.file.Path file = Files.writeString(project.resolve("long.yaml"), yaml);
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home, file.toString());
        waitUntil(() -> robot.lookup("#pipeline-title").tryQuery().isPresent() && text("#pipeline-title").equals("long.yaml"));
        robot.clickOn("#pipeline-arrange").clickOn("Fit to view (Ctrl+0)");

        // ten nodes in a row would fit at a third of full size, with titles about 4 pixels high
        Label title = robot.lookup("#node-read .node-title").queryAs(Label.class);
        double pixels = title.getFont().getSize() * title.getLocalToSceneTransform().getMxx();
        assertThat(pixels).as("the title's height on screen").isGreaterThanOrEqualTo(10 - 1e-9);
        Node canvas = robot.lookup("#pipeline-canvas").query();
        var shown = canvas.localToScene(canvas.getBoundsInLocal());
        Node read = robot.lookup("#node-read").query();
        assertThat(shown.contains(read.localToScene(read.getBoundsInLocal()))).as("the first node in view").isTrue();
        assertThat(robot.lookup("#minimap").query().isVisible()).as("the minimap: the rest is a scroll away").isTrue();

        // the palette's longest description wraps instead of running wider than the screen
        Node tune = robot.lookup("#palette-tune").query();
        var tip = (javafx.scene.control.Tooltip) tune.getProperties().get("javafx.scene.control.Tooltip");
        robot.interact(() -> tip.show(tune, 0, 0));
        waitUntil(() -> tip.isShowing() && tip.getWidth() > 0);
        assertThat(tip.getWidth()).as("wrapped at about 480 pixels").isLessThanOrEqualTo(io.pipewright.ui.common.WrappedTooltip.WIDTH + 40);
        assertThat(tip.getHeight()).as("on several lines").isGreaterThan(100);
        robot.interact(tip::hide);
    }
}
