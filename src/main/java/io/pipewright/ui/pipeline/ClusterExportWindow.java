package io.pipewright.ui.pipeline;

import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.DialogService;
import javafx.beans.InvalidationListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The window of <i>Export for cluster…</i>, one per Pipelines workspace: opened over the main window,
 * kept beside it while the pipeline is edited (a save plans again, the unsaved-changes notice follows
 * the editor), and brought forward when asked again.
 */
final class ClusterExportWindow {
    private final PipelineEditorViewModel editor;
    private final ClusterExportViewModel model;
    private final ClusterExportView view;
    private Stage stage;

    ClusterExportWindow(PipelineEditorViewModel editor, ClusterExportViewModel.Services services, DialogService dialogs) {
        this.editor = editor;
        this.model = new ClusterExportViewModel(services, editor.catalog(), ClusterTarget.available());
        this.view = new ClusterExportView(model, dialogs, folder -> services.executor().execute(BackgroundTask.of("Opening " + folder, progress -> {
            if (!java.awt.Desktop.isDesktopSupported() || !java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.OPEN)) {
                throw new IllegalStateException("This desktop cannot open folders; the files are in " + folder);
            }
            java.awt.Desktop.getDesktop().open(folder.toFile());
            return folder;
        }).quiet().onFailure(error -> services.notifications().warn(error.getMessage()))));
        InvalidationListener follow = observable -> {
            if (stage != null && stage.isShowing()) {
                model.use(editor.fileProperty().get(), editor.dirtyProperty().get());
            }
        };
        editor.fileProperty().addListener(follow);
        editor.dirtyProperty().addListener(follow);
    }

    ClusterExportViewModel model() {
        return model;
    }

    /** Shows the window over {@code owner} with the pipeline as it is saved now. */
    void show(Window owner) {
        if (stage == null) {
            stage = new Stage();
            stage.setTitle("Export for cluster");
            if (owner != null) {
                stage.initOwner(owner);
            }
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            var scene = new Scene(view, Math.min(1240, screen.getWidth()), Math.min(760, screen.getHeight()));
            if (owner != null && owner.getScene() != null) {
                scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            }
            stage.setScene(scene);
        }
        model.use(editor.fileProperty().get(), editor.dirtyProperty().get());
        stage.show();
        stage.toFront();
    }
}
