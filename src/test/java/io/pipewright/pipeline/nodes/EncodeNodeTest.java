package io.pipewright.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeCache;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.RunListener;
import io.pipewright.train.Step;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class EncodeNodeTest {
    @TempDir
    Path dir;

    private PipelineRunner.Result run(String encodeParams) throws IOException {
        // city a: 3 of 4 rows positive; city b: 0 of 2; overall 3 of 6
        Files.writeString(dir.resolve("d.csv"), "city,label\na,yes\na,yes\na,yes\na,no\nb,no\nb,no\n");
        var document = PipelineFiles.parse("""
                apiVersion: pipewright/v1
                kind: Pipeline
                name: t
                nodes:
                  - id: read
                    type: read
                    params: {path: d.csv}
                  - id: encode
                    type: encode
                    inputs: {table: read.table}
                    params: %s
                """.formatted(encodeParams), "t.yaml", false);
        var pipeline = new PipelineValidator(NodeCatalog.standard()).validate(document, dir, "t.yaml");
        return new PipelineRunner(new NodeCache(4), 1).run(pipeline, null, 1, RunListener.NONE, Progress.NONE);
    }

    @Test
    void targetEncodingSmoothsEachLevelsMeanTowardsTheOverallMeanAndLeavesTheTargetAlone() throws IOException {
        var result = run("{method: target, target: label, smoothing: 2}");
        assertThat(result.failure()).isNull();
        var output = (DataTable) result.outputs().get("encode").get("table");
        // labels: no < yes, so yes is 1; a: (3 + 2·0.5) / (4 + 2) = 0.6667; b: (0 + 1) / (2 + 2) = 0.25
        assertThat(output.table().numberColumn("city").getDouble(0)).isCloseTo(4.0 / 6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(output.table().numberColumn("city").getDouble(5)).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(output.table().column("label").type().name()).isEqualTo("BOOLEAN");
        // an unseen city takes the overall mean
        Step step = output.steps().get(0);
        Table fresh = Table.create("f", StringColumn.create("city", "c"));
        assertThat(step.apply(fresh).numberColumn("city").getDouble(0)).isEqualTo(0.5);
    }

    @Test
    void aModelWhoseEncodingWasFittedAfterTheSplitScoresTheTestRowsThroughTheStepsTheyMissed() throws IOException {
        Files.copy(Path.of("sample-data/credit/credit.csv"), dir.resolve("credit.csv"));
        var document = PipelineFiles.parse("""
                apiVersion: pipewright/v1
                kind: Pipeline
                name: t
                nodes:
                  - id: read
                    type: read
                    params: {path: credit.csv}
                  - id: impute
                    type: impute
                    inputs: {table: read.table}
                  - id: split
                    type: split
                    inputs: {table: impute.table}
                    params: {strategy: stratified, target: default}
                  - id: encode
                    type: encode
                    inputs: {table: split.train}
                    params: {method: target, target: default, columns: [purpose, home_ownership]}
                  - id: train
                    type: train
                    inputs: {train: encode.table}
                    params: {target: default, algorithm: logistic_regression}
                  - id: eval
                    type: evaluate
                    inputs: {model: train.model, table: split.test}
                """, "t.yaml", false);
        var pipeline = new PipelineValidator(NodeCatalog.standard()).validate(document, dir, "t.yaml");
        var result = new PipelineRunner(new NodeCache(8), 1).run(pipeline, null, 1, RunListener.NONE, Progress.NONE);
        assertThat(result.failure()).isNull();
        var metrics = ((io.pipewright.pipeline.Evaluation) result.outputs().get("eval").get("metrics")).metrics();
        assertThat(metrics.get("roc_auc")).isGreaterThan(0.6);
    }

    @Test
    void targetEncodingWithoutATargetIsRefusedBeforeRunning() {
        assertThat(catchThrowable(() -> run("{method: target}"))).hasMessageContaining("node 'encode', params.target: missing: method target needs the target column");
    }
}
