package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input nested deeper than a parser allows is refused in one line naming the file, node or field and
 * the limit (exit 2); a long chain of one operator, which is not nesting, validates and runs.
 */
class NestingLimitCommandTest {
    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.in(dir.resolve("home"), args);
    }

    private Path pipeline(String expression) throws IOException {
        Files.writeString(dir.resolve("numbers.csv"), "a,b\n1,2\n2,4\n3,6\n");
        Files.writeString(dir.resolve("sum.suite.yaml"), "suite: sum\ntable:\n  rules:\n    - name: sum\n      expression: \"x = a * 2500\"\n");
        return Files.writeString(dir.resolve("derive.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: derived
                nodes:
                  - id: read
                    type: read
                    params: {path: numbers.csv}
                  - id: derive
                    type: derive
                    inputs: {table: read.table}
                    params: {name: x, expression: "%s"}
                  - id: check
                    type: validate
                    inputs: {table: derive.table}
                    params: {suite: sum.suite.yaml, on_failure: fail}
                """.formatted(expression));
    }

    @Test
    void aDeriveNestedThousandsDeepIsRefusedByValidateAndRunAlike() throws IOException {
        Path file = pipeline("(".repeat(3_000) + "a" + ")".repeat(3_000));
        for (String command : List.of("validate-pipeline", "run")) {
            CliRun result = run(command, file.toString());
            assertThat(result.code()).as(command).isEqualTo(2);
            assertThat(result.errLines()).as(command).containsExactly("pipewright: derive.yaml: node 'derive', params.expression: nested more "
                    + "than 200 levels deep (parentheses, function calls, not and minus signs) at position 201");
        }
        // refused before anything was recorded
        CliRun runs = run("runs", "list", "--json");
        assertThat(new ObjectMapper().readTree(runs.out())).isEmpty();
    }

    @Test
    void aChainOfTwoThousandFiveHundredAdditionsThatValidatesAlsoRuns() throws IOException {
        Path file = pipeline(String.join(" + ", Collections.nCopies(2_500, "a")));
        CliRun validated = run("validate-pipeline", file.toString());
        assertThat(validated.code()).as(validated.err()).isZero();
        Path json = dir.resolve("run.json");
        CliRun result = run("run", file.toString(), "--json", json.toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.err()).doesNotContain("StackOverflowError").doesNotContain("warning");
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        // the suite's rule x = a * 2500 held on every row, so the chain was evaluated, and evaluated right
        assertThat(summary.get("status").asText()).isEqualTo("finished");
    }

    @Test
    void aSuiteRuleNestedTooDeepNamesTheFileLineAndField() throws IOException {
        Files.writeString(dir.resolve("numbers.csv"), "a,b\n1,2\n");
        Path suite = Files.writeString(dir.resolve("deep.suite.yaml"), "suite: deep\ntable:\n  rules:\n    - name: deep\n      expression: \""
                + "not ".repeat(1_000) + "a > 0\"\n");
        CliRun result = run("validate", dir.resolve("numbers.csv").toString(), "--suite", suite.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("pipewright: deep.suite.yaml:5: table.rules[0].expression: nested more than 200 levels "
                + "deep (parentheses, function calls, not and minus signs) at position 801");
    }

    @Test
    void aRunsFilterNestedThousandsDeepIsBadUsage() {
        CliRun result = run("runs", "list", "--filter", "(".repeat(3_000) + "status = 'finished'" + ")".repeat(3_000));
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("pipewright: --filter: parentheses nested more than 200 levels deep at position 201");
    }
}
