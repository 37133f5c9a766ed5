package io.pipewright.ui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import io.pipewright.ui.common.ScriptedDialogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** The parameter form's Browse… button, clicked like a person would, with the file dialog answered by a stub. */
class ParamFormBrowseTest {
    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void browseSetsTheChosenFileRelativeToThePipelineAndUndoTakesItBack() throws Exception {
        Path pipelines = Files.createDirectories(dir.resolve("project/pipelines"));
        Path credit = Files.createDirectories(dir.resolve("project/credit")).resolve("credit.csv");
        var dialogs = new ScriptedDialogs(List.of(credit));
        var model = new PipelineEditorViewModel(NodeCatalog.standard(), new SameThreadTaskExecutor(), Runnable::run, Optional::empty,
                () -> dir.resolve("artifacts"), "test", new Notifications());
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupSceneRoot(() -> new PipelinesWorkspace(model, dialogs, () -> pipelines).view());
        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(800);
            stage.show();
            String read = model.addNode("read", 40, 40);
            model.saveAs(pipelines.resolve("demo.yaml"));
            model.select(List.of(read));
        });

        Button browse = robot.lookup("#param-path-browse").queryButton();
        assertThat(browse.getText()).isEqualTo("Browse…");
        assertThat(robot.lookup("#param-path").queryAs(TextField.class).getText()).isEmpty();
        robot.clickOn(browse);

        assertThat(robot.lookup("#param-path").queryAs(TextField.class).getText()).isEqualTo("../credit/credit.csv");
        assertThat(model.document().node("read").orElseThrow().params()).containsEntry("path", "../credit/credit.csv");
        assertThat(model.titleProperty().get()).as("an edit like typing it").isEqualTo("demo.yaml •");

        robot.clickOn("#pipeline-undo");
        assertThat(model.document().node("read").orElseThrow().params()).doesNotContainKey("path");
        assertThat(robot.lookup("#param-path").queryAs(TextField.class).getText()).isEmpty();
    }
}
