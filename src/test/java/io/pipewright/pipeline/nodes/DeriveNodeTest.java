package io.pipewright.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.PipelineException;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Step;
import io.pipewright.train.TrainedModel;
import io.pipewright.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class DeriveNodeTest {
    @TempDir
    Path dir;

    @BeforeEach
    void data() throws IOException {
        TestPipelines.writeData(dir);
    }

    private static String derive(String id, String input, String name, String expression) {
        return "  - id: " + id + "\n    type: derive\n    inputs: {table: " + input + "}\n    params: {name: " + name + ", expression: \""
                + expression + "\"}\n";
    }

    private static DataTable table(PipelineRunner.Result result, String node) {
        assertThat(result.failure()).isNull();
        return (DataTable) result.outputs().get(node).get("table");
    }

    @Test
    void addsAColumnOrReplacesTheOneOfThatName() {
        var result = TestPipelines.run(derive("ratio", "read.table", "ratio", "round(income / age, 2)")
                + derive("city", "ratio.table", "city", "lower(city)")
                + derive("tag", "city.table", "tag", "concat(city, '-', year(joined), if(age >= 18, '', '-minor'))"), dir);
        Table raw = table(result, "read").table();
        Table derived = table(result, "tag").table();

        assertThat(derived.columnNames()).containsExactly("age", "income", "city", "joined", "x", "y", "label", "ratio", "tag");
        DoubleColumn ratio = derived.doubleColumn("ratio");
        for (int row = 0; row < raw.rowCount(); row++) {
            if (raw.column("age").isMissing(row) || raw.column("income").isMissing(row)) {
                assertThat(ratio.isMissing(row)).isTrue();
            } else {
                double expected = Math.round(raw.numberColumn("income").getDouble(row) / raw.numberColumn("age").getDouble(row) * 100) / 100.0;
                assertThat(ratio.get(row)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        assertThat(derived.stringColumn("city").unique().asList()).containsExactlyInAnyOrder("oslo", "rome", "lima");
        assertThat(derived.stringColumn("tag").get(9)).isEqualTo("oslo-2020"); // age 19
        assertThat(derived.stringColumn("tag").get(1)).isEqualTo("rome-2020-minor"); // age 11
        assertThat(derived.stringColumn("tag").get(0)).isEqualTo("oslo-2020-minor"); // no age: if() takes else
        assertThat(table(result, "tag").steps()).containsExactly(new Step.Derive("ratio", "round(income / age, 2)"),
                new Step.Derive("city", "lower(city)"), new Step.Derive("tag", "concat(city, '-', year(joined), if(age >= 18, '', '-minor'))"));
        assertThat(raw.column("city").get(0)).isEqualTo("Oslo"); // the input table is not changed
    }

    @Test
    void problemsNameTheNodeAndTheExpressionParameter() {
        var unknown = TestPipelines.run(derive("ratio", "read.table", "ratio", "incme / age"), dir);
        assertThat(unknown.status()).isEqualTo(PipelineRunner.Status.FAILED);
        assertThat(unknown.failure()).isEqualTo("node 'ratio', params.expression: unknown column 'incme' at position 1 (did you mean 'income'?)");

        var types = TestPipelines.run(derive("ratio", "read.table", "ratio", "city / age"), dir);
        assertThat(types.failure()).isEqualTo("node 'ratio', params.expression: operator '/' cannot apply to string and number at position 6");

        var blank = TestPipelines.run(derive("ratio", "read.table", "ratio", "if(age > 1, null, null)"), dir);
        assertThat(blank.failure()).isEqualTo("node 'ratio', params.expression: 'if(age > 1, null, null)' is always null, so the column would have no type");

        Throwable syntax = catchThrowable(() -> TestPipelines.validate(derive("ratio", "read.table", "ratio", "sqroot(income)"), dir));
        assertThat(syntax).isInstanceOf(PipelineException.class)
                .hasMessage("t.yaml: node 'ratio', params.expression: unknown function 'sqroot' at position 1 (did you mean 'sqrt'?)");
    }

    @Test
    void aModelTrainedAfterADeriveNodeComputesTheColumnAgainOnRawRows() {
        var result = TestPipelines.run(derive("sum", "read.table", "x_plus_y", "x + y")
                + "  - id: model\n    type: train\n    inputs: {train: sum.table}\n"
                + "    params: {target: label, algorithm: logistic_regression, exclude: [x, y, age, income, city, joined]}\n", dir);
        assertThat(result.failure()).isNull();
        TrainedModel model = (TrainedModel) result.outputs().get("model").get("model");
        DataTable derived = table(result, "sum");
        assertThat(model.steps()).containsExactly(new Step.Derive("x_plus_y", "x + y"));

        Table raw = table(result, "read").table().rejectColumns("label");
        double[][] fromRaw = model.probabilities(raw);
        assertThat(fromRaw).isDeepEqualTo(model.probabilities(derived.table(), derived.steps().size()));
        // learning from x + y alone, the model separates the classes that x + y defines
        int[] classes = model.classes(raw);
        int right = 0;
        for (int row = 0; row < raw.rowCount(); row++) {
            right += model.labels().get(classes[row]).equals(Trainer.labelOf(derived.table().column("label"), row)) ? 1 : 0;
        }
        assertThat(right).isGreaterThan(raw.rowCount() * 9 / 10);

        Path file = dir.resolve("m" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "m", Map.of(), "test", file);
        ModelArtifact.Loaded loaded = ModelArtifact.read(file);
        assertThat(loaded.manifest().steps()).containsExactly(new Step.Derive("x_plus_y", "x + y"));
        assertThat(loaded.model().probabilities(raw)).isDeepEqualTo(fromRaw);
    }

    @Test
    void aTargetDerivedFromAColumnThatScoringRowsLackStillScores() {
        var result = TestPipelines.run(derive("target", "read.table", "band", "if(income >= 25000, 'high', 'low')")
                + "  - id: model\n    type: train\n    inputs: {train: target.table}\n"
                + "    params: {target: band, algorithm: logistic_regression, exclude: [income, label, joined]}\n", dir);
        assertThat(result.failure()).isNull();
        TrainedModel model = (TrainedModel) result.outputs().get("model").get("model");
        var fresh = Table.create("fresh", DoubleColumn.create("age", new double[] {20, 40}), StringColumn.create("city", "Oslo", "Lima"),
                DoubleColumn.create("x", new double[] {0.1, -0.2}), DoubleColumn.create("y", new double[] {1, 2}));
        assertThat(model.probabilities(fresh)).hasNumberOfRows(2);
    }
}
