package io.pipewright.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.PipelineException;
import io.pipewright.pipeline.PipelineRunner;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class FilterNodeTest {
    @TempDir
    Path dir;

    @BeforeEach
    void data() throws IOException {
        TestPipelines.writeData(dir);
    }

    private static String filter(String expression) {
        return "  - id: adults\n    type: filter\n    inputs: {table: read.table}\n    params: {expression: \"" + expression + "\"}\n";
    }

    @Test
    void keepsOnlyTheRowsWhereTheConditionIsTrue() {
        var result = TestPipelines.run(filter("age >= 18 and income is not null and city in ('Oslo', 'Rome') and joined < '2020-07-01'"), dir);
        assertThat(result.failure()).isNull();
        DataTable read = (DataTable) result.outputs().get("read").get("table");
        DataTable kept = (DataTable) result.outputs().get("adults").get("table");

        Table raw = read.table();
        int expected = 0;
        for (int row = 0; row < raw.rowCount(); row++) {
            boolean ageKnown = !raw.column("age").isMissing(row);
            if (ageKnown && ((Number) raw.column("age").get(row)).doubleValue() >= 18 && !raw.column("income").isMissing(row)
                    && !raw.stringColumn("city").get(row).equals("Lima") && raw.dateTimeColumn("joined").get(row).getMonthValue() < 7) {
                expected++;
            }
        }
        assertThat(expected).isBetween(20, raw.rowCount() - 20);
        assertThat(kept.rows()).isEqualTo(expected);
        assertThat(kept.table().columnNames()).isEqualTo(raw.columnNames());
        assertThat(kept.table().stringColumn("city").unique().asList()).containsExactlyInAnyOrder("Oslo", "Rome");
        // a filter is not a step that a model repeats: scoring keeps every row it is given
        assertThat(kept.steps()).isEmpty();
        assertThat(kept.sources()).isEqualTo(read.sources());
    }

    @Test
    void aSyntaxErrorIsReportedWhenThePipelineIsValidated() {
        Throwable thrown = catchThrowable(() -> TestPipelines.validate(filter("(age > 18))"), dir));
        assertThat(thrown).isInstanceOf(PipelineException.class)
                .hasMessage("t.yaml: node 'adults', params.expression: unexpected ')' at position 11");
    }

    @Test
    void anUnknownColumnIsNamedWithTheClosestOneWhenItRuns() {
        var result = TestPipelines.run(filter("agee >= 18"), dir);
        assertThat(result.status()).isEqualTo(PipelineRunner.Status.FAILED);
        assertThat(result.failure()).isEqualTo("node 'adults', params.expression: unknown column 'agee' at position 1 (did you mean 'age'?)");
    }

    @Test
    void aConditionThatIsNotTrueOrFalseIsRefused() {
        var result = TestPipelines.run(filter("age + 1"), dir);
        assertThat(result.failure()).isEqualTo("node 'adults', params.expression: a row condition must give true or false, not a number");
        var typeError = TestPipelines.run(filter("city * 2 > 1"), dir);
        assertThat(typeError.failure()).isEqualTo("node 'adults', params.expression: operator '*' cannot apply to string and number at position 6");
    }

    @Test
    void aMissingExpressionIsReportedByTheValidator() {
        Throwable thrown = catchThrowable(() -> TestPipelines.validate("  - id: adults\n    type: filter\n    inputs: {table: read.table}\n", dir));
        assertThat(thrown).isInstanceOf(PipelineException.class).hasMessageContaining("node 'adults', params.expression");
    }
}
