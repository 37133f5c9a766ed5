package io.pipewright.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeCache;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.RunListener;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.NumericColumn;

/** The pipeline's target: transforms take it from the pipeline and leave it alone unless their columns list it. */
class PipelineTargetNodesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void data() throws IOException {
        TestPipelines.writeData(dir);
    }

    private PipelineRunner.Result run(String target, String nodes) {
        var document = PipelineFiles.parse(TestPipelines.HEAD.replace("seed: 1\n", "seed: 1\ntarget: " + target + "\n") + nodes, "t.yaml", false);
        var pipeline = new PipelineValidator(TestPipelines.catalog()).validate(document, dir, "t.yaml");
        PipelineRunner.Result result = new PipelineRunner(new NodeCache(8), 1).run(pipeline, null, 1, RunListener.NONE, Progress.NONE);
        assertThat(result.failure()).isNull();
        return result;
    }

    private static DataTable table(PipelineRunner.Result result, String node) {
        return (DataTable) result.outputs().get(node).get("table");
    }

    @Test
    void imputeAndScaleLeaveANumericTargetAsItWasAndChangeTheOtherColumns() {
        var result = run("income", """
                  - id: impute
                    type: impute
                    inputs: {table: read.table}
                  - id: scale
                    type: scale
                    inputs: {table: impute.table}
                """);
        var raw = (NumericColumn<?>) table(result, "read").table().column("income");
        var income = (NumericColumn<?>) table(result, "scale").table().column("income");
        var age = (NumericColumn<?>) table(result, "scale").table().column("age");
        assertThat(income.countMissing()).as("the target is not filled").isEqualTo(raw.countMissing()).isEqualTo(43);
        for (int i = 0; i < raw.size(); i++) {
            if (!raw.isMissing(i)) {
                assertThat(income.getDouble(i)).as("the target is not rescaled").isEqualTo(raw.getDouble(i));
            }
        }
        assertThat(age.countMissing()).as("other columns are filled").isZero();
        assertThat(java.util.Arrays.stream(age.asDoubleArray()).average().orElseThrow()).as("and rescaled").isCloseTo(0.0,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void encodeLeavesATextTargetAloneUnlessItsColumnsListIt() {
        var leftAlone = run("city", """
                  - id: encode
                    type: encode
                    inputs: {table: read.table}
                    params: {method: one_hot}
                """);
        assertThat(table(leftAlone, "encode").table().columnNames()).contains("city").noneMatch(name -> name.startsWith("city="));

        var told = run("city", """
                  - id: encode
                    type: encode
                    inputs: {table: read.table}
                    params: {method: one_hot, columns: [city]}
                """);
        assertThat(table(told, "encode").table().columnNames()).doesNotContain("city").contains("city=Oslo", "city=Rome", "city=Lima");
    }

    @Test
    void selectKeepsTheTargetThatKeepDoesNotListAndDropsItWhenTold() {
        var kept = run("label", """
                  - id: select
                    type: select
                    inputs: {table: read.table}
                    params: {keep: [x, y]}
                """);
        assertThat(table(kept, "select").table().columnNames()).containsExactly("x", "y", "label");
        var dropped = run("label", """
                  - id: select
                    type: select
                    inputs: {table: read.table}
                    params: {drop: [label]}
                """);
        assertThat(table(dropped, "select").table().columnNames()).doesNotContain("label");
    }

    @Test
    void aNodeThatNamesItsOwnTargetKeepsItAndTheOthersTakeThePipelines() {
        var document = PipelineFiles.parse(TestPipelines.HEAD.replace("seed: 1\n", "seed: 1\ntarget: label\n") + """
                  - id: split
                    type: split
                    inputs: {table: read.table}
                    params: {strategy: stratified}
                  - id: train
                    type: train
                    inputs: {train: split.train}
                    params: {target: city, algorithm: logistic_regression}
                """, "t.yaml", false);
        var pipeline = new PipelineValidator(TestPipelines.catalog()).validate(document, dir, "t.yaml");
        assertThat(pipeline.params().get("split")).containsEntry("target", "label");
        assertThat(pipeline.params().get("train")).containsEntry("target", "city");
        assertThat(pipeline.params().get("read")).doesNotContainKey("target");
    }
}
