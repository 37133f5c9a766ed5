package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real main window under Monocle and uses it as a person would. */
class MainWindowTest extends AppWindowTest {

    private Stage launch() throws Exception {
        app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        return FxToolkit.toolkitContext().getRegisteredStage();
    }

    private void restart() throws Exception {
        closeAppAndWaitForTheStore();
        launch();
    }

    private Color rootBackground(Stage stage) {
        var fills = ((Region) stage.getScene().getRoot()).getBackground().getFills();
        return (Color) fills.get(0).getFill();
    }

    @Test
    void theWindowShowsHomeWithSamplesAndTheStore() throws Exception {
        Stage stage = launch();
        assertThat(stage.getTitle()).isEqualTo("Pipewright");
        assertThat(robot.lookup("#workspace-home").tryQuery()).isPresent();
        assertThat(robot.lookup("Welcome to Pipewright").tryQuery()).isPresent();
        assertThat(robot.lookup("Credit default").tryQuery()).isPresent();
        assertThat(robot.lookup("Machine health").tryQuery()).isPresent();
        assertThat(robot.lookup("Housing prices").tryQuery()).isPresent();
        assertThat(text("#store-location")).isEqualTo(home.resolve("store").toString());
        assertThat(text("#store-status")).matches("Schema version " + io.pipewright.track.Store.SCHEMA_VERSION + " · [0-9.]+ (KB|MB)");
        assertThat(robot.lookup("Nothing opened yet.\nDrop a dataset on the window, or open one of the samples.").tryQuery()).isPresent();
    }

