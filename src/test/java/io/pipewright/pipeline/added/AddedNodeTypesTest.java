package io.pipewright.pipeline.added;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pipewright.pipeline.FileColumns;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.NodeEvent;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineColumns;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineException;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.RecordedRun;
import io.pipewright.pipeline.RunListener;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.train.ModelArtifact;
import io.pipewright.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node types added in the tests only ({@link SampleRowsNode}, {@link ScoreFileNode}), each one class
 * and one line in the catalog, are checked by the validator, flow their columns to the nodes
 * downstream, and are recorded by a run as what they declare: a dataset read, an evaluation.
 */
class AddedNodeTypesTest {
    /** The standard catalog, and one line per added node type. */
    static final NodeCatalog CATALOG = NodeCatalog.standard()
            .with(new SampleRowsNode())
            .with(new ScoreFileNode());

    @TempDir
    Path dir;

    /** {@code rows} seeded rows: two numbers, a batch name, and a label that follows the numbers' sum. */
    static Path labelled(Path file, int rows, long seed) throws Exception {
        var random = new Random(seed);
        var text = new StringBuilder("x1,x2,batch,label\n");
        for (int i = 0; i < rows; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            text.append(String.format(Locale.US, "%.4f,%.4f,b%d,%d%n", a, b, i % 3, a + b + random.nextGaussian() * 0.3 > 0 ? 1 : 0));
        }
        return Files.writeString(file, text);
    }

    private static PipelineDocument parse(String nodes) {
        return PipelineFiles.parse("apiVersion: pipewright/v1\nkind: Pipeline\nname: added\nnodes:\n" + nodes, "added.yaml", false);
    }

    @Test
    void theValidatorChecksAnAddedNodeTypesParametersPortsAndDatasetFile() throws Exception {
        labelled(dir.resolve("data.csv"), 50, 1);
        var validator = new PipelineValidator(CATALOG);
        var document = parse("""
                  - {id: read, type: read, params: {path: data.csv}}
                  - {id: sample, type: sample, inputs: {table: read.table}, params: {rows: 0, rowz: 5}}
                  - {id: split, type: split, inputs: {table: read.table}}
                  - {id: train, type: train, inputs: {train: split.train}, params: {target: label}}
                  - {id: holdout, type: score_file, inputs: {model: split.test}, params: {path: missing.csv}}
                """);
        assertThat(validator.problems(document)).extracting(Object::toString)
                .anyMatch(problem -> problem.startsWith("node 'sample', params.rowz: unknown parameter of a sample node") && problem.contains("rows"))
                .contains("node 'sample', params.rows: must be between 1 and 1000000000, not 0")
                .contains("node 'holdout', inputs.model: expects a model, but split.test is a table");
        assertThat(validator.refusal(document, "train", "model", "sample", "table")).isEqualTo("type mismatch: model output into a table input");

        var fixed = parse("""
                  - {id: read, type: read, params: {path: data.csv}}
                  - {id: split, type: split, inputs: {table: read.table}}
                  - {id: train, type: train, inputs: {train: split.train}, params: {target: label}}
                  - {id: holdout, type: score_file, inputs: {model: train.model}, params: {path: missing.csv}}
                """);
        Throwable refused = catchThrowable(() -> validator.validate(fixed, dir, "added.yaml"));
        assertThat(refused).as("the dataset file it declares is checked before anything runs").isInstanceOf(PipelineException.class)
                .hasMessage("added.yaml: node 'holdout', params.path: " + dir.resolve("missing.csv") + ": no such file");
    }

