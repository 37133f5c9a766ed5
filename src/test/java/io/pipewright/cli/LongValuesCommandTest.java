package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long text reaches the store whole (a 9,000-character param from a pipeline or an MLflow import, a
 * 105-character MLflow run id); text longer than the store keeps is refused in words, exit 2, with
 * nothing run or written. No SQL reaches the person, and no run is left running.
 */
class LongValuesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.in(dir.resolve("home"), args);
    }

    private Path pipeline(String literal) throws IOException {
        Files.writeString(dir.resolve("numbers.csv"), "a,b\n1,2\n2,4\n3,6\n");
        return Files.writeString(dir.resolve("long.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: long
                nodes:
                  - id: read
                    type: read
                    params: {path: numbers.csv}
                  - id: derive
                    type: derive
                    inputs: {table: read.table}
                    params: {name: x, expression: "length('%s') + a"}
                """.formatted(literal));
    }

    @Test
    void aNineThousandCharacterParamIsRecordedWholeAndTheRunFinished() throws IOException {
        String literal = "x".repeat(9_000);
        Path json = dir.resolve("run.json");
        CliRun result = run("run", pipeline(literal).toString(), "--json", json.toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.err()).doesNotContain("warning").doesNotContain("SQL").doesNotContain("ERROR");
        String runId = JSON.readTree(json.toFile()).get("runId").asText();
        JsonNode shown = JSON.readTree(run("runs", "show", runId, "--json").out());
        assertThat(shown.get("status").asText()).isEqualTo("finished");
        assertThat(shown.at("/params/derive.expression").asText()).isEqualTo("length('" + literal + "') + a");
        // the next command finds nothing left running
        CliRun next = run("runs", "list");
        assertThat(next.err()).doesNotContain("marked killed");
    }

    @Test
    void aParamLongerThanTheStoreKeepsIsRefusedBeforeAnythingRuns() throws IOException {
        Path file = pipeline("x".repeat(1_000_000));
        for (String command : List.of("validate-pipeline", "run")) {
            CliRun result = run(command, file.toString());
            assertThat(result.code()).as(command).isEqualTo(2);
            assertThat(result.errLines()).as(command).containsExactly("pipewright: long.yaml: node 'derive', params.expression: the value is "
                    + "1,000,014 characters long; the store keeps at most 1,000,000");
        }
        assertThat(JSON.readTree(run("runs", "list", "--json").out())).as("nothing recorded").isEmpty();
    }

    @Test
    void anMlflowRunWithANineThousandCharacterParamAndA105CharacterIdIsImportedWhole() throws IOException {
        String id = "0123456789abcdef".repeat(7).substring(0, 105);
        String value = "p".repeat(9_000);
        Path run = Files.createDirectories(dir.resolve("mlruns/1").resolve(id));
        Files.writeString(dir.resolve("mlruns/1/meta.yaml"), "name: imported\n");
        Files.writeString(run.resolve("meta.yaml"), "run_id: " + id + "\nstart_time: 1000\nend_time: 2000\nstatus: 3\n");
        Files.writeString(Files.createDirectories(run.resolve("params")).resolve("prompt"), value);
        Files.writeString(Files.createDirectories(run.resolve("tags")).resolve("note"), value);

        CliRun imported = run("runs", "import-mlflow", dir.resolve("mlruns").toString());

        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.err()).doesNotContain("SQL").doesNotContain("ERROR");
        JsonNode shown = JSON.readTree(run("runs", "show", id, "--json").out());
        assertThat(shown.get("id").asText()).isEqualTo(id);
        assertThat(shown.get("status").asText()).isEqualTo("finished");
        assertThat(shown.at("/params/prompt").asText()).isEqualTo(value);
        assertThat(shown.at("/tags/note").asText()).isEqualTo(value);
    }

    @Test
    void anMlflowParamLongerThanTheStoreKeepsIsRefusedNamingTheRunFolder() throws IOException {
        Path run = Files.createDirectories(dir.resolve("mlruns/1/r1"));
        Files.writeString(dir.resolve("mlruns/1/meta.yaml"), "name: imported\n");
        Files.writeString(run.resolve("meta.yaml"), "run_id: r1\nstart_time: 1000\nstatus: 3\n");
        Files.writeString(Files.createDirectories(run.resolve("params")).resolve("prompt"), "p".repeat(1_000_001));

        CliRun imported = run("runs", "import-mlflow", dir.resolve("mlruns").toString());

        assertThat(imported.code()).isEqualTo(2);
        assertThat(imported.errLines()).containsExactly("pipewright: " + run + ": the param 'prompt' is 1,000,001 characters long; "
                + "the store keeps at most 1,000,000");
        assertThat(JSON.readTree(run("runs", "list", "--json").out())).as("nothing imported").isEmpty();
    }
}
