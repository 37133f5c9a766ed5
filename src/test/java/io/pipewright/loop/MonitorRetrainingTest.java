package io.pipewright.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.track.DatasetVersions;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.MonitorChecks;
import io.pipewright.track.Store;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a monitor retrains on (retrain.data, retrain.window, retrain.holdout), what it records, and the monitor files it refuses. */
class MonitorRetrainingTest {
    @TempDir
    Path folder;
    private Store store;
    private List<String> reference;
    private List<String> later;

    /** A logistic regression on the sample credit data, registered by its pipeline and promoted to credit-risk@champion (version 1). */
    @BeforeEach
    void trainChampion() throws IOException {
        store = Store.open(folder.resolve("home"), "test");
        Path data = Files.createDirectories(folder.resolve("data"));
        Files.copy(Path.of("sample-data/credit/credit.csv"), data.resolve("credit.csv"));
        reference = Files.readAllLines(data.resolve("credit.csv"));
        later = Files.readAllLines(Path.of("sample-data/credit/incoming/credit-2027-11.csv"));
        Files.createDirectories(folder.resolve("incoming"));
        Files.writeString(folder.resolve("train.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: credit-monitored
                seed: 7
                nodes:
                  - {id: read, type: read, params: {path: data/credit.csv}}
                  - {id: split, type: split, inputs: {table: read.table}, params: {strategy: stratified, target: default, test: 0.25}}
                  - {id: train, type: train, inputs: {train: split.train}, params: {target: default, algorithm: logistic_regression}}
                  - {id: eval, type: evaluate, inputs: {model: train.model, table: split.test}}
                  - {id: register, type: register, inputs: {model: train.model, metrics: eval.metrics}, params: {name: credit-risk, alias: champion}}
                """);
        assertThat(retrainer().retrain(folder.resolve("train.yaml"), "credit-risk", Progress.NONE).finished()).isTrue();
        new ModelRegistry(store, Clock.systemUTC()).setAlias("credit-risk", "champion", 1, "promote");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private PipelineRetrainer retrainer() {
        return new PipelineRetrainer(store, folder.resolve("artifacts"), "test", warning -> {
        }, io.pipewright.pipeline.StoreRunEnvironment.dataRootOf(folder.resolve("artifacts")),
                io.pipewright.data.DatabaseCredentials.ofProcess());
    }

    /** A runner whose drift check always finds drift, so every evaluation retrains. */
    private MonitorRunner runner() {
        return new MonitorRunner(store, (reference, current, share, target, progress) ->
                new MonitorRunner.DriftOutcome(true, 0.6, 6, 10, "income", 0.31, 100, "{}"), retrainer(), Clock.systemUTC());
    }

    private Path monitor(String retrain) throws IOException {
        return Files.writeString(folder.resolve("monitor.yaml"), """
                monitor: credit-weekly
                model: credit-risk@champion
                reference: data/credit.csv
                current: {folder: incoming}
                retrain: {pipeline: train.yaml%s}
                """.formatted(retrain));
    }

    private Path incoming(String name, List<String> rows, long modifiedMillis) throws IOException {
        var lines = new ArrayList<String>(List.of(reference.get(0)));
        lines.addAll(rows);
        Path file = Files.write(folder.resolve("incoming").resolve(name), lines);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
        return file;
    }

    @Test
    void aPipelineReadingALayerDatasetIsRetrainedOnTheDataFolderItIsGiven() throws IOException {
        // a shared data folder (--data), not the home's: gold/credit is only there
        Path shared = folder.resolve("shared-data");
        new io.pipewright.data.lake.Snapshots(shared).commit(folder.resolve("data/credit.csv"), "gold", "credit", "first", List.of(), "test", bytes -> { });
        Path pipeline = Files.writeString(folder.resolve("gold.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: credit-gold
                seed: 7
                nodes:
                  - {id: read, type: read, params: {path: gold/credit}}
                  - {id: train, type: train, inputs: {train: read.table}, params: {target: default, algorithm: logistic_regression}}
                  - {id: register, type: register, inputs: {model: train.model}, params: {name: credit-gold}}
                """);
        var onShared = new PipelineRetrainer(store, folder.resolve("artifacts"), "test", warning -> { }, shared,
                io.pipewright.data.DatabaseCredentials.ofProcess());
        MonitorRunner.Retrained retrained = onShared.retrain(pipeline, "credit-gold", Progress.NONE);
        assertThat(retrained.finished()).as(retrained.failure()).isTrue();
        assertThat(retrained.challenger()).isEqualTo("credit-gold:1");

        MonitorRunner.Retrained onTheHomes = retrainer().retrain(pipeline, "credit-gold", Progress.NONE);
        assertThat(onTheHomes.finished()).as("the home's own data folder has no gold/credit").isFalse();
        assertThat(onTheHomes.failure()).contains("gold/credit");
    }

    @Test
    void referencePlusNewTrainsOnBothAndDropsRowsThatRepeat() throws IOException {
        // 100 rows the reference already has, and 50 new ones
        var rows = new ArrayList<>(reference.subList(1, 101));
        rows.addAll(later.subList(1, 51).stream().map(line -> "N" + line).toList());
        Path week = incoming("week1.csv", rows, 2_000_000);

        MonitorChecks.Check check = runner().run(monitor(""), Progress.NONE);

        assertThat(check.status()).as(check.failure()).isEqualTo("retrained");
        MonitorChecks.Retraining retraining = check.retraining();
        assertThat(retraining.data()).isEqualTo("reference+new");
        // 150 new rows, 30 held out: 1000 reference and 120 new rows are candidates. Each row trained on appears once,
        // and no row of the holdout or of the champion's test split (250 reference rows) is trained on
        assertThat(retraining.holdoutRows()).isEqualTo(30);
        assertThat(retraining.trainingRows() + retraining.duplicatesDropped() + retraining.testRowsDropped()).isEqualTo(1120);
        assertThat(retraining.testRowsDropped()).isGreaterThanOrEqualTo(250);
        assertThat(retraining.duplicatesDropped()).isPositive().isLessThanOrEqualTo(100);
        Path folderOfData = Path.of(new DatasetVersions(store).modelLineage("credit-risk", 2).orElseThrow().datasets().stream()
                .map(use -> use.version().path()).filter(path -> path.endsWith("training.csv")).findFirst().orElseThrow()).getParent();
        var trained = Files.readAllLines(folderOfData.resolve("training.csv"));
        var heldOut = Files.readAllLines(folderOfData.resolve("holdout.csv"));
        assertThat(trained).hasSize((int) retraining.trainingRows() + 1).doesNotHaveDuplicates();
        assertThat(heldOut).hasSize(31);
        assertThat(trained.subList(1, trained.size())).doesNotContainAnyElementsOf(heldOut.subList(1, heldOut.size()));
        assertThat(retraining.datasets()).extracting(MonitorChecks.DatasetRead::role, read -> Path.of(read.path()).getFileName().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reference", "credit.csv"), org.assertj.core.groups.Tuple.tuple("new", "week1.csv"));
        assertThat(retraining.holdout()).containsKeys("accuracy", "roc_auc");
        assertThat(retraining.championTestRows()).as("the pipeline's stratified 25 % split of the 1000 reference rows").isEqualTo(250);
        assertThat(retraining.championTest()).containsKey("accuracy");
        assertThat(check.promotion().mode()).isEqualTo("manual");
        assertThat(new MonitorChecks(store).history("credit-weekly", 1)).singleElement()
                .satisfies(stored -> assertThat(stored.retraining()).as("kept in the store").isEqualTo(retraining));

        var lineage = new DatasetVersions(store).modelLineage("credit-risk", 2).orElseThrow();
        assertThat(lineage.datasets()).extracting(use -> use.version() == null ? null : Path.of(use.version().path()).getFileName().toString())
                .contains("credit.csv", "week1.csv", "training.csv");
        assertThat(lineage.datasets()).extracting(DatasetVersions.DataUse::sha256)
                .contains(io.pipewright.train.ModelArtifact.fileSha256(week));
        var run = new io.pipewright.track.Runs(store, Clock.systemUTC()).find(check.retrainRun()).orElseThrow();
        var metrics = new io.pipewright.track.Runs(store, Clock.systemUTC()).latestMetrics(run.id());
        assertThat(metrics.get("holdout.accuracy")).isEqualTo(retraining.holdout().get("accuracy"));
        assertThat(metrics.get("champion_test.accuracy")).isEqualTo(retraining.championTest().get("accuracy"));
    }

    @Test
    void theChampionsTestDataIsReproducedExactly() {
        var pipeline = PipelineRetrainer.load(folder.resolve("train.yaml"), "credit-risk");
        var table = ChampionTestData.table(pipeline, ChampionTestData.readNode(pipeline, folder.resolve("data/credit.csv")),
                folder.resolve("data/credit.csv"), 7, Progress.NONE).orElseThrow();
        var champion = new ModelRegistry(store, Clock.systemUTC()).find("credit-risk@champion").orElseThrow();
        var model = io.pipewright.train.ModelArtifact.read(Path.of(champion.artifactPath())).model();

        var metrics = io.pipewright.pipeline.nodes.Evaluations.onRawRows(model, table, 7).metrics();

        assertThat(table.rowCount()).isEqualTo(250);
        assertThat(champion.metricsJson()).as("the champion scores on the reproduced rows what its run's evaluate node recorded")
                .contains("\"accuracy\":" + metrics.get("accuracy"));
    }

    @Test
    void newTrainsOnTheNewRowsOnlyLessTheHoldout() throws IOException {
        incoming("week1.csv", later.subList(1, 301), 2_000_000);

        var check = runner().run(monitor(", data: new, holdout: 0.1"), Progress.NONE);

        assertThat(check.status()).as(check.failure()).isEqualTo("retrained");
        assertThat(check.retraining().data()).isEqualTo("new");
        assertThat(check.retraining().holdoutRows()).isEqualTo(30);
        assertThat(check.retraining().trainingRows()).isEqualTo(270);
        assertThat(check.retraining().newRows()).isEqualTo(300);
    }

    @Test
    void aWindowTakesTheNewestRowsOfTheFilesInTimeOrder() throws IOException {
        incoming("b-older.csv", later.subList(1, 101).stream().map(line -> "O" + line).toList(), 1_000_000);
        incoming("a-newer.csv", later.subList(101, 151).stream().map(line -> "W" + line).toList(), 2_000_000);

        var check = runner().run(monitor(", window: 120"), Progress.NONE);

        assertThat(check.status()).as(check.failure()).isEqualTo("retrained");
        var retraining = check.retraining();
        assertThat(retraining.data()).isEqualTo("window");
        assertThat(retraining.window()).isEqualTo(120);
        assertThat(retraining.datasets()).extracting(read -> Path.of(read.path()).getFileName().toString())
                .as("the reference, then the folder's files oldest first").containsExactly("credit.csv", "b-older.csv", "a-newer.csv");
        // the holdout: 10 of the newest file's 50 rows; the window: the newest 120 of the other rows
        assertThat(retraining.holdoutRows()).isEqualTo(10);
        assertThat(retraining.trainingRows()).isEqualTo(120);
        Path training = new DatasetVersions(store).modelLineage("credit-risk", 2).orElseThrow().datasets().stream()
                .map(use -> Path.of(use.version().path())).filter(path -> path.getFileName().toString().equals("training.csv")).findFirst().orElseThrow();
        var ids = Files.readAllLines(training).stream().skip(1).map(line -> line.substring(0, 1)).toList();
        assertThat(ids).as("the older file's last 80 rows, then the newer file's 40 not held out; no reference row")
                .hasSize(120).containsOnly("O", "W").startsWith("O").endsWith("W");
        assertThat(ids.stream().filter("O"::equals).count()).isEqualTo(80);
    }

    @Test
    void autoPromotionMovesTheChampionWhenTheGatesPassOnTheHoldout() throws IOException {
        incoming("week1.csv", later.subList(1, 401), 2_000_000);

        var check = runner().run(monitor("}\npromote: {mode: auto, gates: {metric: roc_auc, max_regression: 1.0, max_latency_ratio: 1000.0}"),
                Progress.NONE);

        assertThat(check.status()).as(check.failure()).isEqualTo("retrained");
        assertThat(check.promotion().mode()).isEqualTo("auto");
        assertThat(check.promotion().moved()).as(check.promotion().message()).isTrue();
        assertThat(check.promotion().message()).isEqualTo("credit-risk@champion → version 2 (gates passed)");
        var registry = new ModelRegistry(store, Clock.systemUTC());
        assertThat(registry.find("credit-risk@champion")).get().extracting(ModelRegistry.Version::version).isEqualTo(2);
        assertThat(new MonitorChecks(store).history("credit-weekly", 1).get(0).promotion()).isEqualTo(check.promotion());
    }

    @Test
    void autoPromotionLeavesTheChampionWhenAGateFailsAndSaysWhich() throws IOException {
        incoming("week1.csv", later.subList(1, 401), 2_000_000);

        var check = runner().run(monitor("}\npromote: {mode: auto, alias: champion, gates: {min_lift: 0.5}"), Progress.NONE);

        assertThat(check.status()).isEqualTo("retrained");
        assertThat(check.promotion().moved()).isFalse();
        assertThat(check.promotion().message()).contains("baseline").endsWith("credit-risk:2 stays registered without alias champion");
        var registry = new ModelRegistry(store, Clock.systemUTC());
        assertThat(registry.find("credit-risk@champion")).get().extracting(ModelRegistry.Version::version).isEqualTo(1);
        assertThat(registry.find("credit-risk@challenger")).get().extracting(ModelRegistry.Version::version).isEqualTo(2);
    }

    @Test
    void aNewFileWithoutTheTargetIsRefusedBeforeAnythingIsRecorded() throws IOException {
        Files.write(folder.resolve("incoming/week1.csv"), later.stream().map(line -> line.substring(0, line.lastIndexOf(','))).toList());

        assertThatThrownBy(() -> runner().run(monitor(""), Progress.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("monitor.yaml: retrain.data: the new data file week1.csv has no column 'default' (the model's target), so its rows "
                        + "cannot be trained on");
        assertNothingStored();
    }

    @Test
    void anEmptyOrMissingIncomingFolderIsRefusedBeforeAnythingIsRecorded() throws IOException {
        assertThatThrownBy(() -> runner().run(monitor(""), Progress.NONE))
                .hasMessageStartingWith("monitor.yaml: current.folder: " + folder.resolve("incoming") + ": no dataset files (");
        Files.delete(folder.resolve("incoming"));
        assertThatThrownBy(() -> runner().run(monitor(""), Progress.NONE))
                .hasMessage("monitor.yaml: current.folder: " + folder.resolve("incoming") + ": no such folder");
        assertNothingStored();
    }

    @Test
    void aNewDataFileThatIsGoneIsOneLine() {
        Path gone = folder.resolve("incoming/week9.csv");
        var plan = new RetrainingData.Plan("reference+new", null, 0.2, folder.resolve("data/credit.csv"), List.of(gone), "default", false, List.of());

        assertThatThrownBy(() -> RetrainingData.checkLabelled(plan, "monitor.yaml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("monitor.yaml: retrain.data: the new data file " + gone + " is missing");
    }

    @Test
    void aRequestLogCannotBeRetrainedOn() throws IOException {
        Files.createDirectories(folder.resolve("served"));
        Path file = Files.writeString(folder.resolve("monitor.yaml"), "monitor: m\nmodel: credit-risk@champion\nreference: data/credit.csv\n"
                + "current: {requestLog: served}\nretrain: {pipeline: train.yaml}\n");

        assertThatThrownBy(() -> runner().run(file, Progress.NONE)).hasMessage("monitor.yaml: retrain.data: a request log (current.requestLog) "
                + "carries no labels, so its rows cannot be trained on; read labelled rows with current.folder or current.feedback");
        assertNothingStored();
    }

    @Test
    void unknownOrConflictingRetrainValuesNameTheField() throws IOException {
        incoming("week1.csv", later.subList(1, 11), 2_000_000);
        assertRefused(", data: old", "monitor.yaml: retrain.data: 'old' is not one of new, reference+new (or give window: N for the newest N rows)");
        assertRefused(", data: new, window: 100", "monitor.yaml: retrain: give data (new or reference+new) or window (the newest N rows), not both");
        assertRefused(", window: 0", "monitor.yaml: retrain.window: must be a number of rows above 0, not 0");
        assertRefused(", window: -5", "monitor.yaml: retrain.window: must be a number of rows above 0, not -5");
        assertRefused(", holdout: 0.9", "monitor.yaml: retrain.holdout: must be a share of the new rows above 0 and at most 0.5, not 0.9");
        assertRefused(", windows: 5", "monitor.yaml: line 5: unknown field 'retrain.windows' (did you mean 'window'?)");
        assertRefused("}\npromote: {mode: sometimes", "monitor.yaml: promote.mode: 'sometimes' is not one of auto, manual");
        assertRefused("}\npromote: {mode: auto, gates: {min_lft: 0.1}", "monitor.yaml: promote.gates: 'min_lft' is not a gate setting; the settings are "
                + "min_lift, max_regression, max_latency_ratio, metric");
        assertRefused("}\npromote: {mode: auto, gates: {max_regression: -1}", "monitor.yaml: promote.gates: max_regression: -1.0 is not allowed; "
                + "it must be a number of 0 or more");
        assertNothingStored();
    }

    private void assertRefused(String retrain, String message) throws IOException {
        Path file = monitor(retrain);
        assertThatThrownBy(() -> runner().run(file, Progress.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    private void assertNothingStored() {
        assertThat(new MonitorChecks(store).monitors()).as("no check recorded").isEmpty();
        var registry = new ModelRegistry(store, Clock.systemUTC());
        assertThat(registry.versions("credit-risk")).as("no version added").hasSize(1);
        assertThat(registry.find("credit-risk@champion")).get().extracting(ModelRegistry.Version::version).isEqualTo(1);
    }
}