    @Test
    void theFirstFrameHasOnlyHomeAndTheOtherWorkspacesJoinTheSceneAfterIt() throws Exception {
        // what the first pulse of the shown window lays out: the workspaces in the window's centre
        var atFirstPulse = new java.util.concurrent.CompletableFuture<List<String>>();
        // and whether it waits for the store to open
        var storeAtFirstPulse = new java.util.concurrent.CompletableFuture<String>();
        javafx.collections.ListChangeListener<javafx.stage.Window> shown = change -> {
            while (change.next()) {
                for (javafx.stage.Window window : change.getAddedSubList()) {
                    var scene = window.getScene();
                    if (scene != null && scene.getRoot() instanceof javafx.scene.layout.BorderPane root && "main-window".equals(root.getId())) {
                        scene.addPostLayoutPulseListener(() -> {
                            atFirstPulse.complete(ids(root));
                            storeAtFirstPulse.complete(((Label) scene.lookup("#store-status")).getText());
                        });
                    }
                }
            }
        };
        robot.interact(() -> javafx.stage.Window.getWindows().addListener(shown));
        try {
            Stage stage = launch();
            assertThat(atFirstPulse.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("the first frame waits for no other workspace").containsExactly("home-view");
            var root = (javafx.scene.layout.BorderPane) stage.getScene().getRoot();
            assertThat(storeAtFirstPulse.get()).as("the store opens after the first frame").doesNotStartWith("Schema version");
            waitUntil(() -> ((javafx.scene.layout.StackPane) root.getCenter()).getChildren().size() == 8);
            assertThat(stage.getIcons()).as("the window's icons, in four sizes").hasSize(4);
            assertThat(robot.lookup("#workspace-data").queryAs(javafx.scene.control.ToggleButton.class).getTooltip().getText()).isEqualTo("Data");
            assertThat(robot.lookup("#workspace-home").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).isTrue();
            assertThat(((javafx.scene.layout.StackPane) root.getCenter()).getChildren().stream().filter(Node::isVisible).count())
                    .as("only Home is visible").isEqualTo(1);
            robot.clickOn("#workspace-experiments");
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(robot.lookup("#runs-table").tryQuery()).as("a workspace built after the first frame shows when chosen").isPresent();
        } finally {
            robot.interact(() -> javafx.stage.Window.getWindows().removeListener(shown));
        }
    }

    private static List<String> ids(javafx.scene.layout.BorderPane root) {
        return ((javafx.scene.layout.StackPane) root.getCenter()).getChildren().stream().map(node -> String.valueOf(node.getId())).toList();
    }

    @Test
    void theThemeSwitchesFromTheMenuAndIsRemembered() throws Exception {
        Stage stage = launch();
        assertThat(Application.getUserAgentStylesheet()).contains("primer-light");
        assertThat(rootBackground(stage).getBrightness()).isGreaterThan(0.8);

        robot.clickOn("View").clickOn("Dark theme");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Application.getUserAgentStylesheet()).contains("primer-dark");
        assertThat(rootBackground(stage).getBrightness()).isLessThan(0.3);

        robot.interact(() -> {
            stage.setWidth(1100);
            stage.setHeight(720);
        });
        restart();
        Stage again = FxToolkit.toolkitContext().getRegisteredStage();
        assertThat(Application.getUserAgentStylesheet()).as("the theme is remembered").contains("primer-dark");
        assertThat(again.getWidth()).as("the window size is remembered").isEqualTo(1100);
        assertThat(again.getHeight()).isEqualTo(720);

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.L).release(KeyCode.L, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Application.getUserAgentStylesheet()).as("Ctrl+Shift+L brings the light theme back").contains("primer-light");
    }

    @Test
    void theAboutDialogListsTheVersions() throws Exception {
        launch();
        robot.clickOn("Help").clickOn("About Pipewright");
        waitUntil(() -> robot.lookup("#about-dialog").tryQuery().isPresent());
        assertThat(text("#version-javafx")).startsWith("21.");
        assertThat(text("#version-java")).startsWith(String.valueOf(Runtime.version().feature()));
        assertThat(text("#version-h2-database")).isEqualTo("2.5.252");
        assertThat(text("#version-atlantafx")).isEqualTo("2.0.1");
        assertThat(text("#version-controlsfx")).isEqualTo("11.2.4");
        robot.clickOn("Close");
        waitUntil(() -> robot.lookup("#about-dialog").tryQuery().isEmpty());
    }

    @Test
    void droppingASampleFileListsItAndTheStoreRemembersIt() throws Exception {
        Stage stage = launch();
        Path sample = Files.copy(Path.of("sample-data/credit/credit.csv"), home.resolve("credit.csv"));
        Path notes = Files.writeString(home.resolve("notes.docx"), "not a dataset");

        drop(robot.lookup("#drop-target").query(), List.of(notes.toFile()));
        waitUntil(() -> text("#status-message").startsWith("notes.docx is not a dataset or pipeline Pipewright can open"));

        drop(robot.lookup("#drop-target").query(), List.of(sample.toFile()));
        waitUntil(() -> text("#status-message").startsWith("Profiled credit.csv: 1,000 rows × 10 columns"));
        assertThat(robot.lookup("#data-view").tryQuery()).as("a dropped dataset opens in the Data workspace").isPresent();
        waitUntil(() -> text("#overview-rows").equals("1,000")); // the view fills over a few frames
        assertThat(text("#overview-rows")).isEqualTo("1,000");
        assertThat(text("#overview-columns")).isEqualTo("10");
        assertThat(text("#overview-missing")).isEqualTo("165");

        Path ragged = Files.writeString(home.resolve("ragged.csv"), "a,b\n1,2\n3,4,5\n");
        drop(robot.lookup("#drop-target").query(), List.of(ragged.toFile()));
        waitUntil(() -> robot.lookup("#data-error").tryQuery().map(Node::isVisible).orElse(false));
        assertThat(text("#data-error")).isEqualTo("ragged.csv: line 3: expected 2 fields, found 3 (a delimiter inside an unquoted value?)");

        robot.clickOn("#workspace-home");
        waitUntil(() -> robot.lookup("#recent-files").lookup((java.util.function.Predicate<Node>) node -> node instanceof Label label
                && label.getText().startsWith("CSV · 1,000 rows × 10 columns")).tryQuery().isPresent());
        assertThat(recentFiles().getItems()).hasSize(1);

        restart();
        waitUntil(() -> !recentFiles().getItems().isEmpty());
        assertThat(recentFiles().getItems()).extracting(file -> file.fileName()).containsExactly("credit.csv");
    }

    @Test
    void theDataWorkspaceShowsColumnsAlertsAndThePreview() throws Exception {
        launch();
        robot.clickOn("#open-sample-credit");
        waitUntil(() -> robot.lookup("#overview-rows").tryQuery().isPresent() && text("#overview-rows").equals("1,000"));
        assertThat(text("#data-file")).isEqualTo("credit.csv");
        assertThat(home.resolve("samples/credit/credit.csv")).isRegularFile();

        waitUntil(() -> robot.from(robot.lookup("#column-list").queryAll()).lookup("income").tryQuery().isPresent());
        robot.clickOn(robot.from(robot.lookup("#column-list").queryAll()).lookup("income").queryAs(Node.class));
        waitUntil(() -> text("#detail-name").equals("income"));
        assertThat(text("#stat-missing")).isEqualTo("81 (8.1 %)");
        assertThat(robot.lookup("#detail-histogram").tryQuery()).isPresent();

        robot.clickOn("#tab-alerts");
        robot.clickOn("purpose has 30 (3.0 %) missing values");
        waitUntil(() -> text("#detail-name").equals("purpose"));
        assertThat(text("#stat-distinct")).isEqualTo("5");

        robot.clickOn("#tab-preview");
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<String[]> preview = robot.lookup("#preview-table").queryAs(javafx.scene.control.TableView.class);
        assertThat(preview.getColumns()).hasSize(10);
        assertThat(preview.getItems().get(0)[0]).isEqualTo("A00001");

        robot.clickOn("#tab-column");
        robot.clickOn("#workspace-home").clickOn("#workspace-data");
        assertThat(text("#detail-name")).as("the workspace keeps its state").isEqualTo("purpose");
    }

    @SuppressWarnings("unchecked")
    private ListView<io.pipewright.track.RecentFile> recentFiles() {
        return robot.lookup("#recent-files").queryAs(ListView.class);
    }

    /** Delivers a drag-and-drop of files from outside the app, as the window system would. */
}
