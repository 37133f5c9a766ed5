package io.pipewright.ui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import io.pipewright.ui.common.ScriptedDialogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Browse… button of a file parameter: where its dialog starts, how the chosen file is written, and that it is one undoable edit. */
class FileParamChooserTest {
    @TempDir
    Path dir;

    private PipelineEditorViewModel model() {
        return new PipelineEditorViewModel(NodeCatalog.standard(), new SameThreadTaskExecutor(), Runnable::run, Optional::empty,
                () -> dir.resolve("artifacts"), "test", new Notifications());
    }

    private static ParamSpec param(PipelineEditorViewModel model, String type, String name) {
        return model.catalog().find(type).orElseThrow().params().stream().filter(spec -> spec.name().equals(name)).findFirst().orElseThrow();
    }

    private static Object value(PipelineEditorViewModel model, String node, String param) {
        return model.document().node(node).orElseThrow().params().get(param);
    }

    @Test
    void aChosenFileIsWrittenRelativeToThePipelineAsTheSamplesAreAndTakesOneUndo() throws Exception {
        // laid out as the samples are: pipelines/ beside the data folders
        Path pipelines = Files.createDirectories(dir.resolve("project/pipelines"));
        Path credit = Files.createDirectories(dir.resolve("project/credit")).resolve("credit.csv");
        Path local = pipelines.resolve("local/data.csv");
        Path elsewhere = dir.resolve("elsewhere/other.csv");
        var model = model();
        String read = model.addNode("read", 40, 40);
        ParamSpec path = param(model, "read", "path");
        assertThat(model.setParam(read, path, "data.csv")).isNull();
        model.saveAs(pipelines.resolve("demo.yaml"));
        var dialogs = new ScriptedDialogs(List.of(credit, local, elsewhere));
        var chooser = new FileParamChooser(model, dialogs);

        // a data folder beside the pipelines folder: ../credit/credit.csv, as in the sample pipelines
        assertThat(chooser.browse(read, path)).contains(new FileParamChooser.Chosen("../credit/credit.csv", null));
        assertThat(value(model, read, "path")).isEqualTo("../credit/credit.csv");
        assertThat(dialogs.startFolders()).as("the folder of the file named before (data.csv, beside the pipeline)").containsExactly(pipelines);

        // one edit, as typing it is: one undo brings back what was typed before
        model.undo();
        assertThat(value(model, read, "path")).isEqualTo("data.csv");
        model.redo();
        assertThat(value(model, read, "path")).isEqualTo("../credit/credit.csv");

        // under the pipeline's folder: relative, forward slashes; the dialog starts where the current file is
        assertThat(chooser.browse(read, path)).map(FileParamChooser.Chosen::text).contains("local/data.csv");
        assertThat(dialogs.startFolders().get(1)).isEqualTo(credit.getParent());

        // anywhere else: absolute
        assertThat(chooser.browse(read, path)).map(FileParamChooser.Chosen::text).contains(elsewhere.toString());
        assertThat(value(model, read, "path")).isEqualTo(elsewhere.toString());

        // cancelled: nothing changes
        assertThat(chooser.browse(read, path)).isEmpty();
        assertThat(value(model, read, "path")).isEqualTo(elsewhere.toString());
    }

    @Test
    void aPipelineNotSavedYetGetsAbsolutePathsAndAValidateNodesSuiteIsAFileParameterToo() {
        var model = model();
        String validate = model.addNode("validate", 40, 40);
        ParamSpec suite = param(model, "validate", "suite");
        assertThat(suite.kind()).isEqualTo(ParamSpec.Kind.PATH);
        Path chosen = dir.resolve("suites/credit.suite.yaml");
        var dialogs = new ScriptedDialogs(List.of(chosen));
        assertThat(new FileParamChooser(model, dialogs).browse(validate, suite)).map(FileParamChooser.Chosen::text).contains(chosen.toString());
        assertThat(value(model, validate, "suite")).isEqualTo(chosen.toString());
        assertThat(dialogs.startFolders()).as("no file named yet and no pipeline folder: where the last dialog left off").containsExactly((Path) null);
    }

    @Test
    void aFolderAboveThePipelinesThatIsTheRootOrTheHomeFolderIsNotWrittenRelativeTo() {
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        assertThat(FileParamChooser.written(home.resolve("Downloads/x.csv"), home.resolve("pipelines"))).isEqualTo(home.resolve("Downloads/x.csv").toString());
        assertThat(FileParamChooser.written(home.resolve("pipelines/data/x.csv"), home.resolve("pipelines"))).isEqualTo("data/x.csv");
        Path root = Path.of("/").toAbsolutePath();
        assertThat(FileParamChooser.written(root.resolve("data/x.csv"), root.resolve("pipelines"))).isEqualTo(root.resolve("data/x.csv").toString());
    }
}