    @Test
    void anAddedNodeTypesColumnsFlowToTheColumnChecksAndPickersDownstream() throws Exception {
        labelled(dir.resolve("data.csv"), 50, 1);
        labelled(dir.resolve("holdout.csv"), 20, 2);
        var document = parse("""
                  - {id: read, type: read, params: {path: data.csv}}
                  - {id: sample, type: sample, inputs: {table: read.table}, params: {keep: [x1, x2]}}
                  - {id: split, type: split, inputs: {table: sample.table}, params: {strategy: stratified, target: label}}
                """);
        var columns = new PipelineColumns(CATALOG);
        assertThat(columns.into(document, dir, "sample")).containsExactly("x1", "x2", "batch", "label");
        assertThat(columns.into(document, dir, "split")).as("what sample's keep leaves").containsExactly("x1", "x2");
        assertThat(new PipelineValidator(CATALOG).problems(document, dir, FileColumns.reading())).extracting(Object::toString)
                .containsExactly("node 'sample', params.keep: would remove target column 'label' of node 'split': add 'label' to sample's keep, "
                        + "or give node 'split' another target");
        var kept = parse("""
                  - {id: read, type: read, params: {path: data.csv}}
                  - {id: sample, type: sample, inputs: {table: read.table}, params: {keep: [x1, label]}}
                  - {id: split, type: split, inputs: {table: sample.table}, params: {strategy: stratified, target: label}}
                """);
        assertThat(new PipelineValidator(CATALOG).problems(kept, dir, FileColumns.reading())).isEmpty();

        // a node type that reads a dataset: its file's columns, read once, flow on
        var scored = parse("""
                  - {id: read, type: read, params: {path: data.csv}}
                  - {id: train, type: train, inputs: {train: read.table}, params: {target: label}}
                  - {id: holdout, type: score_file, inputs: {model: train.model}, params: {path: holdout.csv}}
                  - {id: sample, type: sample, inputs: {table: holdout.table}, params: {keep: [batch, label]}}
                """);
        var counting = new PipelineColumns(CATALOG, new FileColumns() {
            int reads;

            @Override
            public io.pipewright.pipeline.TableColumns of(Path file, java.util.List<String> na) {
                assertThat(++reads).as("each file is read once").isLessThanOrEqualTo(2);
                return FileColumns.read(file, na);
            }
        });
        assertThat(counting.allRead(scored, dir)).isFalse();
        assertThat(counting.known(scored, dir).namesInto("sample")).as("nothing read yet: not known").isEmpty();
        assertThat(counting.into(scored, dir, "sample")).as("holdout.csv's columns").containsExactly("x1", "x2", "batch", "label");
        assertThat(counting.allRead(scored, dir)).as("data.csv is not read yet").isFalse();
        assertThat(counting.readAll(scored, dir)).isTrue();
        assertThat(counting.allRead(scored, dir)).isTrue();
        assertThat(counting.readAll(scored, dir)).as("nothing more to read").isFalse();
        assertThat(counting.known(scored, dir).out("sample").names()).containsExactly("batch", "label");
        assertThat(counting.read(scored, dir)).as("the columns of every dataset read: the target's choices").containsExactly("x1", "x2", "batch", "label");
    }

    @Test
    void aRunRecordsTheDatasetAndTheEvaluationAnAddedNodeTypeDeclares() throws Exception {
        labelled(dir.resolve("data.csv"), 200, 1);
        Path holdout = labelled(dir.resolve("holdout.csv"), 60, 2);
        Pipeline pipeline = new PipelineValidator(CATALOG).validate(parse("""
                  - {id: read, type: read, params: {path: data.csv}}
                  - {id: train, type: train, inputs: {train: read.table}, params: {target: label, algorithm: logistic_regression, exclude: [batch]}}
                  - {id: holdout, type: score_file, inputs: {model: train.model}, params: {path: holdout.csv}}
                  - {id: sample, type: sample, inputs: {table: holdout.table}, params: {rows: 10}}
                """), dir, "added.yaml");
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var warnings = new ArrayList<String>();
            var setting = new RecordedRun.Setting(store, dir.resolve("artifacts"), "test", Map.of(), 1, null);
            var outcome = RecordedRun.run(pipeline, "added.yaml", null, 7, setting, RunListener.NONE, Progress.NONE, warnings::add);

            assertThat(outcome.result().nodes().values()).allSatisfy(node -> assertThat(node.status()).isEqualTo(NodeEvent.Status.DONE));
            assertThat(warnings).isEmpty();
            assertThat(outcome.metrics()).as("the run's evaluations: the node that declares it produces one").containsOnlyKeys("holdout");
            double accuracy = outcome.metrics().get("holdout").get("accuracy");
            assertThat(accuracy).isBetween(0.7, 1.0);

            var runs = new Runs(store, Clock.systemUTC());
            var run = runs.find(outcome.runId()).orElseThrow();
            assertThat(runs.latestMetrics(run.id())).containsEntry("holdout.accuracy", accuracy);
            assertThat(runs.datasets(run.id())).as("the files read by read and by holdout, not the tables derived from them").hasSize(2);
            var version = new DatasetVersions(store).latest(holdout.toAbsolutePath().normalize().toString()).orElseThrow();
            assertThat(version.rows()).isEqualTo(60);
            assertThat(version.format()).isEqualTo("CSV");
            assertThat(version.readBy()).isEqualTo(DatasetVersions.PIPELINE);

            Path model = outcome.artifacts().stream().filter(file -> file.getFileName().toString().equals("train" + ModelArtifact.EXTENSION))
                    .findFirst().orElseThrow();
            assertThat(ModelArtifact.read(model).manifest().metrics()).as("the model is written with the metrics of the node that scored it")
                    .containsEntry("accuracy", accuracy);
        }
    }
}
