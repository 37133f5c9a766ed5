package io.pipewright.ui.shell;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;

/**
 * Walks the Quality workspace for the README: the credit data validated against its generated suite
 * with the age bound tightened, the credit data against a year of newer applicants in Drift, the
 * dataset versions, and the monitors of HOME (made with pipewright run and pipewright monitor run).
 *
 * <pre>xvfb-run -a java -Dprism.order=sw -cp … io.pipewright.ui.shell.QualityScreenshotTour HOME OUT_DIR CREDIT_CSV LATER_CSV</pre>
 */
public final class QualityScreenshotTour {
    private QualityScreenshotTour() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[1]));
        File credit = Path.of(args[2]).toAbsolutePath().toFile();
        File later = Path.of(args[3]).toAbsolutePath().toFile();
        FxToolkit.registerPrimaryStage();
        var app = FxToolkit.setupApplication(PipewrightApp.class, "--home=" + args[0]);
        Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
        Scene scene = stage.getScene();
        ScreenshotTour.waitFor(() -> !((javafx.scene.control.Label) scene.lookup("#store-status")).getText().isEmpty());
        ScreenshotTour.on(() -> ((ToggleButton) scene.lookup("#workspace-quality")).fire());
        TabPane tabs = (TabPane) scene.lookup("#quality-workspace");

        drop(scene, "#validation-view", List.of(credit));
        ScreenshotTour.on(() -> ((Button) scene.lookup("#validation-generate")).fire());
        ListView<String> columns = (ListView<String>) scene.lookup("#validation-columns");
        ScreenshotTour.waitFor(() -> columns.getItems().size() == 10 && !scene.lookup("#validation-generate").isDisabled());
        ScreenshotTour.on(() -> columns.getSelectionModel().select("age"));
        ScreenshotTour.on(() -> ((TextField) scene.lookup("#suite-max")).setText("60"));
        ScreenshotTour.on(() -> ((Button) scene.lookup("#validation-validate")).fire());
        TableView<?> results = (TableView<?>) scene.lookup("#validation-results");
        ScreenshotTour.waitFor(() -> !results.getItems().isEmpty());
        ScreenshotTour.on(() -> results.getSelectionModel().select(0));
        Thread.sleep(1500);
        ScreenshotTour.save(scene, out.resolve("quality-validation.png"));

        ScreenshotTour.on(() -> tabs.getSelectionModel().select(1));
        ScreenshotTour.waitFor(() -> scene.lookup("#drift-view") != null);
        drop(scene, "#drift-view", List.of(credit, later));
        ScreenshotTour.on(() -> ((TextField) scene.lookup("#drift-target")).setText("default"));
        ScreenshotTour.on(() -> ((Button) scene.lookup("#drift-run")).fire());
        TableView<io.pipewright.quality.drift.DriftReport.ColumnDrift> drifted =
                (TableView<io.pipewright.quality.drift.DriftReport.ColumnDrift>) scene.lookup("#drift-columns");
        ScreenshotTour.waitFor(() -> !drifted.getItems().isEmpty());
        ScreenshotTour.on(() -> drifted.getItems().stream().filter(column -> column.name().equals("debt_ratio")).findFirst()
                .ifPresent(column -> drifted.getSelectionModel().select(column)));
        Thread.sleep(1500);
        ScreenshotTour.save(scene, out.resolve("quality-drift.png"));

        ScreenshotTour.on(() -> tabs.getSelectionModel().select(2));
        ScreenshotTour.waitFor(() -> scene.lookup("#datasets-list") != null && !((TableView<?>) scene.lookup("#datasets-list")).getItems().isEmpty());
        ScreenshotTour.on(() -> ((TableView<?>) scene.lookup("#datasets-list")).getSelectionModel().select(0));
        Thread.sleep(1500);
        ScreenshotTour.save(scene, out.resolve("quality-datasets.png"));

        ScreenshotTour.on(() -> tabs.getSelectionModel().select(4));
        ScreenshotTour.waitFor(() -> scene.lookup("#monitor-history") != null && !((TableView<?>) scene.lookup("#monitor-history")).getItems().isEmpty());
        Thread.sleep(1500);
        ScreenshotTour.save(scene, out.resolve("quality-monitors.png"));
        FxToolkit.cleanupApplication(app);
        Platform.exit();
        System.exit(0);
    }

    private static void drop(Scene scene, String query, List<File> files) throws Exception {
        ScreenshotTour.on(() -> {
            Node target = scene.lookup(query);
            var dragboard = FileDragboard.of(files);
            Bounds bounds = target.localToScene(target.getBoundsInLocal());
            double x = bounds.getCenterX();
            double y = bounds.getCenterY();
            Event.fireEvent(target, new DragEvent(DragEvent.DRAG_OVER, dragboard, x, y, x, y, TransferMode.COPY, null, null, null));
            Event.fireEvent(target, new DragEvent(DragEvent.DRAG_DROPPED, dragboard, x, y, x, y, TransferMode.COPY, null, null, null));
        });
    }
}
