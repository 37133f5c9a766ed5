package io.pipewright.ui.shell;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;

/**
 * Walks the Data workspace at 1280 × 800 for the README: the credit data with its target chosen
 * (the Target tab), a numeric column, the correlations, and a file that cannot be read.
 *
 * <pre>xvfb-run -a -s "-screen 0 1280x800x24" java -Dprism.order=sw -cp … io.pipewright.ui.shell.DataScreenshotTour HOME OUT_DIR CREDIT_CSV</pre>
 */
public final class DataScreenshotTour {
    private DataScreenshotTour() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[1]));
        File credit = Path.of(args[2]).toAbsolutePath().toFile();
        FxToolkit.registerPrimaryStage();
        var app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + args[0]);
        Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
        Scene scene = stage.getScene();
        ScreenshotTour.waitFor(() -> !((Label) scene.lookup("#store-status")).getText().isEmpty());
        ScreenshotTour.on(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1280);
            stage.setHeight(800);
        });

        drop(scene, credit);
        ScreenshotTour.waitFor(() -> scene.lookup("#data-status") != null && ((Label) scene.lookup("#data-status")).getText().endsWith("10 columns"));
        ScreenshotTour.on(() -> {
            // picked as a person picks: the list opened, the column chosen, the list closed
            var target = (ComboBox<String>) scene.lookup("#target");
            target.show();
            target.setValue("default");
            target.hide();
        });
        TabPane tabs = (TabPane) scene.lookup("#data-tabs");
        ScreenshotTour.waitFor(() -> !((javafx.scene.control.TableView<?>) scene.lookup("#target-associations")).getItems().isEmpty());
        Thread.sleep(1500);
        ScreenshotTour.save(scene, out.resolve("data-target.png"));

        ScreenshotTour.on(() -> tabs.getSelectionModel().select(0));
        ListView<io.pipewright.profile.ColumnProfile> columns = (ListView<io.pipewright.profile.ColumnProfile>) scene.lookup("#column-list");
        ScreenshotTour.on(() -> columns.getSelectionModel().select(2));
        Thread.sleep(1500);
        ScreenshotTour.save(scene, out.resolve("data.png"));

        ScreenshotTour.on(() -> tabs.getSelectionModel().select(2));
        Thread.sleep(1500);
        ScreenshotTour.save(scene, out.resolve("data-correlations.png"));

        Path ragged = Files.writeString(Path.of(args[0]).resolve("ragged.csv"), "a,b\n1,2\n3,4,5\n");
        drop(scene, ragged.toFile());
        ScreenshotTour.waitFor(() -> ((Label) scene.lookup("#data-error")).getText() != null);
        Thread.sleep(1500);
        ScreenshotTour.save(scene, out.resolve("data-error.png"));
        FxToolkit.cleanupApplication(app);
        Platform.exit();
        System.exit(0);
    }

    private static void drop(Scene scene, File file) throws Exception {
        ScreenshotTour.on(() -> {
            Node target = scene.getRoot();
            var dragboard = FileDragboard.of(List.of(file));
            double x = scene.getWidth() / 2;
            double y = scene.getHeight() / 2;
            Event.fireEvent(target, new DragEvent(DragEvent.DRAG_OVER, dragboard, x, y, x, y, TransferMode.COPY, null, null, null));
            Event.fireEvent(target, new DragEvent(DragEvent.DRAG_DROPPED, dragboard, x, y, x, y, TransferMode.COPY, null, null, null));
        });
    }
}
