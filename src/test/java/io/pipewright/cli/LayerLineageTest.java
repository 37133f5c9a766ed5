package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.data.lake.LayerCatalog;
import io.pipewright.data.lake.Snapshots;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provenance across layers, through the command line as a person makes it: a version committed from a layer names it,
 * a publish node names its run and the layer versions read upstream, a pipeline's read of a layer is recorded in the
 * store by its pinned version (so a model's lineage reaches it), and two homes pointed at one data folder see the same
 * versions.
 */
class LayerLineageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CREDIT = Path.of("sample-data/credit/credit.csv").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void bronzeToSilverToGoldToAModelIsOneChain() throws Exception {
        Path home = dir.resolve("home");
        CliRun bronze = CliRun.in(home, "datasets", "commit", CREDIT.toString(), "--name", "credit", "--layer", "bronze", "--key", "applicant_id");
        assertThat(bronze.code()).as(bronze.err()).isZero();
        CliRun silver = CliRun.in(home, "datasets", "commit", "bronze/credit", "--name", "credit", "--layer", "silver", "-m", "cleaned", "--json");
        assertThat(silver.code()).as(silver.err()).isZero();
        JsonNode silverVersion = JSON.readTree(silver.out());
        assertThat(silverVersion.get("source").asText()).as("a layer read at its newest version is named by its number").isEqualTo("bronze/credit@1");
        assertThat(silverVersion.get("upstream")).extracting(JsonNode::asText).containsExactly("bronze/credit@1");

        Path gold = Files.writeString(dir.resolve("gold.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: credit-gold
                nodes:
                  - {id: read, type: read, params: {path: silver/credit}}
                  - {id: impute, type: impute, inputs: {table: read.table}, params: {strategy: median, target: default}}
                  - {id: publish, type: publish, inputs: {table: impute.table}, params: {name: credit, layer: gold, message: imputed}}
                """);
        CliRun published = CliRun.in(home, "run", gold.toString(), "--json", "-");
        assertThat(published.code()).as(published.err()).isZero();
        String publishingRun = JSON.readTree(published.out()).get("runId").asText();
        JsonNode goldVersion = JSON.readTree(CliRun.in(home, "datasets", "log", "gold/credit", "--json").out()).get(0);
        assertThat(goldVersion.get("run").asText()).isEqualTo(publishingRun);
        assertThat(goldVersion.get("upstream")).extracting(JsonNode::asText).containsExactly("silver/credit@1");

        Path model = Files.writeString(dir.resolve("model.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: credit-model
                nodes:
                  - {id: read, type: read, params: {path: gold/credit}}
                  - {id: split, type: split, inputs: {table: read.table}, params: {strategy: stratified, target: default, test: 0.3}}
                  - {id: train, type: train, inputs: {train: split.train}, params: {target: default, algorithm: logistic_regression, exclude: [applicant_id]}}
                  - {id: eval, type: evaluate, inputs: {model: train.model, table: split.test}}
                  - {id: register, type: register, inputs: {model: train.model, metrics: eval.metrics}, params: {name: credit}}
                """);
        CliRun trained = CliRun.in(home, "run", model.toString(), "--json", "-");
        assertThat(trained.code()).as(trained.err()).isZero();
        String trainingRun = JSON.readTree(trained.out()).get("runId").asText();

        // the model's lineage reaches the Gold version it was trained on, by its pinned reference
        CliRun lineage = CliRun.in(home, "datasets", "lineage", "credit:1", "--json");
        assertThat(lineage.code()).as(lineage.err()).isZero();
        JsonNode data = JSON.readTree(lineage.out()).get("datasets");
        assertThat(data).singleElement().satisfies(use -> assertThat(use.get("version").get("path").asText()).isEqualTo("gold/credit@1"));

        var snapshots = new Snapshots(home.resolve("data"));
        Snapshots.Version goldCredit = snapshots.resolve("gold/credit@1");
        try (Store store = Store.open(home.resolve("store"), "test")) {
            assertThat(new DatasetVersions(store).runsUsing(goldCredit.sha256())).as("the run that read the version, by its content")
                    .singleElement().satisfies(run -> {
                        assertThat(run.runKey()).isEqualTo(trainingRun);
                        assertThat(run.models()).extracting(DatasetVersions.ModelUse::reference).containsExactly("credit:1");
                    });
        }

        var catalog = new LayerCatalog(home.resolve("data"));
        assertThat(catalog.lineage(goldCredit).upstream()).extracting(LayerCatalog.Step::reference)
                .containsExactly("bronze/credit@1", "silver/credit@1");
        assertThat(catalog.lineage(snapshots.resolve("bronze/credit@1")).downstream()).extracting(LayerCatalog.Step::reference)
                .containsExactly("silver/credit@1", "gold/credit@1");
        assertThat(catalog.entries()).extracting(LayerCatalog.Entry::reference).containsExactly("bronze/credit", "silver/credit", "gold/credit");
    }

    @Test
    void twoHomesPointedAtOneDataFolderSeeTheSameVersions() throws Exception {
        Path shared = dir.resolve("team-data");
        Path alice = dir.resolve("alice");
        Path bob = dir.resolve("bob");
        Map<String, String> team = Map.of("PIPEWRIGHT_DATA", shared.toString());
        CliRun committed = CliRun.entry(team, "--home", alice.toString(), "datasets", "commit", CREDIT.toString(), "--name", "credit",
                "--layer", "bronze");
        assertThat(committed.code()).as(committed.err()).isZero();
        assertThat(shared.resolve("datasets/bronze/credit/v1.json")).exists();
        assertThat(alice.resolve("data")).doesNotExist();

        CliRun seen = CliRun.entry(team, "--home", bob.toString(), "datasets", "log", "bronze/credit", "--json");
        assertThat(seen.code()).as(seen.err()).isZero();
        assertThat(JSON.readTree(seen.out())).singleElement().satisfies(version -> assertThat(version.get("version").asInt()).isEqualTo(1));
        // --data says the same for one command, and wins over the variable
        CliRun byOption = CliRun.entry(Map.of(), "--home", bob.toString(), "--data", shared.toString(), "datasets", "log", "bronze/credit");
        assertThat(byOption.code()).as(byOption.err()).isZero();
        assertThat(byOption.out()).contains("@1");
        CliRun ownData = CliRun.entry(Map.of(), "--home", bob.toString(), "datasets", "log", "bronze/credit");
        assertThat(ownData.code()).as("a home's own data folder does not hold the team's").isEqualTo(2);

        // a pipeline run in Bob's home reads the team's layer and publishes into it
        Path pipeline = Files.writeString(dir.resolve("team.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: team-gold
                nodes:
                  - {id: read, type: read, params: {path: bronze/credit}}
                  - {id: publish, type: publish, inputs: {table: read.table}, params: {name: credit, layer: gold}}
                """);
        CliRun run = CliRun.entry(team, "--home", bob.toString(), "run", pipeline.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(new Snapshots(shared).resolve("gold/credit").upstream()).containsExactly("bronze/credit@1");
        assertThat(CliRun.entry(team, "--home", alice.toString(), "datasets", "log", "gold/credit").out()).contains("@1");
    }

    @Test
    void aManifestWrittenBeforeRunAndUpstreamStillReads() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("data/datasets/gold/old"));
        Files.writeString(folder.resolve("v1.json"), """
                {"layer": "gold", "name": "old", "version": 1, "parent": null, "message": "kept long ago", "created": "2026-01-02T03:04:05Z",
                 "source": "silver/orders", "file": "old.csv", "bytes": 10, "sha256": "%s", "rows": 2, "columns": [{"name": "id", "kind": "NUMBER"}],
                 "key": [], "storedBytes": 10, "chunks": []}
                """.formatted("a".repeat(64)));
        Snapshots.Version version = new Snapshots(dir.resolve("data")).resolve("gold/old");
        assertThat(version.run()).isNull();
        assertThat(version.upstream()).isEmpty();
        assertThat(version.derivedFrom()).as("a source naming a layer is where it came from").isEqualTo(List.of("silver/orders"));
        assertThat(new LayerCatalog(dir.resolve("data")).lineage(version).upstream()).singleElement()
                .satisfies(step -> assertThat(step.detail()).isEqualTo("read at its newest version (not recorded which)"));
    }
}
