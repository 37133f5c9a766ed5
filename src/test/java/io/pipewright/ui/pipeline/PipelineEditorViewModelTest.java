package io.pipewright.ui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.track.RunPages;
import io.pipewright.track.Store;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import io.pipewright.ui.pipeline.PipelineEditorViewModel.Badge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class PipelineEditorViewModelTest {
    @TempDir
    Path dir;

    /** 300 rows: two numbers and a label that follows their sum (seeded). */
    public static Path dataset(Path dir) throws Exception {
        var random = new Random(3);
        var text = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 300; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            text.append(String.format(java.util.Locale.US, "%.4f,%.4f,%d%n", a, b, a + b + random.nextGaussian() * 0.3 > 0 ? 1 : 0));
        }
        return Files.writeString(dir.resolve("data.csv"), text);
    }

    private PipelineEditorViewModel model(Store store) {
        return new PipelineEditorViewModel(NodeCatalog.standard(), new SameThreadTaskExecutor(), Runnable::run, () -> Optional.ofNullable(store),
                () -> dir.resolve("artifacts"), "test", new Notifications());
    }

    @Test
    void aPipelineBuiltInTheEditorIsSavedAndRunAsARecordedRun() throws Exception {
        dataset(dir);
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var model = model(store);
            assertThat(model.titleProperty().get()).isEqualTo("untitled");
            model.addNode("read", 40, 40);
            assertThat(model.states().get("read").badge()).as("a read node without its path").isEqualTo(Badge.NOT_CONFIGURED);
            var path = model.catalog().find("read").orElseThrow().params().get(0);
            assertThat(model.setParam("read", path, "")).isEqualTo("path is required");
            assertThat(model.setParam("read", path, "data.csv")).isNull();
            assertThat(model.states().get("read").badge()).isEqualTo(Badge.READY);
            model.addAfterSelection("split", 0, 0);
            model.addAfterSelection("train", 0, 0);
            var target = model.catalog().find("train").orElseThrow().params().stream().filter(p -> p.name().equals("target")).findFirst().orElseThrow();
            model.setParam("train", target, "label");
            var cvFolds = model.catalog().find("train").orElseThrow().params().stream().filter(p -> p.name().equals("cv_folds")).findFirst().orElseThrow();
            assertThat(model.setParam("train", cvFolds, "two")).isEqualTo("cv_folds must be a whole number, not 'two'");
            model.addAfterSelection("evaluate", 0, 0);
            assertThat(model.connect("train", "model", "split", "table")).isFalse();
            assertThat(model.messageProperty().get()).isEqualTo("Cannot connect train.model to split.table: type mismatch: model output into a table input");
            assertThat(model.connect("split", "test", "evaluate", "table")).isTrue();
            assertThat(model.problems()).isEmpty();
            assertThat(model.titleProperty().get()).isEqualTo("untitled •");

            Path file = dir.resolve("demo.yaml");
            model.saveAs(file);
            assertThat(model.titleProperty().get()).isEqualTo("demo.yaml");
            assertThat(PipelineFiles.read(file)).isEqualTo(model.document());
            model.columnsInto("train"); // before a run: the header of the file the read node reads, read in the background
            assertThat(model.columnsInto("train")).as("the column picker's choices before any run").containsExactly("x1", "x2", "label");

            model.run(null);
            assertThat(model.runningProperty().get()).isFalse();
            assertThat(model.messageProperty().get()).matches("Run \\S+ finished in [0-9.]+ s");
            assertThat(model.states().values()).extracting(PipelineEditorViewModel.NodeState::badge).containsOnly(Badge.DONE);
            assertThat(model.table("split", "train")).get().extracting(table -> table.table().columnCount()).isEqualTo(3);
            assertThat(model.columnsInto("train")).containsExactly("x1", "x2", "label");
            assertThat(new RunPages(store).count("untitled", io.pipewright.track.RunFilter.all())).as("the run is in the store").isEqualTo(1);

            model.run("split");
            assertThat(model.states().get("read").badge()).as("unchanged: taken from the cache").isEqualTo(Badge.CACHED);
            assertThat(model.states().get("train").badge()).as("not part of a run up to split").isEqualTo(Badge.READY);
        }
    }

    @Test
    void openingAFileWithoutPlacesLaysItOutAndABadFileIsRefused() throws Exception {
        var model = model(null);
        Path hand = Files.writeString(dir.resolve("hand.yaml"), """
                # written by hand
                apiVersion: pipewright/v1
                kind: Pipeline
                name: hand
                nodes:
                  - {id: read, type: read, params: {path: data.csv}}
                  # the default split
                  - {id: split, type: split, inputs: {table: read.table}}
                """);
        model.open(hand);
        assertThat(model.titleProperty().get()).isEqualTo("hand.yaml");
        assertThat(model.dirtyProperty().get()).as("placing the nodes is not a change").isFalse();
        assertThat(io.pipewright.pipeline.edit.PipelineDraft.position(model.document().node("split").orElseThrow()).x())
                .isGreaterThan(io.pipewright.pipeline.edit.PipelineDraft.position(model.document().node("read").orElseThrow()).x());

        model.save();
        assertThat(Files.readString(hand)).as("saved again: the comments stay, and the nodes have places")
                .startsWith("# written by hand\n").contains("# the default split").contains("layout:");

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "apiVersion: pipewright/v1\nkind: Pipeline\nnodes: [\n");
        model.open(bad);
        assertThat(model.titleProperty().get()).as("the pipeline that was open stays").isEqualTo("hand.yaml");
        assertThat(model.messageProperty().get()).contains("bad.yaml");

        model.select(java.util.List.of("read", "split"));
        String copied = model.copySelection();
        model.newPipeline();
        model.paste(copied);
        assertThat(model.draft().ids()).containsExactly("read", "split");
        assertThat(model.selection()).containsExactly("read", "split");
    }

    @Test
    void anExpressionIsCheckedAsItIsTypedAndAFailedNodeIsAProblem() throws Exception {
        dataset(dir);
        var model = model(null);
        model.addNode("read", 0, 0);
        var path = model.catalog().find("read").orElseThrow().params().get(0);
        model.setParam("read", path, "data.csv");
        model.addAfterSelection("filter", 0, 0);
        var expression = model.catalog().find("filter").orElseThrow().params().get(0);
        assertThat(model.checkParam("filter", expression, "x1 > ")).as("a syntax error, before anything runs").isNotNull().contains("expression");
        assertThat(model.checkParam("filter", expression, "x1 > 0 and label = 1")).isNull();
        assertThat(model.setParam("filter", expression, "x3 > 0")).as("a column that does not exist is found only when it runs").isNull();
        model.saveAs(dir.resolve("f.yaml"));
        model.run(null);
        assertThat(model.states().get("filter").badge()).isEqualTo(Badge.FAILED);
        assertThat(model.problems()).anySatisfy(problem -> {
            assertThat(problem.nodeId()).isEqualTo("filter");
            assertThat(problem.message()).startsWith("failed in the last run: ").contains("x3");
        });
    }

    @Test
    void theMonitorHearsOfARunOnlyOnceThePipelineIsValid() throws Exception {
        dataset(dir);
        var model = model(null);
        var heard = new java.util.ArrayList<String>();
        model.setRunWatcher(io.pipewright.pipeline.RunListener.NONE, name -> heard.add("begin " + name), outcome -> heard.add("end " + outcome.outcome()));
        model.addNode("read", 0, 0);
        model.run(null);
        assertThat(heard).as("a read node without its path is refused before anything runs").isEmpty();
        assertThat(model.messageProperty().get()).contains("path");
        var path = model.catalog().find("read").orElseThrow().params().get(0);
        model.setParam("read", path, dir.resolve("data.csv").toString());
        model.run(null);
        assertThat(heard).hasSize(2);
        assertThat(heard.get(0)).isEqualTo("begin untitled");
        assertThat(heard.get(1)).startsWith("end finished in ");
    }

    @Test
    void thePipelinesTargetIsShownSetAndKeptThroughOpenEditAndSaveAndItsRefusalIsAProblem() throws Exception {
        io.pipewright.pipeline.CreditG.writeData(dir);
        Path file = io.pipewright.pipeline.CreditG.pipeline("credit-g-encodes-target.yaml", dir);
        var model = model(null);
        model.open(file);
        assertThat(model.document().target()).isEqualTo("class");
        assertThat(model.problems()).as("the file's columns are read in the background, then the pipeline is checked again")
                .extracting(Object::toString).containsExactly("node 'encode', params.columns: would turn target column 'class' of node 'split' "
                        + "into class=good, class=bad: take 'class' out of encode's columns, or give node 'split' another target");
        assertThat(model.states().get("encode").badge()).isEqualTo(Badge.NOT_CONFIGURED);
        assertThat(model.columnsRead()).contains("checking_status", "class");

        var columns = model.catalog().find("encode").orElseThrow().params().stream().filter(p -> p.name().equals("columns")).findFirst().orElseThrow();
        assertThat(model.setParam("encode", columns, "[checking_status, purpose]")).isNull();
        assertThat(model.problems()).isEmpty();
        assertThat(model.columnsInto("split")).contains("class", "checking_status=<0").doesNotContain("class=good");
        var tuneTarget = model.catalog().find("tune").orElseThrow().params().stream().filter(p -> p.name().equals("target")).findFirst().orElseThrow();
        assertThat(model.checkParam("tune", tuneTarget, "")).as("a node without its own target takes the pipeline's").isNull();

        model.setTarget("age");
        assertThat(model.document().target()).isEqualTo("age");
        model.undo();
        assertThat(model.document().target()).isEqualTo("class");
        model.save();
        var saved = PipelineFiles.read(file);
        assertThat(saved.target()).isEqualTo("class");
        assertThat(saved.node("encode").orElseThrow().params()).containsEntry("columns", java.util.List.of("checking_status", "purpose"));
        assertThat(Files.readString(file)).as("the file's comment stays").startsWith("# The same pipeline with encode told to encode the target");

        model.setTarget(" ");
        model.save();
        assertThat(PipelineFiles.read(file).target()).as("a blank target takes it out of the file").isNull();
    }

    @Test
    void aFinishedRunSummarisesItsTestMetricsBestTrialAndRegisteredVersionAndKeepsEveryOutput() throws Exception {
        dataset(dir);
        Path file = Files.writeString(dir.resolve("tuned.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: tuned
                nodes:
                  - {id: read, type: read, params: {path: data.csv}}
                  - {id: split, type: split, inputs: {table: read.table}, params: {strategy: stratified, target: label, test: 0.2, valid: 0.2}}
                  - id: tune
                    type: tune
                    inputs: {train: split.train, valid: split.valid}
                    params: {target: label, algorithm: logistic_regression, strategy: random, trials: 3, metric: roc_auc, space: {lambda: {float: [0.01, 1], log: true}}}
                  - {id: eval, type: evaluate, inputs: {model: tune.model, table: split.test}}
                  - {id: register, type: register, inputs: {model: tune.model, metrics: eval.metrics}, params: {name: demo, alias: challenger}}
                """);
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var model = model(store);
            var ended = new java.util.ArrayList<RunSummary>();
            model.setRunWatcher(io.pipewright.pipeline.RunListener.NONE, name -> { }, ended::add);
            model.open(file);
            model.run(null);
            assertThat(model.messageProperty().get()).matches("Run \\S+ finished in [0-9.]+ s");
            RunSummary summary = model.lastRunProperty().get();
            assertThat(ended).containsExactly(summary);
            assertThat(summary.outcome()).startsWith("finished in ");
            assertThat(summary.evaluations()).singleElement().satisfies(evaluation -> {
                assertThat(evaluation.node()).isEqualTo("eval");
                assertThat(evaluation.rows()).isEqualTo(60);
                assertThat(evaluation.metrics()).containsKeys("accuracy", "roc_auc");
            });
            assertThat(summary.tunings()).singleElement().satisfies(tuning -> {
                assertThat(tuning.trials()).isEqualTo(3);
                assertThat(tuning.metric()).isEqualTo("roc_auc");
                assertThat(tuning.params()).containsKey("lambda");
            });
            assertThat(summary.registered()).containsExactly("demo:1 (@challenger)");
            assertThat(summary.lines()).extracting(RunSummary.Line::heading).containsExactly("Test metrics · eval (60 rows)", "Best trial · tune", "Registered");

            // every output of the run, of every kind, is there to show
            var outputs = new NodeOutputs(model).all();
            assertThat(outputs).extracting(NodeOutputs.Output::name).containsExactly("read.table", "split.train", "split.test", "split.valid", "tune.model",
                    "tune.trials", "eval.metrics");
            assertThat(NodeOutputs.describe(model.output("eval", "metrics").orElseThrow())).startsWith("metrics · accuracy ").endsWith("(60 rows)");
            assertThat(NodeOutputs.describe(model.output("tune", "trials").orElseThrow())).startsWith("trials · 3 (0 pruned), best trial ");
            assertThat(NodeOutputs.describe(model.output("tune", "model").orElseThrow())).startsWith("model · logistic_regression classification of label");
            var tuned = (io.pipewright.train.TrainedModel) model.output("tune", "model").orElseThrow();
            assertThat(new NodeOutputs(model).importanceRows("tune", "model", tuned)).get().extracting(NodeOutputs.Rows::name)
                    .as("measured on the rows the evaluation scores, which it did not train on").isEqualTo("split.test");
        }
    }
}
