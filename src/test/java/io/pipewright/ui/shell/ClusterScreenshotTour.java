package io.pipewright.ui.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.api.FxToolkit;

/**
 * A snapshot of <i>Export for cluster…</i> for the README: {@code ClusterScreenshotTour HOME OUT_DIR} opens the
 * credit-risk sample from Home, opens Export for cluster…, chooses the tune node's select task (its command
 * line) and saves the window as {@code cluster-export.png}. Run it under Xvfb at 1280 × 800.
 */
public final class ClusterScreenshotTour {
    private ClusterScreenshotTour() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        FxToolkit.registerPrimaryStage();
        var app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + args[0]);
        Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
        Scene scene = stage.getScene();
        ScreenshotTour.waitFor(() -> scene.lookup("#open-sample-pipeline-credit-risk") != null);
        ScreenshotTour.on(() -> ((Button) scene.lookup("#open-sample-pipeline-credit-risk")).fire());
        ScreenshotTour.waitFor(() -> scene.lookup("#node-register") != null && ((Label) scene.lookup("#pipeline-title")).getText().equals("credit-risk.yaml"));
        ScreenshotTour.on(() -> ((Button) scene.lookup("#pipeline-export-for-cluster")).fire());
        ScreenshotTour.waitFor(() -> dialog() != null && dialog().lookup("#cluster-tasks") != null
                && ((Label) dialog().lookup("#cluster-message")).getText().endsWith("ready to export"));
        Scene export = org.testfx.util.WaitForAsyncUtils.asyncFx(ClusterScreenshotTour::dialog).get();
        @SuppressWarnings("unchecked")
        var tasks = (TableView<io.pipewright.export.cluster.ClusterPlan.Task>) export.lookup("#cluster-tasks");
        ScreenshotTour.on(() -> tasks.getSelectionModel().select(tasks.getItems().stream().filter(task -> task.name().equals("train")).findFirst()
                .orElseThrow()));
        Thread.sleep(1500);
        ScreenshotTour.save(export, out.resolve("cluster-export.png"));
        FxToolkit.cleanupApplication(app);
        System.exit(0);
    }

    /** The Export for cluster window's scene, once it shows. */
    private static Scene dialog() {
        return Window.getWindows().stream().filter(window -> window.isShowing() && window.getScene() != null
                && window.getScene().lookup("#cluster-export") != null).map(Window::getScene).findFirst().orElse(null);
    }
}
