package io.pipewright.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.track.ModelRegistry;
import io.pipewright.track.MonitorChecks;
import io.pipewright.track.Store;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorRunnerTest {
    @TempDir
    Path folder;
    private Store store;
    private final AtomicReference<MonitorRunner.DriftOutcome> drift = new AtomicReference<>(
            new MonitorRunner.DriftOutcome(false, 0.1, 1, 9, "income", 0.05, 1000, "{}"));
    private final List<String> compared = new ArrayList<>();

    /** A logistic regression on the sample credit data, registered by its pipeline as credit-risk@champion (version 1). */
    @BeforeEach
    void trainChampion() throws IOException {
        store = Store.open(folder.resolve("home"), "test");
        Path data = Files.createDirectories(folder.resolve("data"));
        Files.copy(Path.of("sample-data/credit/credit.csv"), data.resolve("credit.csv"));
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
        var trained = retrainer().retrain(folder.resolve("train.yaml"), "credit-risk", Progress.NONE);
        assertThat(trained.finished()).isTrue();
        // the retrainer registers as challenger; the team then promotes version 1
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

    private MonitorRunner runner() {
        return new MonitorRunner(store, (reference, current, share, target, progress) -> {
            assertThat(target).isEqualTo("default");
            compared.add(reference.getFileName() + " vs " + current.getFileName());
            return drift.get();
        }, retrainer(), Clock.systemUTC());
    }

    private Path monitor(String extra) throws IOException {
        return Files.writeString(folder.resolve("monitor.yaml"), """
                monitor: credit-weekly
                model: credit-risk@champion
                reference: data/credit.csv
                current: {folder: incoming}
                """ + extra);
    }

    @Test
    void aQuietWeekIsRecordedAndRetrainsNothing() throws IOException {
        Files.writeString(folder.resolve("incoming/week1.csv"), Files.readString(folder.resolve("data/credit.csv")));
        var check = runner().run(monitor("retrain: {pipeline: train.yaml}\n"), Progress.NONE);

        assertThat(check.status()).isEqualTo("ok");
        assertThat(check.triggered()).isFalse();
        assertThat(check.metric()).isEqualTo("accuracy");
        assertThat(check.metricDrop()).as("the same rows score as well as the model's test split, within 5 points").isLessThan(0.05);
        assertThat(compared).containsExactly("credit.csv vs week1.csv");
        assertThat(new ModelRegistry(store, Clock.systemUTC()).versions("credit-risk")).hasSize(1);
        assertThat(new MonitorChecks(store).history("credit-weekly", 10)).extracting(MonitorChecks.Check::status).containsExactly("ok");
    }

    @Test
    void driftRetrainsAndRegistersAChallengerWithoutTouchingTheChampion() throws IOException {
        Files.writeString(folder.resolve("incoming/week1.csv"), Files.readString(folder.resolve("data/credit.csv")));
        drift.set(new MonitorRunner.DriftOutcome(true, 0.6, 6, 10, "income", 0.31, 1000, "{\"datasetDrift\":true}"));

        var check = runner().run(monitor("retrain: {pipeline: train.yaml}\n"), Progress.NONE);

        assertThat(check.triggered()).isTrue();
        assertThat(check.reasons()).containsExactly("dataset drift: 6 of 10 columns drifted (share 0.60, threshold 0.50)",
                "PSI of income is 0.310 (threshold 0.20)");
        assertThat(check.status()).isEqualTo("retrained");
        assertThat(check.challenger()).isEqualTo("credit-risk:2");
        var registry = new ModelRegistry(store, Clock.systemUTC());
        assertThat(registry.find("credit-risk@champion")).get().extracting(ModelRegistry.Version::version).isEqualTo(1);
        assertThat(registry.find("credit-risk@challenger")).get().extracting(ModelRegistry.Version::version).isEqualTo(2);
        assertThat(new MonitorChecks(store).report(check.id())).contains("{\"datasetDrift\":true}");
        assertThat(new MonitorChecks(store).history("credit-weekly", 10)).as("one check, recorded before the retraining and completed after")
                .singleElement().satisfies(recorded -> {
                    assertThat(recorded.status()).isEqualTo("retrained");
                    assertThat(recorded.challenger()).isEqualTo("credit-risk:2");
                    assertThat(recorded.retrainRun()).isEqualTo(check.retrainRun());
                });
    }

    @Test
    void aMetricDropOnNewlyLabelledRowsTriggersEvenWithoutDrift() throws IOException {
        // the same applicants with their outcomes swapped: the model is now wrong where it was right
        var lines = Files.readAllLines(folder.resolve("data/credit.csv"));
        var swapped = new ArrayList<String>(List.of(lines.get(0)));
        lines.subList(1, lines.size()).forEach(line -> swapped.add(line.endsWith(",yes") ? line.replaceAll(",yes$", ",no") : line.replaceAll(",no$", ",yes")));
        Files.write(folder.resolve("incoming/labelled.csv"), swapped);

        var check = runner().run(monitor(""), Progress.NONE);

        assertThat(check.triggered()).isTrue();
        assertThat(check.metricDrop()).isGreaterThan(0.05);
        assertThat(check.reasons()).singleElement().asString().startsWith("accuracy fell ").contains("threshold 5.0 %");
        assertThat(check.status()).as("no retrain section: the crossing is recorded, nothing is run").isEqualTo("triggered");
    }

    @Test
    void theNewestFileOfTheFolderIsTheCurrentData() throws IOException {
        Path old = Files.writeString(folder.resolve("incoming/a-old.csv"), Files.readString(folder.resolve("data/credit.csv")));
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        Files.writeString(folder.resolve("incoming/notes.txt"), "not data");
        Files.writeString(folder.resolve("incoming/b-new.csv"), Files.readString(folder.resolve("data/credit.csv")));

        runner().run(monitor(""), Progress.NONE);

        assertThat(compared).containsExactly("credit.csv vs b-new.csv");
    }

    @Test
    void withoutAReferenceTheDataTheVersionWasTrainedOnIsCompared() throws IOException {
        Files.writeString(folder.resolve("incoming/week1.csv"), "applicant_id,age\nA1,40\n");
        Path file = Files.writeString(folder.resolve("monitor.yaml"), "monitor: m\nmodel: credit-risk@champion\ncurrent: {folder: incoming}\n");

        var check = runner().run(file, Progress.NONE);

        assertThat(check.referencePath()).as("the read node's file, recorded as a dataset version by the run")
                .isEqualTo(folder.resolve("data/credit.csv").toString());
    }

    @Test
    void theServingRequestLogIsTheNewDataAndIsComparedButNotScored() throws IOException {
        // the training rows as the serving runtime logs them: features, _time and prediction, no outcome
        var lines = Files.readAllLines(folder.resolve("data/credit.csv"));
        String[] header = lines.get(0).split(",");
        var log = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            log.append("{\"_time\": \"2027-11-01T00:00:00Z\"");
            for (int c = 0; c < header.length - 1; c++) {
                String cell = cells[c];
                log.append(", \"").append(header[c]).append("\": ").append(cell.isEmpty() ? "null"
                        : cell.matches("-?[0-9.]+") ? cell : "\"" + cell + "\"");
            }
            log.append(", \"prediction\": \"no\"}\n");
        }
        Files.writeString(Files.createDirectories(folder.resolve("served")).resolve("requests.jsonl"), log);
        Path file = Files.writeString(folder.resolve("served.yaml"), "monitor: served\nmodel: credit-risk@champion\nreference: data/credit.csv\n"
                + "current: {requestLog: served}\n");

        var check = new MonitorRunner(store, MonitorDrift.check(), retrainer(), Clock.systemUTC()).run(file, Progress.NONE);

        assertThat(check.currentRows()).isEqualTo(1000);
        assertThat(check.driftShare()).as("the same rows: nothing drifts").isZero();
        assertThat(check.metricValue()).as("no labels in a request log").isNull();
        assertThat(check.status()).isEqualTo("ok");
    }

    @Test
    void aMonitorOfAVersionThatDoesNotExistIsBadInput() throws IOException {
        Files.writeString(folder.resolve("incoming/week1.csv"), "a\n1\n");
        Path file = monitor("").resolveSibling("monitor.yaml");
        Files.writeString(file, Files.readString(file).replace("credit-risk@champion", "credit-risk:99"));

        assertThatThrownBy(() -> runner().run(file, Progress.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("monitor.yaml: model: no registered model version credit-risk:99 (credit-risk has versions 1)");
        assertThat(new MonitorChecks(store).monitors()).as("nothing recorded").isEmpty();
    }

    @Test
    void aMetricTheModelDoesNotReportIsRefusedBeforeAnythingIsCompared() throws IOException {
        Files.writeString(folder.resolve("incoming/week1.csv"), Files.readString(folder.resolve("data/credit.csv")));

        assertThatThrownBy(() -> runner().run(monitor("thresholds: {metric: rmse}\n"), Progress.NONE))
                .hasMessage("monitor.yaml: thresholds.metric: 'rmse' is not a metric of a classification model (one of accuracy, f1_macro, "
                        + "f1_weighted, log_loss, pr_auc, precision_macro, recall_macro, roc_auc)");
        assertThat(compared).isEmpty();
    }

    @Test
    void mistakesInTheMonitorFileNameTheLineAndField() throws IOException {
        Files.writeString(folder.resolve("monitor.yaml"), """
                monitor: credit-weekly
                model: credit-risk@champion
                current: {folder: incoming}
                thresholds:
                  driftshare: 0.5
                """);
        assertThatThrownBy(() -> MonitorDefinition.read(folder.resolve("monitor.yaml")))
                .hasMessage("monitor.yaml: line 5: unknown field 'thresholds.driftshare' (did you mean 'driftShare'?)");

        Files.writeString(folder.resolve("monitor.yaml"), "monitor: m\nmodel: credit-risk\ncurrent: {folder: a, requestLog: b}\n");
        assertThatThrownBy(() -> MonitorDefinition.read(folder.resolve("monitor.yaml")))
                .hasMessage("monitor.yaml: current: give exactly one of folder (new data files), requestLog (a serving log folder) "
                        + "or feedback (a serving log folder with labels sent back)");

        Files.writeString(folder.resolve("monitor.yaml"), "monitor: m\nmodel: credit-risk\ncurrent: {folder: a}\nthresholds: {driftShare: 1.5}\n");
        assertThatThrownBy(() -> MonitorDefinition.read(folder.resolve("monitor.yaml")))
                .hasMessage("monitor.yaml: thresholds.driftShare: must be a fraction above 0 and at most 1, not 1.5");
    }

    @Test
    void aRetrainPipelineWithoutARegisterNodeIsRefusedBeforeAnythingRuns() throws IOException {
        Files.writeString(folder.resolve("incoming/week1.csv"), Files.readString(folder.resolve("data/credit.csv")));
        Files.writeString(folder.resolve("noregister.yaml"), Files.readString(folder.resolve("train.yaml")).lines()
                .filter(line -> !line.contains("type: register")).reduce("", (a, b) -> a + b + "\n"));

        assertThatThrownBy(() -> runner().run(monitor("retrain: {pipeline: noregister.yaml}\n"), Progress.NONE))
                .hasMessage("monitor.yaml: retrain.pipeline: noregister.yaml: the pipeline has no register node, so a retrained model would not be recorded");
        assertThat(compared).isEmpty();
    }

    @Test
    void aNewFileThatLinksOutOfTheIncomingFolderIsRefusedAndNothingIsRecorded() throws IOException {
        Path outside = Files.writeString(folder.resolve("private.csv"), "a\n1\n");
        Path link = Files.createSymbolicLink(folder.resolve("incoming/week1.csv"), outside);

        assertThatThrownBy(() -> runner().run(monitor(""), Progress.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("monitor.yaml: current.folder: " + link + ": a link to " + outside.toRealPath() + ", outside the folder "
                        + folder.resolve("incoming") + "; links out of the folder being read are not followed");
        assertThat(compared).isEmpty();
        assertThat(new MonitorChecks(store).monitors()).as("nothing recorded").isEmpty();
    }
}
