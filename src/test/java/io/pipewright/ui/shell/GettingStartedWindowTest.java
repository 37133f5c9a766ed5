package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The first hour in the real main window, under Monocle: a sample pipeline opened from Home and run, and Help → Getting started. */
class GettingStartedWindowTest extends AppWindowTest {
    @Override
    long waitSeconds() {
        return 60;
    }

    private void launch() throws Exception {
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
    }

    @Test
    void aSamplePipelineOpensFromHomeInThePipelinesWorkspaceAndRunsWhereItLands() throws Exception {
        launch();
        assertThat(robot.lookup("Sample pipelines").tryQuery()).isPresent();
        assertThat(robot.lookup("Credit risk, tuned").tryQuery()).isPresent();

        robot.clickOn("#open-sample-pipeline-credit-risk");
        waitUntil(() -> robot.lookup("#pipeline-title").tryQuery().map(Node::isVisible).orElse(false)
                && text("#pipeline-title").equals("credit-risk.yaml") && robot.lookup("#node-register").tryQuery().isPresent());
        assertThat(robot.lookup("#workspace-pipelines").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).isTrue();
        for (String node : new String[] {"read", "split", "train", "eval", "register"}) {
            assertThat(robot.lookup("#node-" + node).tryQuery()).as(node + " on the canvas").isPresent();
        }
        assertThat(home.resolve("samples/pipelines/credit-risk.yaml")).isRegularFile();
        assertThat(home.resolve("samples/credit/credit.csv")).as("the data it reads, where its relative path leads").isRegularFile();

        // a quicker sample, run from its copy: every node finishes
        robot.clickOn("#workspace-home");
        robot.clickOn("#open-sample-pipeline-housing-prices");
        waitUntil(() -> text("#pipeline-title").equals("housing-prices.yaml") && robot.lookup("#node-eval_ridge").tryQuery().isPresent());
        assertThat(text("#badge-read")).isEqualTo("ready");
        robot.clickOn("#pipeline-run");
        List<String> nodes = List.of("read", "split", "boosting", "ridge", "eval_boosting", "eval_ridge");
        waitUntil(() -> text("#pipeline-message").matches("Run \\S+ finished in [0-9.]+ s.*"));
        assertThat(nodes).allSatisfy(node -> assertThat(text("#badge-" + node)).as(node).startsWith("done"));
    }

    @Test
    void helpGettingStartedShowsTheMainFlowsAndEveryShortcut() throws Exception {
        launch();
        robot.clickOn("Help").clickOn("Getting started");
        waitUntil(() -> robot.lookup("#getting-started").tryQuery().isPresent());

        for (String flow : new String[] {"Profile a dataset", "Build and run a pipeline", "Watch training", "Compare runs",
                "Register and deploy a model", "Check data quality"}) {
            assertThat(robot.lookup("#getting-started").lookup(flow).tryQuery()).as(flow).isPresent();
        }
        List<KeyboardShortcuts.Shortcut> shown = shownShortcuts();
        assertThat(shown).contains(new KeyboardShortcuts.Shortcut("Help → Getting started", "F1"),
                new KeyboardShortcuts.Shortcut("File → Open Dataset…", "Ctrl+O"),
                new KeyboardShortcuts.Shortcut("File → Open Pipeline…", "Ctrl+Shift+O"),
                new KeyboardShortcuts.Shortcut("View → Quality", "Ctrl+8"),
                new KeyboardShortcuts.Shortcut("Pipelines: run / run to the selected node", "F5 / Shift+F5"));
        assertThat(shown).as("every accelerator of the menu, read from the menu").containsAll(
                KeyboardShortcuts.of(robot.lookup("#menu-bar").queryAs(MenuBar.class)));
        assertThat(shown).extracting(KeyboardShortcuts.Shortcut::action).doesNotContain("Help → About Pipewright");

        // the README's table lists the same rows
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("### Keyboard shortcuts"), readme.indexOf("## Command line"));
        for (var shortcut : shown) {
            assertThat(table).as("README row for " + shortcut.action()).contains("| " + shortcut.action() + " | " + shortcut.keys() + " |");
        }

        // readable at 1280×800: the guide fits on the screen and scrolls inside
        Window guide = robot.lookup("#getting-started").query().getScene().getWindow();
        assertThat(guide.getWidth()).isLessThanOrEqualTo(1280);
        assertThat(guide.getHeight()).isLessThanOrEqualTo(800);

        robot.clickOn("Close");
        waitUntil(() -> robot.lookup("#getting-started").tryQuery().isEmpty());
        robot.push(KeyCode.F1);
        waitUntil(() -> robot.lookup("#getting-started").tryQuery().isPresent());
        robot.clickOn("Close");
    }

    /** The rows of the guide's shortcut table: action, keys. */
    private List<KeyboardShortcuts.Shortcut> shownShortcuts() {
        GridPane grid = robot.lookup("#guide-shortcuts").queryAs(GridPane.class);
        var rows = new ArrayList<KeyboardShortcuts.Shortcut>();
        var cells = grid.getChildren();
        for (int i = 0; i + 1 < cells.size(); i += 2) {
            rows.add(new KeyboardShortcuts.Shortcut(((Label) cells.get(i)).getText(), ((Label) cells.get(i + 1)).getText()));
        }
        return rows;
    }
}
