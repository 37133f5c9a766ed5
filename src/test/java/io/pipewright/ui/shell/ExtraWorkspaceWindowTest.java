package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** A workspace defined only in the tests, added to the real main window with one line: the window builds the rest. */
class ExtraWorkspaceWindowTest extends AppWindowTest {

    /** The app with the notes workspace after the standard ones. */
    public static final class WithNotes extends PipewrightApp {
        public WithNotes() {
            super(List.of(NotesWorkspace::new)); // the one line that adds a workspace
        }
    }

    private boolean notesOnScreen() {
        return robot.lookup("#notes-view").query().isVisible() && robot.lookup("#workspace-notes").queryAs(ToggleButton.class).isSelected();
    }

    @Test
    void aWorkspaceAddedWithOneLineGetsItsSidebarButtonMenuItemShortcutAndHearsTheStoreOpen() throws Exception {
        app = FxToolkit.setupApplication(WithNotes.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));

        VBox sidebar = robot.lookup("#sidebar").queryAs(VBox.class);
        assertThat(sidebar.getChildren().stream().map(Node::getId).filter(id -> id != null && id.startsWith("workspace-")).toList())
                .as("the standard workspaces keep their buttons, the new one comes last")
                .containsExactly("workspace-home", "workspace-data", "workspace-pipelines", "workspace-training", "workspace-experiments",
                        "workspace-models", "workspace-deploy", "workspace-quality", "workspace-notes");
        assertThat(robot.lookup("#workspace-notes").queryAs(ToggleButton.class).getText()).isEqualTo("Notes");

        // a workspace not on screen joins the scene just after the first frame
        waitUntil(() -> robot.lookup("#notes-store").tryQuery().isPresent() && text("#notes-store").startsWith("Store opened"));
        assertThat(text("#notes-store")).as("its store-open hook was called once, though it was not on screen")
                .isEqualTo("Store opened 1 time(s): schema version " + io.pipewright.track.Store.SCHEMA_VERSION + ".");
        assertThat(text("#notes-shown")).isEqualTo("Not shown yet.");

        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        MenuItem menuItem = bar.getMenus().get(1).getItems().stream().filter(item -> "menu-notes".equals(item.getId())).findFirst().orElseThrow();
        assertThat(menuItem.getText()).isEqualTo("Notes");
        assertThat(KeyboardShortcuts.keys(menuItem.getAccelerator())).isEqualTo("Ctrl+9");

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT9).release(KeyCode.DIGIT9, KeyCode.CONTROL);
        waitUntil(this::notesOnScreen);
        assertThat(robot.lookup("#home-view").query().isVisible()).isFalse();
        assertThat(text("#notes-shown")).isEqualTo("Shown 1 time(s).");

        robot.clickOn("#workspace-home");
        waitUntil(() -> robot.lookup("#home-view").query().isVisible() && !robot.lookup("#notes-view").query().isVisible());
        robot.clickOn("View").clickOn("#menu-notes");
        waitUntil(this::notesOnScreen);
        assertThat(text("#notes-shown")).isEqualTo("Shown 2 time(s).");

        robot.push(KeyCode.F1);
        waitUntil(() -> robot.lookup("#guide-shortcuts").tryQuery().isPresent());
        GridPane grid = robot.lookup("#guide-shortcuts").queryAs(GridPane.class);
        var rows = new java.util.ArrayList<String>();
        for (int i = 0; i + 1 < grid.getChildren().size(); i += 2) {
            rows.add(((Label) grid.getChildren().get(i)).getText() + " | " + ((Label) grid.getChildren().get(i + 1)).getText());
        }
        assertThat(rows).as("Getting started lists its menu item and the keys it handles")
                .contains("View → Notes | Ctrl+9", "Notes: start a new note | Ctrl+Enter");
        robot.clickOn("Close");
    }
}
