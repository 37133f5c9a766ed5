package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlflowFilesTest {
    @TempDir
    Path dir;

    @OnEachStore
    void aRoundTripKeepsParamsMetricHistoriesTagsAndChildRunsExactly(TestStore stores) throws Exception {
        Path out = dir.resolve("mlruns");
        Map<String, String> params;
        Map<String, String> tags;
        java.util.List<Runs.Point> points;
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.systemUTC());
            var run = runs.start("credit-risk", "20261127-101010-abcdef", "credit-risk.yaml", 42L, null, null, null);
            runs.params(run.id(), Map.of("train.algorithm", "xgboost", "train.hyperparameters.eta", "0.1", "split.test", "0.2"));
            runs.tags(run.id(), Map.of("pipewright.version", "0.1.0", "pipeline.file", "/p/credit-risk.yaml"));
            Instant start = Instant.parse("2026-11-27T10:10:10.123Z");
            for (int step = 1; step <= 50; step++) {
                runs.metric(run.id(), "train.valid_log_loss", step, 0.7 / step + 1e-17 * step, start.plusMillis(step));
            }
            runs.metric(run.id(), "eval.roc_auc", 0, 0.8123456789012345, start.plusSeconds(2));
            runs.metric(run.id(), "eval.odd", 0, Double.NaN, start.plusSeconds(2));
            var child = runs.start("credit-risk", run.key() + "-train-0", "train trial 0", 42L, null, null, run.id());
            runs.params(child.id(), Map.of("hyperparameters.max_depth", "4"));
            runs.end(child.id(), "pruned", null);
            runs.end(run.id(), Runs.FINISHED, null);
            params = runs.params(run.id());
            tags = runs.tags(run.id());
            points = runs.points(run.id());
            Path folder = MlflowFiles.export(runs, "credit-risk", "7", out);
            assertThat(folder.resolve("meta.yaml")).content().contains("name: credit-risk").contains("experiment_id: \"7\"");
            Path runFolder = folder.resolve(run.key());
            assertThat(runFolder.resolve("params/train.algorithm")).hasContent("xgboost");
            assertThat(Files.readAllLines(runFolder.resolve("metrics/train.valid_log_loss"))).hasSize(50)
                    .first().asString().isEqualTo(start.plusMillis(1).toEpochMilli() + " " + (0.7 + 1e-17) + " 1");
            assertThat(runFolder.resolve("meta.yaml")).content().contains("status: 3").contains("run_id: " + run.key());
            assertThat(folder.resolve(child.key()).resolve("tags/mlflow.parentRunId")).hasContent(run.key());
        }
        try (Store store = Store.open(dir.resolve("b"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var imported = MlflowFiles.importFrom(runs, out);
            assertThat(imported.runs()).isEqualTo(2);
            var run = runs.find("20261127-101010-abcdef").orElseThrow();
            assertThat(run.status()).isEqualTo("finished");
            assertThat(runs.params(run.id())).isEqualTo(params);
            assertThat(runs.tags(run.id())).isEqualTo(tags);
            assertThat(runs.points(run.id())).isEqualTo(points);
            assertThat(runs.children(run.key())).singleElement().satisfies(child -> assertThat(child.status()).isEqualTo("pruned"));
            // a second import finds everything there already
            assertThat(MlflowFiles.importFrom(runs, out).skipped()).hasSize(2);
        }
    }

    @Test
    void aMissingOrCorruptMetaYamlIsNamed() throws Exception {
        Path experiment = Files.createDirectories(dir.resolve("mlruns/3"));
        try (Store store = Store.open(dir.resolve("s"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            assertThat(catchThrowable(() -> MlflowFiles.importFrom(runs, dir.resolve("mlruns"))))
                    .hasMessage(experiment.resolve("meta.yaml") + ": missing (not an MLflow file store folder?)");
            Files.writeString(experiment.resolve("meta.yaml"), "name: [unclosed\n");
            assertThat(catchThrowable(() -> MlflowFiles.importFrom(runs, dir.resolve("mlruns"))))
                    .hasMessageStartingWith(experiment.resolve("meta.yaml") + ": line").hasMessageEndingWith("not valid YAML");
            Files.writeString(experiment.resolve("meta.yaml"), "experiment_id: '3'\n");
            assertThat(catchThrowable(() -> MlflowFiles.importFrom(runs, dir.resolve("mlruns"))))
                    .hasMessage(experiment.resolve("meta.yaml") + ": no name");
            Files.writeString(experiment.resolve("meta.yaml"), "name: e\n");
            Path run = Files.createDirectories(experiment.resolve("r1/metrics"));
            Files.writeString(experiment.resolve("r1/meta.yaml"), "run_id: r1\nstart_time: 1\nstatus: 3\n");
            Files.writeString(run.resolve("loss"), "1 0.5 1\nbroken line here\n");
            assertThat(catchThrowable(() -> MlflowFiles.importFrom(runs, dir.resolve("mlruns"))))
                    .hasMessage(run.resolve("loss") + ": line 2: expected 'timestamp value step', not 'broken line here'");
            assertThat(runs.list("e")).as("a run is checked whole before any of it is written").isEmpty();
        }
    }

    /** An MLflow experiment folder {@code mlruns/1} with the runs given: run id → param files (key → value). */
    private Path mlruns(Map<String, Map<String, String>> runs) throws Exception {
        Path experiment = Files.createDirectories(dir.resolve("mlruns/1"));
        Files.writeString(experiment.resolve("meta.yaml"), "name: imported\n");
        for (var run : runs.entrySet()) {
            Path folder = Files.createDirectories(experiment.resolve(run.getKey()));
            Files.writeString(folder.resolve("meta.yaml"), "run_id: " + run.getKey() + "\nstart_time: 1000\nend_time: 2000\nstatus: 3\n");
            Path params = Files.createDirectories(folder.resolve("params"));
            for (var param : run.getValue().entrySet()) {
                Files.writeString(params.resolve(param.getKey()), param.getValue());
            }
            Files.createDirectories(folder.resolve("metrics"));
            Files.writeString(folder.resolve("metrics/loss"), "1000 0.5 0\n2000 0.25 1\n");
        }
        return dir.resolve("mlruns");
    }

    @OnEachStore
    void aNineThousandCharacterParamAndARunIdOf105CharactersAreImportedWhole(TestStore stores) throws Exception {
        String id = "a".repeat(105);
        String value = "v".repeat(9_000);
        Path folder = mlruns(Map.of(id, Map.of("prompt", value, "n", "3")));
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.systemUTC());
            assertThat(MlflowFiles.importFrom(runs, folder).runs()).isEqualTo(1);
            var run = runs.find(id).orElseThrow();
            assertThat(run.status()).isEqualTo(Runs.FINISHED);
            assertThat(runs.params(run.id())).containsExactlyInAnyOrderEntriesOf(Map.of("prompt", value, "n", "3"));
            assertThat(runs.history(run.id(), "loss")).containsExactly(Map.entry(0L, 0.5), Map.entry(1L, 0.25));
        }
    }

    @OnEachStore
    void aValueTooLongForTheStoreRefusesTheImportBeforeAnyRunIsWritten(TestStore stores) throws Exception {
        Path folder = mlruns(new java.util.TreeMap<>(Map.of("r1", Map.of("n", "3"), "r2", Map.of("prompt", "v".repeat(StoreLimits.VALUE + 1)))));
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.systemUTC());
            assertThat(catchThrowable(() -> MlflowFiles.importFrom(runs, folder))).isInstanceOf(StoreLimits.TooLongException.class)
                    .hasMessage(folder.resolve("1/r2") + ": the param 'prompt' is 1,000,001 characters long; the store keeps at most 1,000,000");
            assertThat(runs.list("imported")).as("r1 came first and fits, yet nothing was written").isEmpty();
        }
    }

    @Test
    void linksAreFollowedOnlyInsideTheFolderAndNeverInALoop() throws Exception {
        Path folder = mlruns(Map.of("r1", Map.of("n", "3")));
        Path params = folder.resolve("1/r1/params");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "the content of a file outside the folder");
        try (Store store = Store.open(dir.resolve("s"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            // a param file that is a link out of the folder
            Files.createSymbolicLink(params.resolve("password"), secret);
            assertThat(catchThrowable(() -> MlflowFiles.importFrom(runs, folder))).isInstanceOf(io.pipewright.work.FolderTree.LinkException.class)
                    .hasMessage(params.resolve("password") + ": a link to " + secret.toRealPath() + ", outside the folder " + folder
                            + "; links out of the folder being read are not followed");
            Files.delete(params.resolve("password"));
            // a folder of params that is a link out of the folder, and a run folder that is one
            Files.createSymbolicLink(params.resolve("nested"), dir);
            assertThat(catchThrowable(() -> MlflowFiles.importFrom(runs, folder))).hasMessageStartingWith(params.resolve("nested") + ": a link to ");
            Files.delete(params.resolve("nested"));
            Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/r9"));
            Files.writeString(elsewhere.resolve("meta.yaml"), "run_id: r9\n");
            Files.createSymbolicLink(folder.resolve("1/r9"), elsewhere);
            assertThat(catchThrowable(() -> MlflowFiles.importFrom(runs, folder))).hasMessageStartingWith(folder.resolve("1/r9") + ": a link to ");
            Files.delete(folder.resolve("1/r9"));
            // a loop: a link to a folder it is in, and a link to itself
            Files.createSymbolicLink(params.resolve("again"), params.getParent());
            assertThat(catchThrowable(() -> MlflowFiles.importFrom(runs, folder))).isInstanceOf(io.pipewright.work.FolderTree.LinkException.class)
                    .hasMessage(params.resolve("again") + ": a link back to " + folder.resolve("1/r1") + ", a folder it is in (a loop); "
                            + "links that loop are refused");
            Files.delete(params.resolve("again"));
            Files.createSymbolicLink(params.resolve("self"), params.resolve("self"));
            assertThat(catchThrowable(() -> MlflowFiles.importFrom(runs, folder)))
                    .hasMessage(params.resolve("self") + ": a link that leads back to itself (a loop); links that loop are refused");
            Files.delete(params.resolve("self"));
            assertThat(runs.list("imported")).as("nothing was imported while a link was refused").isEmpty();
            // a link that stays inside is followed
            Path shared = Files.writeString(folder.resolve("1/shared-value"), "0.1");
            Files.createSymbolicLink(params.resolve("eta"), shared);
            assertThat(MlflowFiles.importFrom(runs, folder).runs()).isEqualTo(1);
            assertThat(runs.params(runs.find("r1").orElseThrow().id())).containsExactlyInAnyOrderEntriesOf(Map.of("n", "3", "eta", "0.1"));
        }
    }
}
