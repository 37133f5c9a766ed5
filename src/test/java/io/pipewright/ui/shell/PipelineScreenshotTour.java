package io.pipewright.ui.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;

/**
 * Snapshots of the Pipelines and Training workspaces for the README: {@code PipelineScreenshotTour
 * HOME OUT_DIR PIPELINE.yaml} opens the pipeline, runs it, saves the training monitor while it tunes
 * and when the run has ended (its result), and the editor after the run, with the tuning node selected (its
 * target picker), then its form scrolled to the columns it leaves out (a checkable list, one column checked).
 * Run it under Xvfb.
 */
public final class PipelineScreenshotTour {
    private PipelineScreenshotTour() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        FxToolkit.registerPrimaryStage();
        var app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + args[0], args[2]);
        Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
        Scene scene = stage.getScene();
        ScreenshotTour.waitFor(() -> scene.lookup("#pipeline-title") != null && !((Label) scene.lookup("#pipeline-title")).getText().equals("untitled"));
        Thread.sleep(1500);
        ScreenshotTour.on(() -> ((Button) scene.lookup("#pipeline-run")).fire());
        // while it tunes: as soon as a few trials are in
        ScreenshotTour.waitFor(() -> ((Label) scene.lookup("#training-best")).getText().matches("(?s)([4-9]|1[0-9]) trials.*"));
        ScreenshotTour.save(scene, out.resolve("training-monitor.png"));
        for (int i = 0; i < 20 && !org.testfx.util.WaitForAsyncUtils.asyncFx(() -> ((Label) scene.lookup("#pipeline-message")).getText()).get()
                .contains("finished"); i++) {
            Thread.sleep(5000);
        }
        // the run's result where Training shows it when the run ends
        Thread.sleep(1500);
        ScreenshotTour.save(scene, out.resolve("training-result.png"));
        ScreenshotTour.on(() -> ((ToggleButton) scene.lookup("#workspace-pipelines")).fire());
        Thread.sleep(1000);
        ScreenshotTour.on(() -> scene.lookup("#node-train").fireEvent(new javafx.scene.input.MouseEvent(javafx.scene.input.MouseEvent.MOUSE_PRESSED,
                0, 0, 0, 0, javafx.scene.input.MouseButton.PRIMARY, 1, false, false, false, false, true, false, false, true, false, false, null)));
        Thread.sleep(1500);
        ScreenshotTour.save(scene, out.resolve("pipeline-editor.png"));
        // the same node's form scrolled to its list of columns, one of them checked (never saved): the checkable list
        @SuppressWarnings("unchecked")
        var exclude = java.util.Objects.requireNonNull((org.controlsfx.control.CheckListView<String>) scene.lookup("#param-exclude-list"),
                "the tuning node's exclude list");
        ScreenshotTour.on(() -> exclude.getCheckModel().check("applicant_id"));
        ScreenshotTour.on(() -> ((javafx.scene.control.ScrollPane) scene.lookup("#param-form")).setVvalue(1));
        Thread.sleep(1000);
        ScreenshotTour.save(scene, out.resolve("pipeline-columns.png"));
        FxToolkit.cleanupApplication(app);
        System.exit(0);
    }
}
