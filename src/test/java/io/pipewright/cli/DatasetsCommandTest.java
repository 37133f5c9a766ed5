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

/** {@code pipewright datasets list|show|lineage}: the versions profiles and pipeline runs record, and the chain from a model back to its data. */
class DatasetsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.in(dir.resolve("home"), args);
    }

    /** The credit-risk sample as it sits in sample-data (pipelines/ beside credit/), copied so that its data can change. */
    private Path samplePipeline() throws IOException {
        Files.createDirectories(dir.resolve("pipelines"));
        Files.createDirectories(dir.resolve("credit"));
        Files.copy(Path.of("sample-data/credit/credit.csv"), dir.resolve("credit/credit.csv"));
        return Files.copy(Path.of("sample-data/pipelines/credit-risk.yaml"), dir.resolve("pipelines/credit-risk.yaml"));
    }

    private CliRun runPipeline(Path pipeline) {
        // three tuning trials instead of twenty: the lineage is the same, the test is quicker
        CliRun result = run("run", pipeline.toString(), "--set", "train.trials=3");
        assertThat(result.code()).as(result.err()).isZero();
        return result;
    }

    @Test
    void aProfiledFileUsedByAPipelineLeadsToTheModelAndBackAndAChangedFileIsANewVersion() throws IOException {
        Path pipeline = samplePipeline();
        Path data = dir.resolve("credit/credit.csv").toAbsolutePath().normalize();
        CliRun profiled = run("profile", data.toString(), "--json", dir.resolve("p.json").toString());
        assertThat(profiled.code()).as(profiled.err()).isZero();
        runPipeline(pipeline);

        JsonNode list = JSON.readTree(run("datasets", "list", "--json").out());
        assertThat(list).hasSize(1);
        JsonNode first = list.get(0);
        assertThat(first.get("path").asText()).isEqualTo(data.toString());
        assertThat(first.get("rows").asLong()).isEqualTo(1000);
        assertThat(first.get("columns").asInt()).isEqualTo(10);
        assertThat(first.get("sizeBytes").asLong()).isEqualTo(Files.size(data));
        assertThat(first.get("readBy").asText()).isEqualTo("profile");
        assertThat(first.get("runs").asInt()).isEqualTo(1);
        long firstId = first.get("id").asLong();

        String table = run("datasets", "list").out();
        assertThat(table.lines().toList()).hasSize(2);
        assertThat(table.lines().toList().get(1)).contains(first.get("sha256").asText().substring(0, 12)).contains("1000").endsWith(data.toString());

        JsonNode shown = JSON.readTree(run("datasets", "show", Long.toString(firstId), "--json").out());
        assertThat(shown.get("hasProfile").asBoolean()).isTrue();
        assertThat(shown.get("schema")).hasSize(10);
        assertThat(shown.get("schema").get(0).get("name").asText()).isEqualTo("applicant_id");
        assertThat(shown.get("usedBy")).hasSize(1);
        JsonNode use = shown.get("usedBy").get(0);
        assertThat(use.get("experiment").asText()).isEqualTo("credit-risk");
        assertThat(use.get("status").asText()).isEqualTo("finished");
        assertThat(use.get("node").asText()).isEqualTo("read");
        assertThat(use.get("models")).hasSize(1);
        assertThat(use.get("models").get(0).get("name").asText()).isEqualTo("credit-risk");
        assertThat(use.get("models").get(0).get("version").asInt()).isEqualTo(1);
        assertThat(use.get("models").get(0).get("aliases").get(0).asText()).isEqualTo("challenger");
        String firstRun = use.get("run").asText();

        CliRun lineage = run("datasets", "lineage", "credit-risk@challenger");
        assertThat(lineage.code()).as(lineage.err()).isZero();
        assertThat(lineage.out()).startsWith("model credit-risk:1 (challenger)")
                .contains("← run " + firstRun + "  experiment credit-risk  finished")
                .contains("← node read: dataset version " + firstId + "  " + data + "  1000 rows × 10 columns");

        // the same path with other content: a second version, read by the pipeline (no profile)
        List<String> lines = Files.readAllLines(data);
        Files.write(data, lines.subList(0, lines.size() - 100));
        // another split of other rows: judged against version 1 on rows version 1 trained on, the gates refuse it the challenger
        // alias; it is registered all the same, and a person moves the alias past the gates (recorded as forced)
        CliRun second = run("run", pipeline.toString(), "--set", "train.trials=3");
        if (second.code() != 0) {
            assertThat(second.err()).contains("credit-risk:2 stays registered without alias challenger");
            CliRun forced = run("models", "promote", "credit-risk", "2", "--alias", "challenger", "--force");
            assertThat(forced.code()).as(forced.err()).isZero();
        }

        JsonNode history = JSON.readTree(run("datasets", "show", data.toString(), "--json").out());
        long secondId = history.get("id").asLong();
        assertThat(secondId).isNotEqualTo(firstId);
        assertThat(history.get("rows").asLong()).isEqualTo(900);
        assertThat(history.get("readBy").asText()).isEqualTo("pipeline");
        assertThat(history.get("hasProfile").asBoolean()).isFalse();
        assertThat(history.get("schema")).hasSize(10);
        assertThat(history.get("schema").get(1).get("type").asText()).isEqualTo("numeric");
        assertThat(history.get("history")).hasSize(2);
        assertThat(history.get("history").get(0).get("id").asLong()).isEqualTo(secondId);
        assertThat(history.get("history").get(0).get("current").asBoolean()).isTrue();
        assertThat(history.get("history").get(1).get("id").asLong()).isEqualTo(firstId);
        assertThat(history.get("history").get(1).get("current").asBoolean()).isFalse();
        assertThat(history.get("usedBy").get(0).get("models").get(0).get("version").asInt()).isEqualTo(2);

        JsonNode chain = JSON.readTree(run("datasets", "lineage", "credit-risk:2", "--json").out());
        assertThat(chain.get("model").get("version").asInt()).isEqualTo(2);
        assertThat(chain.get("model").get("aliases").get(0).asText()).isEqualTo("challenger");
        assertThat(chain.get("run").get("run").asText()).isNotEqualTo(firstRun);
        assertThat(chain.get("datasets")).hasSize(1);
        assertThat(chain.get("datasets").get(0).get("version").get("id").asLong()).isEqualTo(secondId);
        assertThat(chain.get("datasets").get(0).get("history")).hasSize(2);
        // the first model still leads back to the first version
        JsonNode older = JSON.readTree(run("datasets", "lineage", "credit-risk:1", "--json").out());
        assertThat(older.get("datasets").get(0).get("version").get("id").asLong()).isEqualTo(firstId);
        assertThat(older.get("model").get("aliases")).isEmpty();

        assertThat(run("datasets", "list").out().lines().toList()).hasSize(3);
    }

    @Test
    void anUnknownVersionPathOrModelIsExitTwoWithOneLine() {
        CliRun noVersion = run("datasets", "show", "999");
        assertThat(noVersion.code()).isEqualTo(2);
        assertThat(noVersion.errLines()).containsExactly("pipewright: no dataset version 999 (pipewright datasets list shows them)");

        Path nowhere = dir.resolve("nowhere.csv").toAbsolutePath();
        CliRun noPath = run("datasets", "show", nowhere.toString());
        assertThat(noPath.code()).isEqualTo(2);
        assertThat(noPath.errLines()).containsExactly("pipewright: no dataset version of " + nowhere + " (pipewright datasets list shows them)");

        CliRun noModel = run("datasets", "lineage", "nosuch:1");
        assertThat(noModel.code()).isEqualTo(2);
        assertThat(noModel.errLines()).containsExactly("pipewright: no registered model version nosuch:1");

        CliRun badVersion = run("datasets", "lineage", "nosuch:one");
        assertThat(badVersion.code()).isEqualTo(2);
        assertThat(badVersion.errLines()).containsExactly("pipewright: 'nosuch:one': a version is a number, as in nosuch:3");

        assertThat(run("datasets", "list").out()).startsWith("No dataset versions yet");
    }

    @Test
    void aDatasetVersionThatCannotBeRecordedIsAWarningAndTheRunStillFinishes() throws Exception {
        Path pipeline = samplePipeline();
        try (var store = io.pipewright.track.Store.open(dir.resolve("home").resolve("store"), "test");
             var connection = store.connection(); var statement = connection.createStatement()) {
            // a store whose dataset versions cannot be written (as if damaged)
            statement.execute("ALTER TABLE dataset_version RENAME TO dataset_version_gone");
        }
        CliRun result = runPipeline(pipeline);
        assertThat(result.out()).startsWith("credit-risk: finished");
        assertThat(result.errLines()).anySatisfy(line -> assertThat(line)
                .startsWith("pipewright: warning: the dataset version of credit.csv (node 'read') was not recorded: "));
        try (var store = io.pipewright.track.Store.open(dir.resolve("home").resolve("store"), "test")) {
            var runs = new io.pipewright.track.Runs(store, java.time.Clock.systemUTC()).list("credit-risk");
            assertThat(runs).singleElement().satisfies(run -> assertThat(run.status()).isEqualTo("finished"));
            assertThat(new io.pipewright.track.ModelRegistry(store, java.time.Clock.systemUTC()).find("credit-risk@challenger")).isPresent();
        }
    }
}
