package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.pipeline.CreditG;
import io.pipewright.train.ModelArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's pipeline on Weka's credit-g (read → impute → encode one_hot → split → tune → evaluate)
 * through the real command line: with one top-level target it runs to the end; a transform told to
 * encode the target a split needs is refused before anything runs, and nothing is recorded.
 */
class PipelineTargetCommandTest {
    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.in(dir.resolve("home"), args);
    }

    @BeforeEach
    void data() throws IOException {
        CreditG.writeData(dir);
    }

    @Test
    void theNewUsersCreditGPipelineRunsToTheEndWithOnlyATopLevelTarget() throws IOException {
        Path file = CreditG.pipeline("credit-g.yaml", dir);
        Path json = dir.resolve("run.json");
        CliRun result = run("run", file.toString(), "--json", json.toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("credit-g: finished in").contains("eval: accuracy");
        assertThat(result.err()).contains("✓ encode", "✓ split", "✓ tune", "✓ eval");
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(summary.get("status").asText()).isEqualTo("finished");
        // 70 % of the rows are good: the tuned model does better than always saying so
        assertThat(summary.get("metrics").get("eval").get("accuracy").asDouble()).isGreaterThan(0.72);
        var model = ModelArtifact.read(Path.of(summary.get("artifacts").get(0).asText()));
        assertThat(model.manifest().target()).isEqualTo("class");
        assertThat(model.manifest().labels()).containsExactlyInAnyOrder("good", "bad");
    }

    @Test
    void aTransformToldToEncodeTheTargetThatSplitUsesIsExitTwoBeforeAnythingRunsAndNothingIsRecorded() {
        Path file = CreditG.pipeline("credit-g-encodes-target.yaml", dir);
        for (String command : List.of("validate-pipeline", "run")) {
            CliRun result = run(command, file.toString());
            assertThat(result.code()).as(command).isEqualTo(2);
            assertThat(result.errLines()).as(command).containsExactly("pipewright: credit-g-encodes-target.yaml: node 'encode', params.columns: "
                    + "would turn target column 'class' of node 'split' into class=good, class=bad: take 'class' out of encode's columns, "
                    + "or give node 'split' another target");
            assertThat(result.out()).as(command).isEmpty();
        }
        try (var store = io.pipewright.track.Store.open(dir.resolve("home").resolve("store"), "test")) {
            assertThat(new io.pipewright.track.Runs(store, java.time.Clock.systemUTC()).list("credit-g")).as("no run is recorded").isEmpty();
        }
        assertThat(Files.exists(dir.resolve("home").resolve("artifacts").resolve("credit-g"))).isFalse();
    }
}
