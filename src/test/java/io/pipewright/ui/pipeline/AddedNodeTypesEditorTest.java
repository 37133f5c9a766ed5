package io.pipewright.ui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.added.SampleRowsNode;
import io.pipewright.pipeline.added.ScoreFileNode;
import io.pipewright.track.Store;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import io.pipewright.ui.pipeline.PipelineEditorViewModel.Badge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The editor picks up node types added in the tests only (one class and one line in a catalog each):
 * the palette lists them, the column pickers offer the columns they output, the target check knows
 * what they remove, and a run shows their badges and evaluation; the file keeps its format.
 */
class AddedNodeTypesEditorTest {
    @TempDir
    Path dir;

    private static Path labelled(Path file, int rows, long seed) throws Exception {
        var random = new Random(seed);
        var text = new StringBuilder("x1,x2,batch,label\n");
        for (int i = 0; i < rows; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            text.append(String.format(Locale.US, "%.4f,%.4f,b%d,%d%n", a, b, i % 3, a + b + random.nextGaussian() * 0.3 > 0 ? 1 : 0));
        }
        return Files.writeString(file, text);
    }

    private static ParamSpec param(PipelineEditorViewModel model, String type, String name) {
        return model.catalog().find(type).orElseThrow().params().stream().filter(spec -> spec.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theEditorsPaletteColumnPickersChecksAndRunsTakeNodeTypesAddedToItsCatalog() throws Exception {
        labelled(dir.resolve("data.csv"), 200, 1);
        labelled(dir.resolve("holdout.csv"), 60, 2);
        NodeCatalog catalog = NodeCatalog.standard()
                .with(new SampleRowsNode())
                .with(new ScoreFileNode());
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var model = new PipelineEditorViewModel(catalog, new SameThreadTaskExecutor(), Runnable::run, () -> Optional.of(store),
                    () -> dir.resolve("artifacts"), "test", new Notifications());

            // the palette: each under its stage, and found by what its description says
            var groups = NodePalette.groups(model.catalog(), "");
            assertThat(groups.get("Transform")).extracting(NodeType::name).endsWith("sample");
            assertThat(groups.get("Evaluate")).extracting(NodeType::name).containsExactly("evaluate", "score_file");
            var found = NodePalette.groups(model.catalog(), "seeded random sample");
            assertThat(found).containsOnlyKeys("Transform");
            assertThat(found.get("Transform")).extracting(NodeType::name).containsExactly("sample");

            model.addNode("read", 40, 40);
            model.setParam("read", param(model, "read", "path"), "data.csv");
            model.saveAs(dir.resolve("added.yaml"));
            String sample = model.addAfterSelection("sample", 0, 0);
            assertThat(sample).isEqualTo("sample");
            assertThat(model.setParam(sample, param(model, "sample", "keep"), "[x1, x2]")).isNull();
            model.addAfterSelection("split", 0, 0);
            model.setParam("split", param(model, "split", "strategy"), "stratified");
            model.setParam("split", param(model, "split", "target"), "label");

            // the column picker downstream offers what sample's keep leaves, before any run
            assertThat(model.columnsInto("split")).containsExactly("x1", "x2");
            assertThat(model.problems()).extracting(Object::toString).containsExactly("node 'sample', params.keep: would remove target column "
                    + "'label' of node 'split': add 'label' to sample's keep, or give node 'split' another target");
            assertThat(model.states().get("sample").badge()).isEqualTo(Badge.NOT_CONFIGURED);
            model.setParam(sample, param(model, "sample", "keep"), "[x1, x2, label]");
            assertThat(model.problems()).isEmpty();
            assertThat(model.columnsInto("split")).containsExactly("x1", "x2", "label");

            model.select(java.util.List.of("split"));
            model.addAfterSelection("train", 0, 0);
            model.setParam("train", param(model, "train", "target"), "label");
            model.setParam("train", param(model, "train", "algorithm"), "logistic_regression");
            String holdout = model.addNode("score_file", 400, 40);
            assertThat(model.connect("train", "model", holdout, "model")).isTrue();
            assertThat(model.states().get(holdout).badge()).as("its dataset file not named yet").isEqualTo(Badge.NOT_CONFIGURED);
            model.setParam(holdout, param(model, "score_file", "path"), "holdout.csv");
            String again = model.addNode("sample", 600, 40);
            assertThat(model.connect(holdout, "table", again, "table")).isTrue();
            assertThat(model.columnsInto(again)).as("the columns of the file score_file reads").containsExactly("x1", "x2", "batch", "label");
            assertThat(model.problems()).isEmpty();

            model.save();
            model.run(null);
            assertThat(model.messageProperty().get()).matches("Run \\S+ finished in [0-9.]+ s");
            assertThat(model.states().values()).extracting(PipelineEditorViewModel.NodeState::badge).containsOnly(Badge.DONE);
            assertThat(model.runControl().lastRunProperty().get().evaluations()).extracting(RunSummary.Evaluated::node).contains(holdout);
            assertThat(model.table(again, "table")).get().extracting(table -> table.table().columnCount()).isEqualTo(4);

            var saved = PipelineFiles.read(dir.resolve("added.yaml"));
            assertThat(saved).isEqualTo(model.document());
            assertThat(Files.readString(dir.resolve("added.yaml"))).contains("type: sample").contains("type: score_file")
                    .contains("keep:").contains("path: holdout.csv");
        }
    }
}
