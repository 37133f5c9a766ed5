package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.export.cluster.ClusterPlan;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** Export for cluster in the real window: the credit sample's DAG with its tune fan-out and select task, a task's command line, the export. */
class ClusterExportWindowTest extends AppWindowTest {
    @TempDir
    Path out;

    @Override
    long waitSeconds() {
        return 40;
    }

    @Test
    void theSamplesWorkflowIsDrawnExplainedAndExportedLikeAPersonWould() throws Exception {
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        robot.clickOn("#open-sample-pipeline-credit-risk");
        waitUntil(() -> robot.lookup("#pipeline-title").tryQuery().map(Node::isVisible).orElse(false)
                && text("#pipeline-title").equals("credit-risk.yaml") && robot.lookup("#node-register").tryQuery().isPresent());
        waitUntilNothingCut(robot.lookup("#pipeline-export-for-cluster").query().getParent());

        robot.clickOn("#pipeline-export-for-cluster");
        TableView<ClusterPlan.Task> tasks = robot.lookup("#cluster-tasks").queryTableView();
        waitUntil(() -> tasks.getItems().size() == 16);
        assertThat(text("#cluster-title")).isEqualTo("Export credit-risk for a cluster: 16 tasks");
        // the tune node fans out as a stack of trials, then its select task; the other nodes are one task each
        Node stack = robot.lookup("#cluster-box-train-trials").query();
        assertThat(robot.from(stack).lookup(".cluster-task-detail").queryAs(Label.class).getText()).isEqualTo("20 trials, 11 batches\n10, then 1 at a time");
        for (String task : new String[] {"read", "split", "train", "eval", "register"}) {
            assertThat(robot.lookup("#cluster-box-" + task).tryQuery()).as(task + " in the graph").isPresent();
        }
        Node select = robot.lookup("#cluster-box-train").query();
        assertThat(select.getBoundsInParent().getMinX()).isGreaterThan(stack.getBoundsInParent().getMaxX());
        assertThat(robot.from(select).lookup(".cluster-task-detail").queryAs(Label.class).getText()).isEqualTo("best trial, refit");
        waitUntil(() -> robot.lookup("#cluster-validation .cluster-check").queryAll().size() == 4);
        waitUntil(() -> text("#cluster-message").endsWith("ready to export"));
        waitUntilNothingCut(robot.lookup("#cluster-graph").query());

        // a task chosen in the graph shows its command line and image
        robot.clickOn(select);
        TextArea command = robot.lookup("#cluster-command").queryAs(TextArea.class);
        waitUntil(() -> command.getText().contains("--select"));
        assertThat(command.getText()).isEqualTo("pipewright run /pipeline/credit-risk.yaml --node train --select --parallelism 1 "
                + "--workspace /workspace/{{workflow.name}} --run-id {{workflow.name}} --seed 42");
        assertThat(tasks.getSelectionModel().getSelectedItem().name()).isEqualTo("train");
        assertThat(text("#cluster-task-heading")).isEqualTo("Task train picks node train's best trial and refits it");
        assertThat(text("#cluster-image")).startsWith("Image ghcr.io/pipewright/pipewright:");

        // a field that cannot be used is named at once, and blocks the export until fixed
        var export = robot.lookup("#cluster-export-button").queryButton();
        robot.doubleClickOn("#cluster-field-namespace").push(KeyCode.CONTROL, KeyCode.A).write("Team_A");
        waitUntil(() -> text("#cluster-problems").startsWith("namespace: must be a Kubernetes namespace name"));
        waitUntil(export::isDisabled);
        robot.push(KeyCode.CONTROL, KeyCode.A).write("team-a");
        waitUntil(() -> !export.isDisabled());

        // exported into a folder: the files written are listed
        robot.doubleClickOn("#cluster-folder").push(KeyCode.CONTROL, KeyCode.A).write(out.toString());
        robot.clickOn(export);
        ListView<?> written = robot.lookup("#cluster-written").queryListView();
        waitUntil(() -> written.getItems().size() == 4);
        assertThat(out.resolve("workflow-template.yaml")).content().contains("namespace: team-a", "withSequence");
        assertThat(out.resolve("workflow.yaml")).exists();
        assertThat(text("#cluster-message")).startsWith("Wrote 4 files into " + out);
    }
}
