package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipewright monitor run|list|history} on the sample monitor: drift in the newer credit data retrains a challenger. */
class MonitorCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.in(dir.resolve("home"), args);
    }

    /** sample-data's credit folder, its pipeline (three tuning trials instead of twenty) and its monitor, side by side as in the repository. */
    private Path sampleMonitor() throws IOException {
        Files.createDirectories(dir.resolve("credit/incoming"));
        Files.createDirectories(dir.resolve("pipelines"));
        Files.createDirectories(dir.resolve("monitors"));
        Files.copy(Path.of("sample-data/credit/credit.csv"), dir.resolve("credit/credit.csv"));
        Files.copy(Path.of("sample-data/credit/incoming/credit-2027-11.csv"), dir.resolve("credit/incoming/credit-2027-11.csv"));
        Files.writeString(dir.resolve("pipelines/credit-risk.yaml"), Files.readString(Path.of("sample-data/pipelines/credit-risk.yaml"))
                .replace("trials: 20", "trials: 3"));
        return Files.copy(Path.of("sample-data/monitors/credit-risk.yaml"), dir.resolve("monitors/credit-risk.yaml"));
    }

    @Test
    void driftInTheNewDataRetrainsAChallengerAndTheHistoryKeepsIt() throws IOException {
        Path monitor = sampleMonitor();
        CliRun trained = run("run", dir.resolve("pipelines/credit-risk.yaml").toString());
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(run("models", "promote", "credit-risk", "1").code()).isZero();

        CliRun evaluated = run("monitor", "run", monitor.toString(), "--json", dir.resolve("check.json").toString());

        assertThat(evaluated.code()).as(evaluated.err()).isZero();
        JsonNode check = JSON.readTree(dir.resolve("check.json").toFile());
        assertThat(check.get("model").asText()).isEqualTo("credit-risk:1");
        assertThat(check.get("currentRows").asLong()).isEqualTo(800);
        assertThat(check.get("triggered").asBoolean()).isTrue();
        assertThat(check.get("maxPsi").asDouble()).as("incomes, debt ratios and purposes moved").isGreaterThanOrEqualTo(0.2);
        assertThat(check.get("status").asText()).isEqualTo("retrained");
        assertThat(check.get("challenger").asText()).isEqualTo("credit-risk:2");
        assertThat(check.get("metric").asText()).isEqualTo("accuracy");
        assertThat(check.get("metricValue").isNumber()).as("the new rows carry the outcome: the model is scored on them").isTrue();
        assertThat(evaluated.out()).contains("credit-risk-monthly: retrained", "registered credit-risk:2 as challenger");

        JsonNode model = JSON.readTree(run("models", "show", "credit-risk", "--json").out());
        assertThat(model.get("aliases").get("champion").asInt()).as("the champion is never moved").isEqualTo(1);
        assertThat(model.get("aliases").get("challenger").asInt()).isEqualTo(2);

        assertThat(run("monitor", "list").out()).contains("credit-risk-monthly", "retrained", "1 checks");
        JsonNode history = JSON.readTree(run("monitor", "history", "credit-risk-monthly", "--json").out());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("reasons").get(0).asText()).startsWith("PSI of ");
    }

    @Test
    void theChallengerIsTrainedOnTheReferenceAndTheNewRowsAndScoredOnBothTestSets() throws IOException {
        Path monitor = sampleMonitor();
        assertThat(run("run", dir.resolve("pipelines/credit-risk.yaml").toString()).code()).isZero();
        assertThat(run("models", "promote", "credit-risk", "1").code()).isZero();

        CliRun evaluated = run("monitor", "run", monitor.toString(), "--json", "-");

        assertThat(evaluated.code()).as(evaluated.err()).isZero();
        JsonNode check = JSON.readTree(evaluated.out());
        assertThat(check.get("challenger").asText()).isEqualTo("credit-risk:2");
        JsonNode retraining = check.get("retraining");
        assertThat(retraining.get("data").asText()).isEqualTo("reference+new");
        assertThat(retraining.get("datasets")).extracting(read -> read.get("role").asText() + " " + Path.of(read.get("path").asText()).getFileName())
                .containsExactly("reference credit.csv", "new credit-2027-11.csv");
        // 800 new rows, all labelled: 160 held out (20 %), 640 trained on beside the 800 reference rows outside the
        // champion's test split (no row repeats)
        assertThat(retraining.get("holdoutRows").asLong()).isEqualTo(160);
        assertThat(retraining.get("testRowsDropped").asLong()).isEqualTo(200);
        assertThat(retraining.get("trainingRows").asLong()).isEqualTo(1440);
        assertThat(retraining.get("holdout").get("accuracy").isNumber()).isTrue();
        // the pipeline's stratified 20 % test split of the 1000 reference rows, seed 42
        assertThat(retraining.get("championTestRows").asLong()).isEqualTo(200);
        assertThat(retraining.get("championTest").get("accuracy").isNumber()).isTrue();
        assertThat(check.get("promotion").get("mode").asText()).isEqualTo("manual");
        assertThat(check.get("promotion").get("moved").asBoolean()).isFalse();

        CliRun lineage = run("datasets", "lineage", "credit-risk@challenger");
        assertThat(lineage.out()).as("the challenger's run read the reference and the incoming file")
                .contains(dir.resolve("credit/credit.csv").toString(), dir.resolve("credit/incoming/credit-2027-11.csv").toString());
        JsonNode model = JSON.readTree(run("models", "show", "credit-risk", "--json").out());
        JsonNode versions = model.get("versions");
        assertThat(versions.get(1).get("metrics")).as("trained on other rows: its test metrics are not version 1's")
                .isNotEqualTo(versions.get(0).get("metrics"));
        assertThat(evaluated.err()).doesNotContain("warning");
        // the merged files repeat applicant ids, so applicant_id no longer looks like an identifier: the challenger still reads
        // exactly the champion's columns, so it can be served beside it (serve --ab) or swapped in for it
        try (var store = io.pipewright.track.Store.open(dir.resolve("home").resolve("store"), "test")) {
            var registry = new io.pipewright.track.ModelRegistry(store, java.time.Clock.systemUTC());
            java.util.function.Function<String, java.util.List<String>> inputs = reference -> io.pipewright.train.ModelArtifact
                    .read(Path.of(registry.find(reference).orElseThrow().artifactPath())).model().inputs().stream()
                    .map(io.pipewright.train.ModelArtifact.Input::name).toList();
            assertThat(inputs.apply("credit-risk:2")).doesNotContain("applicant_id").containsExactlyElementsOf(inputs.apply("credit-risk:1"));
        }
        // promoting the retrained version judges it on the new data's holdout, rows neither version trained on
        CliRun promote = run("models", "promote", "credit-risk", "2", "--json");
        assertThat(promote.code()).as(promote.err()).isIn(0, 1);
        JsonNode evidence = JSON.readTree(promote.out()).findValue("holdout");
        assertThat(evidence.asText()).startsWith("the new data's holdout of a monitor's retraining (160 rows)");
        CliRun text = run("monitor", "history", "credit-risk-monthly");
        assertThat(text.out()).contains("trained on reference+new: the reference and the new labelled rows (1440 training rows), 0 duplicate rows and "
                + "200 test rows left out; holdout 160 of 800 new rows", "read: reference credit.csv (1000 rows, sha256 ", "new credit-2027-11.csv (800 rows, sha256 ",
                "challenger on the new data's holdout (160 rows): accuracy 0.", "challenger on the champion's test data (200 rows): accuracy 0.",
                "promotion (manual): credit-risk:2 is the challenger; champion is moved by a person");
    }

    @Test
    void aMonitorOfAModelVersionThatDoesNotExistIsOneLineAndExitTwo() throws IOException {
        Path monitor = sampleMonitor();
        Files.writeString(monitor, Files.readString(monitor).replace("credit-risk@champion", "credit-risk:99"));

        CliRun result = run("monitor", "run", monitor.toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("pipewright: credit-risk.yaml: model: no registered model version credit-risk:99 "
                + "(no model named 'credit-risk' is registered)");
        assertThat(run("monitor", "list").out()).startsWith("No monitor has been evaluated yet");
        assertThat(run("monitor", "history", "credit-risk-monthly").code()).isEqualTo(2);
    }
}
