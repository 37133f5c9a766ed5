package io.pipewright.ui.shell;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** What the window tests share: the real app under Monocle on a temporary home, closed after each test, and waits checked on the FX thread. */
abstract class AppWindowTest {
    @TempDir
    Path home;

    final FxRobot robot = new FxRobot();
    Application app;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeApp() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        // the closed app writes its preferences and closes the store on a thread of its own: let it
        // finish before the temporary home is deleted under it
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("pipewright-shutdown")) {
                thread.join(TimeUnit.SECONDS.toMillis(waitSeconds()));
            }
        }
    }

    /**
     * Closes the app and waits until it has let go of the store: the closing app writes its preferences,
     * then closes the store, on a thread of its own, and the store's owner file goes last.
     */
    void closeAppAndWaitForTheStore() throws Exception {
        Path owner = home.resolve("store").resolve("owner.properties");
        org.assertj.core.api.Assertions.assertThat(owner).as("the open app's hold on its store").exists();
        FxToolkit.cleanupApplication(app);
        app = null;
        WaitForAsyncUtils.waitFor(waitSeconds(), TimeUnit.SECONDS, () -> !java.nio.file.Files.exists(owner));
    }

    /** In the running app, opens the only registered version of {@code model} in the Deploy workspace, as Export bundle… in Models does. */
    void openBundleOf(String model) throws Exception {
        robot.clickOn("#workspace-models");
        waitUntil(() -> robot.lookup(model).tryQuery().isPresent());
        robot.clickOn(model);
        javafx.scene.control.TableView<?> versions = robot.lookup("#version-table").queryTableView();
        waitUntil(() -> versions.getItems().size() == 1);
        robot.interact(() -> versions.getSelectionModel().select(0));
        robot.clickOn("#export-bundle-button");
        waitUntil(() -> robot.lookup("#deploy-workspace").query().isVisible());
    }

    /** Starts the app on the home, waits for its store, and sets the window to 1280 × 800 in the screen's corner. */
    javafx.stage.Stage launchAt1280x800() throws Exception {
        app = org.testfx.api.FxToolkit.setupApplication(PipewrightApp.class, "--home=" + home);
        waitUntil(() -> text("#store-status").startsWith("Schema version"));
        javafx.stage.Stage stage = org.testfx.api.FxToolkit.toolkitContext().getRegisteredStage();
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        return stage;
    }

    /** How long a wait may take before the test fails. */
    long waitSeconds() {
        return 20;
    }

    String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    /** Drops files on the node found by {@code query}, as a file manager would. */
    void drop(String query, java.util.List<java.io.File> files) {
        drop(robot.lookup(query).<javafx.scene.Node>query(), files);
    }

    /** Drops files on {@code target}: a drag over it, then the drop, at its centre. */
    void drop(javafx.scene.Node target, java.util.List<java.io.File> files) {
        robot.interact(() -> {
            var dragboard = FileDragboard.of(files);
            var bounds = target.localToScene(target.getBoundsInLocal());
            var window = target.getScene().getWindow();
            double x = bounds.getCenterX();
            double y = bounds.getCenterY();
            for (var type : java.util.List.of(javafx.scene.input.DragEvent.DRAG_OVER, javafx.scene.input.DragEvent.DRAG_DROPPED)) {
                javafx.event.Event.fireEvent(target, new javafx.scene.input.DragEvent(type, dragboard, x, y, window.getX() + x, window.getY() + y,
                        javafx.scene.input.TransferMode.COPY, null, null, null));
            }
        });
    }

    /** Waits for the layout to settle with no text under {@code root} drawn cut short; fails naming what is cut. */
    void waitUntilNothingCut(javafx.scene.Node root) throws Exception {
        try {
            waitUntil(() -> ElidedText.under(root).isEmpty());
        } catch (java.util.concurrent.TimeoutException e) {
            org.assertj.core.api.Assertions.assertThat(WaitForAsyncUtils.asyncFx(() -> ElidedText.under(root)).get()).as("text drawn cut short").isEmpty();
        }
    }

    void waitUntil(Supplier<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(waitSeconds(), TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition::get).get());
    }
}
