package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.OnEachStore;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.track.TestStore;
import io.pipewright.track.TrialRuns;
import io.pipewright.train.Tuner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipewright run PIPELINE --node TUNE --trial K} and {@code --select}: a tuning study of the credit
 * sample fanned out as one invocation of the entry point per trial (as a workflow's tasks run), against the
 * same pipeline run in one process.
 */
class RunCommandTrialsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** read → split → tune (xgboost, a small space with a choice) → evaluate → register. */
    private Path pipeline(String name, String strategy, int trials, int parallel, String pruner) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: %s
                seed: 7
                nodes:
                  - id: read
                    type: read
                    params: {path: %s}
                  - id: split
                    type: split
                    inputs: {table: read.table}
                    params: {strategy: stratified, target: default, test: 0.2, valid: 0.2}
                  - id: tune
                    type: tune
                    inputs: {train: split.train, valid: split.valid}
                    params:
                      target: default
                      algorithm: xgboost
                      strategy: %s
                      trials: %d
                      parallel: %d
                      grid_points: 2
                      metric: roc_auc
                      pruner: %s
                      exclude: [applicant_id]
                      hyperparameters: {num_round: 15, nthread: 1}
                      space:
                        max_depth: {int: [2, 5]}
                        eta: {float: [0.05, 0.5], log: true}
                        tree_method: {choice: [hist, approx]}
                  - id: eval
                    type: evaluate
                    inputs: {model: tune.model, table: split.test}
                  - id: register
                    type: register
                    inputs: {model: tune.model, metrics: eval.metrics}
                    params: {name: %s, alias: challenger, gates: {metric: roc_auc}}
                """.formatted(name, Path.of("sample-data/credit/credit.csv").toAbsolutePath(), strategy, trials, parallel, pruner, name));
        return file;
    }

    private static CliRun step(Path home, Path file, Path workspace, String node, String... more) {
        var args = new ArrayList<>(List.of("run", file.toString(), "--node", node, "--workspace", workspace.toString(), "--run-id", "wf"));
        args.addAll(List.of(more));
        return CliRun.in(home, args.toArray(String[]::new));
    }

    private static void ok(CliRun run, String what) {
        assertThat(run.code()).as("%s: %s %s", what, run.out(), run.err()).isZero();
    }

    /** The workflow of a study: the nodes before it, every trial, the selection, the nodes after. */
    private static void workflow(Path home, Path file, Path workspace, int trials, int parallelism) {
        ok(step(home, file, workspace, "read"), "read");
        ok(step(home, file, workspace, "split"), "split");
        for (int k = 0; k < trials; k++) {
            CliRun trial = step(home, file, workspace, "tune", "--trial", Integer.toString(k), "--parallelism", Integer.toString(parallelism));
            ok(trial, "trial " + k);
            assertThat(trial.out()).startsWith(file.getFileName().toString().replace(".yaml", "") + ": trial " + k + " of node tune complete, roc_auc ");
        }
        finish(home, file, workspace, parallelism);
    }

    private static void finish(Path home, Path file, Path workspace, int parallelism) {
        CliRun select = step(home, file, workspace, "tune", "--select", "--parallelism", Integer.toString(parallelism));
        ok(select, "select");
        assertThat(select.out()).contains(": node tune done in");
        ok(step(home, file, workspace, "eval"), "eval");
        CliRun register = step(home, file, workspace, "register");
        ok(register, "register");
        assertThat(register.out()).contains("run wf finished");
    }

    /** Each trial of the run's study: "params | state | value", by number. */
    private static Map<Integer, String> trials(Path home, String runKey) {
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var byNumber = new TreeMap<Integer, String>();
            for (Runs.Run child : runs.children(runKey)) {
                var tags = runs.tags(child.id());
                assertThat(byNumber).as("one record per trial").doesNotContainKey(Integer.parseInt(tags.get("trial.number")));
                byNumber.put(Integer.parseInt(tags.get("trial.number")), runs.params(child.id()) + " | " + tags.get("trial.state") + " | "
                        + runs.latestMetrics(child.id()).get("roc_auc") + " | " + runs.history(child.id(), "valid_curve"));
            }
            return byNumber;
        }
    }

    private static String localRun(Path home, String name) {
        try (Store store = Store.open(home.resolve("store"), "test")) {
            return new Runs(store, Clock.systemUTC()).list(name).get(0).key();
        }
    }

    private static String registered(Path home, String name) {
        try (Store store = Store.open(home.resolve("store"), "test")) {
            return new ModelRegistry(store, Clock.systemUTC()).find(name + "@challenger").orElseThrow().metricsJson();
        }
    }

    /** The in-process run of the file and the workflow of separate invocations register the same model, from the same trials. */
    private void sameAsInProcess(String name, Path file, int trials, int parallelism) throws IOException {
        Path local = dir.resolve(name + "-local");
        CliRun whole = CliRun.in(local, "run", file.toString());
        assertThat(whole.code()).as(whole.err()).isZero();
        Path home = dir.resolve(name + "-home");
        workflow(home, file, dir.resolve(name + "-ws"), trials, parallelism);
        Map<Integer, String> inProcess = trials(local, localRun(local, name));
        assertThat(inProcess).hasSize(trials);
        assertThat(trials(home, "wf")).as("every trial's params, state, value and curve").isEqualTo(inProcess);
        assertThat(JSON.readTree(registered(home, name))).as("the registered model's metrics").isEqualTo(JSON.readTree(registered(local, name)));
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            Runs.Run run = runs.find("wf").orElseThrow();
            var metrics = runs.latestMetrics(run.id());
            assertThat(metrics).containsKeys("tune.best_roc_auc", "tune.node_seconds", "tune.node_peak_memory_bytes", "tune.trial_roc_auc");
            assertThat(runs.tags(run.id())).containsEntry("node.tune.status", "done");
            assertThat(runs.history(run.id(), "tune.trial_roc_auc")).hasSize(trials);
        }
    }

    @Test
    void randomTrialsRunOneByOneEqualTheInProcessStudyAndARerunIsCached() throws IOException {
        Path file = pipeline("credit-random", "random", 8, 1, "none");
        sameAsInProcess("credit-random", file, 8, 1);
        Path home = dir.resolve("credit-random-home");
        CliRun again = step(home, file, dir.resolve("credit-random-ws"), "tune", "--trial", "3");
        ok(again, "rerun");
        assertThat(again.out()).startsWith("credit-random: trial 3 of node tune cached: its result is in the store (complete, roc_auc ");
        assertThat(trials(home, "wf")).as("nothing recorded twice").hasSize(8);
    }

    @Test
    void gridTrialsRunOneByOneEqualTheInProcessStudy() throws IOException {
        // 2 × 2 × 2 grid points: 8 trials though 50 are asked
        sameAsInProcess("credit-grid", pipeline("credit-grid", "grid", 50, 1, "none"), 8, 3);
    }

    @Test
    void tpeTrialsInBatchesOfTwoEqualTheInProcessStudyRunTwoAtATime() throws IOException {
        Path file = pipeline("credit-tpe", "tpe", 14, 2, "none");
        Path local = dir.resolve("credit-tpe-local");
        assertThat(CliRun.in(local, "run", file.toString()).code()).isZero();

        Path home = dir.resolve("credit-tpe-home");
        Path workspace = dir.resolve("credit-tpe-ws");
        ok(step(home, file, workspace, "read"), "read");
        ok(step(home, file, workspace, "split"), "split");
        for (int k = 0; k < 10; k++) {
            ok(step(home, file, workspace, "tune", "--trial", Integer.toString(k), "--parallelism", "2"), "trial " + k);
        }
        CliRun early = step(home, file, workspace, "tune", "--trial", "12", "--parallelism", "2");
        assertThat(early.code()).isEqualTo(1);
        assertThat(early.err()).isEqualTo("pipewright: node 'tune': trials 10-11 of the batches before trial 12 have no result in the store"
                + " (not run: 10-11): run them before trial 12\n");
        CliRun selectEarly = step(home, file, workspace, "tune", "--select", "--parallelism", "2");
        assertThat(selectEarly.code()).isEqualTo(1);
        assertThat(selectEarly.err()).isEqualTo("pipewright: node 'tune': trials 10-13 of the study have no result in the store"
                + " (not run: 10-13): run them before --select\n");
        // batch [10, 12) in either order
        ok(step(home, file, workspace, "tune", "--trial", "11", "--parallelism", "2"), "trial 11");
        ok(step(home, file, workspace, "tune", "--trial", "10", "--parallelism", "2"), "trial 10");
        ok(step(home, file, workspace, "tune", "--trial", "13", "--parallelism", "2"), "trial 13");
        ok(step(home, file, workspace, "tune", "--trial", "12", "--parallelism", "2"), "trial 12");
        finish(home, file, workspace, 2);

        assertThat(trials(home, "wf")).as("every trial, against the in-process study run 2 at a time").isEqualTo(trials(local, localRun(local, "credit-tpe")));
        assertThat(JSON.readTree(registered(home, "credit-tpe"))).isEqualTo(JSON.readTree(registered(local, "credit-tpe")));
    }

    @OnEachStore
    void aTrialLeftRunningByAKilledProcessRunsAgainAndTheStudyKeepsOneResultForIt(TestStore test) throws IOException {
        Path file = pipeline("credit-killed", "random", 3, 1, "none");
        Path workspace = dir.resolve("ws-" + (test.isPostgres() ? "pg" : "h2"));
        List<String> store = test.cliOptions();
        assertThat(CliRun.on(test, args(file, workspace, "read")).code()).isZero();
        assertThat(CliRun.on(test, args(file, workspace, "split")).code()).isZero();
        CliRun first = CliRun.on(test, args(file, workspace, "tune", "--trial", "1"));
        assertThat(first.code()).as(first.err()).isZero();
        String result = first.out().lines().findFirst().orElseThrow().replaceAll(" in [0-9.]+ s", "");
        try (Store opened = test.open()) {
            var runs = new Runs(opened, Clock.systemUTC());
            Runs.Run trial = runs.find("wf-tune-1").orElseThrow();
            // as a process killed in the middle of trial 1 leaves it: its record running, half a curve
            move(opened, trial.id(), "wf-tune-1-done");
            var study = new TrialRuns(runs, runs.find("wf").orElseThrow(), "tune");
            Runs.Run stale = study.open("xgboost", 1, Map.of("max_depth", 9L, "eta", 0.9, "tree_method", "exact"));
            runs.metric(stale.id(), "valid_curve", 0, 0.69);
            runs.flush();
            assertThat(runs.find("wf-tune-1").orElseThrow().status()).isEqualTo(Runs.RUNNING);
            delete(opened, trial.id());
        }
        CliRun rerun = CliRun.on(test, args(file, workspace, "tune", "--trial", "1"));
        assertThat(rerun.code()).as(rerun.err()).isZero();
        assertThat(rerun.out().lines().findFirst().orElseThrow().replaceAll(" in [0-9.]+ s", "")).as("the same result as before the kill")
                .isEqualTo(result);
        try (Store opened = test.open()) {
            var runs = new Runs(opened, Clock.systemUTC());
            var records = runs.children("wf").stream().filter(child -> "1".equals(runs.tags(child.id()).get("trial.number"))).toList();
            assertThat(records).extracting(Runs.Run::key).containsExactlyInAnyOrder("wf-tune-1", "wf-tune-1-superseded1");
            Runs.Run kept = runs.find("wf-tune-1").orElseThrow();
            assertThat(kept.status()).isEqualTo(Runs.FINISHED);
            assertThat(runs.tags(kept.id())).containsEntry("trial.state", "complete");
            assertThat(runs.params(kept.id())).doesNotContainEntry("hyperparameters.tree_method", "exact");
            Runs.Run superseded = runs.find("wf-tune-1-superseded1").orElseThrow();
            assertThat(superseded.status()).isEqualTo(Runs.KILLED);
            assertThat(runs.tags(superseded.id())).containsEntry("trial.state", "superseded");
        }
        assertThat(store).isNotNull();
    }

    private static String[] args(Path file, Path workspace, String node, String... more) {
        var args = new ArrayList<>(List.of("run", file.toString(), "--node", node, "--workspace", workspace.toString(), "--run-id", "wf"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static void move(Store store, long runId, String key) {
        sql(store, "UPDATE run SET run_key = '" + key + "' WHERE id = " + runId);
    }

    private static void delete(Store store, long runId) {
        for (String table : List.of("run_metric_latest", "run_metric_block", "run_param", "run_tag")) {
            sql(store, "DELETE FROM " + table + " WHERE run_id = " + runId);
        }
        sql(store, "DELETE FROM run WHERE id = " + runId);
    }

    private static void sql(Store store, String sql) {
        try (var connection = store.connection(); var statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTrialWhoseCurveLagsBehindTheRecordedTrialsIsPrunedAcrossProcesses() throws IOException {
        Path file = pipeline("credit-pruned", "random", 12, 1, "median");
        Path home = dir.resolve("home");
        Path workspace = dir.resolve("ws");
        ok(step(home, file, workspace, "read"), "read");
        ok(step(home, file, workspace, "split"), "split");
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var study = new TrialRuns(runs, runs.find("wf").orElseThrow(), "tune");
            // the ten start-up trials finished elsewhere, with a validation log loss far better than this data allows
            for (int k = 0; k < 10; k++) {
                var curve = new LinkedHashMap<Long, Double>();
                for (long s = 0; s < 15; s++) {
                    curve.put(s, 0.02);
                }
                study.record("xgboost", new Tuner.Trial(k, Map.of("max_depth", 3L, "eta", 0.1, "tree_method", "hist"), 0.99, "complete", 1, null, curve),
                        "roc_auc");
            }
        }
        CliRun poor = step(home, file, workspace, "tune", "--trial", "10");
        ok(poor, "trial 10");
        assertThat(poor.out()).startsWith("credit-pruned: trial 10 of node tune pruned in ");
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            Runs.Run trial = runs.find("wf-tune-10").orElseThrow();
            assertThat(trial.status()).isEqualTo("pruned");
            assertThat(runs.tags(trial.id())).containsEntry("trial.state", "pruned");
            assertThat(runs.history(trial.id(), "valid_curve")).as("stopped after the warm-up steps, before its 15 rounds").hasSizeBetween(5, 14);
        }
    }

    @Test
    void badStudyStepsAreRefusedWithOneLine() throws IOException {
        Path file = pipeline("credit-refused", "random", 8, 1, "none");
        Path grid = pipeline("credit-refused-grid", "grid", 50, 1, "none");
        Path home = dir.resolve("home");
        Path workspace = dir.resolve("ws");
        String name = file.toString();

        CliRun noNode = CliRun.in(home, "run", name, "--trial", "0", "--workspace", workspace.toString());
        assertThat(noNode.code()).isEqualTo(2);
        assertThat(noNode.err()).isEqualTo("pipewright: --trial needs --node TUNE and --workspace DIR (see 'pipewright run --help')\n");
        CliRun noWorkspace = CliRun.in(home, "run", name, "--node", "tune", "--select");
        assertThat(noWorkspace.code()).isEqualTo(2);
        assertThat(noWorkspace.err()).isEqualTo("pipewright: --node needs --workspace DIR (see 'pipewright run --help')\n");
        CliRun both = step(home, file, workspace, "tune", "--trial", "0", "--select");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("pipewright: --trial and --select cannot be used together (see 'pipewright run --help')\n");
        CliRun notTune = step(home, file, workspace, "split", "--trial", "0");
        assertThat(notTune.code()).isEqualTo(2);
        assertThat(notTune.err()).isEqualTo("pipewright: node 'split' is a split node: --trial and --select run the trials of a tune node\n");
        CliRun outside = step(home, file, workspace, "tune", "--trial", "8");
        assertThat(outside.code()).isEqualTo(2);
        assertThat(outside.err()).isEqualTo("pipewright: --trial 8: node 'tune' has 8 trials, numbered 0 to 7\n");
        CliRun negative = step(home, file, workspace, "tune", "--trial", "-1");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).isEqualTo("pipewright: --trial -1: node 'tune' has 8 trials, numbered 0 to 7\n");
        CliRun outsideGrid = step(home, grid, workspace, "tune", "--trial", "8");
        assertThat(outsideGrid.code()).isEqualTo(2);
        assertThat(outsideGrid.err()).isEqualTo("pipewright: --trial 8: node 'tune' has 8 trials (its grid's size), numbered 0 to 7\n");
        CliRun parallelism = step(home, file, workspace, "tune", "--select", "--parallelism", "0");
        assertThat(parallelism.code()).isEqualTo(2);
        assertThat(parallelism.err()).isEqualTo("pipewright: --parallelism 0: trials run at least 1 at a time\n");
        CliRun noStore = CliRun.in(home, "--store", "jdbc:postgresql://127.0.0.1:1/none", "run", name, "--node", "tune", "--trial", "0",
                "--workspace", workspace.toString());
        assertThat(noStore.code()).isEqualTo(2);
        assertThat(noStore.err()).startsWith("pipewright: node 'tune': trials are recorded in the store, which cannot be opened: ").hasLineCount(1);
        assertThat(workspace.resolve("tune")).as("nothing written").doesNotExist();
    }
}
