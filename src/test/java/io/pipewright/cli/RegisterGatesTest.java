package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The register node moves its alias only past the gates, judged on the rows its evaluate node scored. */
class RegisterGatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path pipeline(String name, String ignored) throws IOException {
        Path data = dir.resolve("loans.csv");
        if (!Files.exists(data)) {
            io.pipewright.pipeline.gate.GateFixtures.rows(1000, 5).write().csv(data.toFile());
        }
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: %s
                seed: 7
                nodes:
                  - {id: read, type: read, params: {path: loans.csv}}
                  - {id: split, type: split, inputs: {table: read.table}, params: {strategy: stratified, target: label, test: 0.3}}
                  - {id: train, type: train, inputs: {train: split.train}, params: {target: label, algorithm: logistic_regression, exclude: [%s]}}
                  - {id: eval, type: evaluate, inputs: {model: train.model, table: split.test}}
                  - {id: register, type: register, inputs: {model: train.model, metrics: eval.metrics}, params: {name: loans, alias: champion}}
                """.formatted(name, ignored));
        return file;
    }

    @Test
    void aModelBelowTheMajorityBaselineIsRegisteredWithoutTheAliasAndTheRunSaysWhichGate() throws IOException {
        Path home = dir.resolve("home");
        // trained on the noise column only: it cannot beat always answering "repaid"
        CliRun noise = CliRun.in(home, "run", pipeline("noise", "x").toString());
        assertThat(noise.code()).as("the work ran and the gate refused").isEqualTo(1);
        assertThat(noise.err()).containsPattern("✗ register: node 'register': gate baseline failed: accuracy 0\\.\\d{4} does not beat majority "
                + "0\\.\\d{4} by min_lift 0\\.0000 \\(lift [-+]0\\.\\d{4}\\); loans:1 stays registered without alias champion \\(promote anyway: "
                + "pipewright models promote loans 1 --alias champion --force\\)");
        JsonNode shown = JSON.readTree(CliRun.in(home, "models", "show", "loans", "--json").out());
        assertThat(shown.get("aliases").size()).as("no alias moved").isZero();
        assertThat(shown.get("versions")).hasSize(1);
        JsonNode refused = shown.get("aliasHistory").get(0);
        assertThat(refused.get("action").asText()).isEqualTo("refused");
        assertThat(refused.get("evidence").get("holdout").asText()).isEqualTo("the 300 rows evaluate node 'eval' scored");
        assertThat(refused.get("evidence").get("rows").asInt()).isEqualTo(300);
        assertThat(refused.get("evidence").get("gates").get(0).get("numbers").get("majority").asDouble()).isBetween(0.7, 0.9);
        Path models = home.resolve("artifacts").resolve("models").resolve("loans");
        assertThat(models.resolve("v1.holdout.parquet")).as("the raw rows kept for a later promote").isRegularFile();

        // the model of the signal passes, first with no holder, then against itself
        CliRun signal = CliRun.in(home, "run", pipeline("signal", "noise").toString());
        assertThat(signal.code()).as(signal.err()).isZero();
        CliRun again = CliRun.in(home, "run", pipeline("signal", "noise").toString());
        assertThat(again.code()).as(again.err()).isZero();
        JsonNode history = JSON.readTree(CliRun.in(home, "models", "show", "loans", "--json").out()).get("aliasHistory");
        assertThat(history).extracting(move -> move.get("action").asText()).containsExactly("refused", "register", "register");
        assertThat(history.get(2).get("from").asInt()).isEqualTo(2);
        assertThat(history.get(2).get("to").asInt()).isEqualTo(3);
        JsonNode regression = history.get(2).get("evidence").get("gates").get(1);
        assertThat(regression.get("status").asText()).isEqualTo("PASSED");
        assertThat(regression.get("numbers").get("difference").asDouble()).as("the same seed trains the same model").isZero();

        // models promote judges on the rows kept with the version, by default
        CliRun promote = CliRun.in(home, "models", "promote", "loans", "1", "--json");
        assertThat(promote.code()).isEqualTo(1);
        assertThat(JSON.readTree(promote.out()).get("evidence").get("holdout").asText())
                .isEqualTo("the 300 rows evaluate node 'eval' scored, kept with v1.pwmodel");
    }
}
