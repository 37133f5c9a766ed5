package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.train.ModelArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipewright run}, {@code validate-pipeline}, {@code algorithms}, {@code nodes}: outputs and exit codes. */
class RunCommandTest {
    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.in(dir.resolve("home"), args);
    }

    @Test
    void runningASamplePipelinePrintsASummaryWritesTheModelAndTheJson() throws IOException {
        Path json = dir.resolve("run.json");
        CliRun result = run("run", "sample-data/pipelines/housing-prices.yaml", "--json", json.toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("housing-prices: finished in").contains("eval_boosting: rmse");
        assertThat(result.err()).contains("✓ boosting");
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(summary.get("status").asText()).isEqualTo("finished");
        assertThat(summary.get("runId").asText()).isNotBlank();
        assertThat(summary.get("nodes")).hasSize(6);
        assertThat(summary.get("nodes").get(0).get("id").asText()).isEqualTo("read");
        assertThat(summary.get("metrics").get("eval_ridge").get("r2").asDouble()).isGreaterThan(0.3);
        assertThat(summary.get("artifacts")).hasSize(4); // two models, two evaluations
        JsonNode evaluation = new ObjectMapper().readTree(Path.of(summary.get("artifacts").get(3).asText()).toFile());
        assertThat(evaluation.get("metrics").get("rmse").asDouble()).isPositive();
        assertThat(evaluation.get("baselines").get("mean").get("rmse").asDouble()).isGreaterThan(evaluation.get("metrics").get("rmse").asDouble());
        Path model = Path.of(summary.get("artifacts").get(0).asText());
        assertThat(model).exists().startsWith(dir.resolve("home").resolve("artifacts").resolve("housing-prices"));
        var loaded = ModelArtifact.read(model);
        assertThat(loaded.manifest().metrics()).containsKeys("rmse", "r2");
        assertThat(loaded.manifest().target()).isEqualTo("price_keur");
    }

    @Test
    void aRegisterNodeAddsVersionsAndMovesItsAlias() {
        for (int i = 0; i < 2; i++) {
            CliRun result = run("run", "sample-data/pipelines/credit-risk.yaml");
            assertThat(result.code()).as(result.err()).isZero();
        }
        try (var store = io.pipewright.track.Store.open(dir.resolve("home").resolve("store"), "test")) {
            var registry = new io.pipewright.track.ModelRegistry(store, java.time.Clock.systemUTC());
            var challenger = registry.find("credit-risk@challenger").orElseThrow();
            assertThat(challenger.version()).isEqualTo(2);
            assertThat(challenger.aliases()).containsExactly("challenger");
            assertThat(registry.find("credit-risk:1").orElseThrow().aliases()).isEmpty();
            assertThat(challenger.metricsJson()).contains("roc_auc");
            var loaded = ModelArtifact.read(Path.of(challenger.artifactPath()));
            assertThat(loaded.manifest().name()).isEqualTo("credit-risk");
            var runs = new io.pipewright.track.Runs(store, java.time.Clock.systemUTC()).list("credit-risk");
            assertThat(runs).hasSize(2).allSatisfy(run -> assertThat(run.status()).isEqualTo("finished"));
            assertThat(challenger.runKey()).isEqualTo(runs.get(0).key());
            // each tuning trial is a child run of the pipeline's run
            var trials = new io.pipewright.track.Runs(store, java.time.Clock.systemUTC()).children(runs.get(0).key());
            assertThat(trials).hasSize(20).allSatisfy(trial -> assertThat(trial.status()).isIn("finished", "pruned"));
        }
    }

    @Test
    void runsListAndShowReadTheRecordedRuns() throws IOException {
        CliRun first = run("run", "sample-data/pipelines/housing-prices.yaml", "--json", dir.resolve("a.json").toString());
        assertThat(first.code()).isZero();
        String runId = new ObjectMapper().readTree(dir.resolve("a.json").toFile()).get("runId").asText();

        CliRun list = run("runs", "list", "--filter", "metrics.eval_ridge.r2 > 0.3 and params.boosting.algorithm = 'gradient_boosting'", "--json");
        assertThat(list.code()).as(list.err()).isZero();
        JsonNode runs = new ObjectMapper().readTree(list.out());
        assertThat(runs).hasSize(1);
        JsonNode listed = runs.get(0);
        assertThat(listed.get("id").asText()).isEqualTo(runId);
        assertThat(listed.get("experiment").asText()).isEqualTo("housing-prices");
        assertThat(listed.get("status").asText()).isEqualTo("finished");
        assertThat(listed.get("start").asText()).isNotBlank();
        assertThat(listed.get("params").get("ridge.hyperparameters.alpha").asText()).isEqualTo("1.0");
        assertThat(listed.get("metrics").get("eval_ridge.r2").asDouble()).isGreaterThan(0.3);
        assertThat(listed.get("tags").get("pipewright.version").asText()).isNotBlank();

        CliRun none = run("runs", "list", "--filter", "status = 'failed'", "--json");
        assertThat(new ObjectMapper().readTree(none.out())).isEmpty();
        CliRun bad = run("runs", "list", "--filter", "metrics.r2 >> 1");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.errLines()).singleElement().asString().isEqualTo("pipewright: --filter: expected a number but found '>' at position 13");

        CliRun show = run("runs", "show", runId, "--json");
        JsonNode shown = new ObjectMapper().readTree(show.out());
        assertThat(shown.get("metrics").get("system.heap_used_mb").asDouble()).as("the run's system series").isPositive();
        assertThat(shown.get("datasets")).hasSize(1);
        assertThat(shown.get("artifacts").size()).isEqualTo(4);
        assertThat(run("runs", "show", "nope").errLines()).singleElement().asString().isEqualTo("pipewright: no run 'nope' in the store");
    }

    @Test
    void setChangesAParameterForOneRunAndUpToStopsEarly() {
        CliRun result = run("run", "sample-data/pipelines/credit-risk.yaml", "--set", "split.test=0.5", "--up-to", "split", "--json", "-");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"id\" : \"split\"").doesNotContain("\"id\" : \"train\"");
    }

    @Test
    void upToANodeThatDoesNotExistIsRefusedBeforeAnythingIsRecorded() throws IOException {
        CliRun refused = run("run", "sample-data/pipelines/credit-risk.yaml", "--up-to", "splt");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.errLines()).containsExactly("pipewright: credit-risk.yaml: no node 'splt' to run up to (did you mean 'split'?)");
        assertThat(refused.out()).isEmpty();
        CliRun runs = run("runs", "list", "--json");
        assertThat(runs.code()).as(runs.err()).isZero();
        assertThat(new ObjectMapper().readTree(runs.out())).isEmpty();
    }

    @Test
    void anInvalidPipelineIsExitTwoWithOneLineNamingTheNode() throws IOException {
        Files.writeString(dir.resolve("x.csv"), "a,y\n1,2\n");
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: bad
                nodes:
                  - id: read
                    type: read
                    params: {path: x.csv}
                  - id: train
                    type: train
                    inputs: {train: read.table}
                    params: {target: y, algorithm: random_forrest}
                """);
        for (String command : List.of("run", "validate-pipeline")) {
            CliRun result = run(command, file.toString());
            assertThat(result.code()).isEqualTo(2);
            assertThat(result.errLines()).singleElement().asString()
                    .startsWith("pipewright: bad.yaml: node 'train', params.algorithm: must be one of")
                    .contains("(did you mean 'random_forest'?)");
        }
    }

    @Test
    void aMissingDatasetIsExitTwoAndANodeThatFailsIsExitOne() throws IOException {
        Path missing = Files.writeString(dir.resolve("missing.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: missing
                nodes:
                  - id: read
                    type: read
                    params: {path: nowhere.csv}
                """);
        CliRun refused = run("run", missing.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.errLines()).singleElement().asString().startsWith("pipewright: missing.yaml: node 'read', params.path: ")
                .endsWith("nowhere.csv: no such file");

        Files.writeString(dir.resolve("one-class.csv"), "x,label\n1,yes\n2,yes\n3,yes\n");
        Path oneClass = Files.writeString(dir.resolve("one-class.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: one-class
                nodes:
                  - id: read
                    type: read
                    params: {path: one-class.csv}
                  - id: train
                    type: train
                    inputs: {train: read.table}
                    params: {target: label}
                """);
        CliRun failed = run("run", oneClass.toString());
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.out()).contains("one-class: failed").contains("node 'train': target 'label' has only one class ('true')");
    }

    @Test
    void validatePipelineAcceptsTheSamplesAndListsTheOrder() {
        CliRun result = run("validate-pipeline", "sample-data/pipelines/machine-health.yaml");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("machine-health.yaml: valid (9 nodes: read → impute → encode → scale → split");
    }

    @Test
    void algorithmsAndNodesListWhatPipelinesMayUse() {
        CliRun algorithms = run("algorithms");
        assertThat(algorithms.code()).isZero();
        assertThat(algorithms.out()).contains("xgboost — ").contains("num_round").contains("random_forest — ").contains("elastic_net — ")
                .contains("l1_ratio");
        CliRun nodes = run("nodes");
        assertThat(nodes.out()).contains("split [Transform]").contains("outputs: train (table), test (table), valid (table, optional)");
    }
}
