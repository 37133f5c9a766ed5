package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipewright run PIPELINE --node ID --workspace DIR}: a credit-risk-like pipeline run node by node,
 * each node a separate invocation of the entry point as a workflow's task would be, against the same
 * pipeline run in one process.
 */
class RunCommandNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ORDER = List.of("read", "impute", "split", "train", "eval", "register");

    @TempDir
    Path dir;

    /** The credit sample with an impute step (so tables carry fitted steps), a short random search and a registration. */
    private Path pipeline(String name) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: %s
                seed: 42
                nodes:
                  - id: read
                    type: read
                    params: {path: %s}
                  - id: impute
                    type: impute
                    inputs: {table: read.table}
                    params: {strategy: median, target: default}
                  - id: split
                    type: split
                    inputs: {table: impute.table}
                    params: {strategy: stratified, target: default, test: 0.2, valid: 0.1}
                  - id: train
                    type: tune
                    inputs: {train: split.train, valid: split.valid}
                    params:
                      target: default
                      algorithm: xgboost
                      strategy: random
                      trials: 3
                      metric: roc_auc
                      hyperparameters: {num_round: 30}
                      space:
                        max_depth: {int: [2, 5]}
                        eta: {float: [0.05, 0.3], log: true}
                  - id: eval
                    type: evaluate
                    inputs: {model: train.model, table: split.test}
                  - id: register
                    type: register
                    inputs: {model: train.model, metrics: eval.metrics}
                    params: {name: %s, alias: challenger, gates: {max_latency_ratio: 1000}}
                """.formatted(name, Path.of("sample-data/credit/credit.csv").toAbsolutePath(), name));
        // the latency gate is the gates' own tests' to judge: timed here on a machine other tests load, two equal models once
        // measured 27 times apart, and what this test compares is a run node by node against one in process
        return file;
    }

    private CliRun node(Path home, Path file, Path workspace, String node, String... more) {
        var args = new java.util.ArrayList<>(List.of("run", file.toString(), "--node", node, "--workspace", workspace.toString()));
        args.addAll(List.of(more));
        return CliRun.in(home, args.toArray(String[]::new));
    }

    @Test
    void aPipelineRunNodeByNodeRegistersTheModelOfAnInProcessRunInOneRecordedRun() throws IOException {
        Path file = pipeline("credit-nodes");
        Path local = dir.resolve("local-home");
        CliRun whole = CliRun.in(local, "run", file.toString());
        assertThat(whole.code()).as(whole.err()).isZero();

        Path home = dir.resolve("home");
        Path workspace = dir.resolve("workspace");
        for (String id : ORDER) {
            CliRun step = node(home, file, workspace, id, "--run-id", "wf-1");
            assertThat(step.code()).as("%s: %s", id, step.err()).isZero();
            assertThat(step.out()).startsWith("credit-nodes: node " + id + " done in").contains("(run wf-1)");
            assertThat(step.out().contains("run wf-1 finished")).as("the run is closed by the last node only (%s)", id).isEqualTo(id.equals("register"));
        }
        assertThat(workspace.resolve("split").resolve("train.parquet")).isRegularFile();
        assertThat(workspace.resolve("train").resolve("model.pwmodel")).isRegularFile();
        assertThat(workspace.resolve("eval").resolve("metrics.json")).isRegularFile();
        assertThat(workspace.resolve("train").resolve("trials.json")).isRegularFile();

        String inProcess = registeredMetrics(local, "credit-nodes");
        String nodeByNode = registeredMetrics(home, "credit-nodes");
        assertThat(JSON.readTree(nodeByNode)).as("the registered model's metrics, node by node against in-process").isEqualTo(JSON.readTree(inProcess));
        assertThat(JSON.readTree(nodeByNode).get("roc_auc").asDouble()).isGreaterThan(0.6);

        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            List<Runs.Run> all = runs.list("credit-nodes");
            assertThat(all).as("one run for the whole workflow").hasSize(1);
            Runs.Run run = all.get(0);
            assertThat(run.key()).isEqualTo("wf-1");
            assertThat(run.status()).isEqualTo(Runs.FINISHED);
            var metrics = runs.latestMetrics(run.id());
            for (String id : ORDER) {
                assertThat(metrics).as("node %s's time and peak memory", id).containsKeys(id + ".node_seconds", id + ".node_peak_memory_bytes");
                assertThat(runs.tags(run.id())).containsEntry("node." + id + ".status", "done");
            }
            assertThat(metrics.get("eval.roc_auc")).isEqualTo(JSON.readTree(nodeByNode).get("roc_auc").asDouble());
            assertThat(runs.params(run.id())).containsKey("train.hyperparameters.max_depth").containsEntry("split.strategy", "stratified");
            assertThat(runs.datasets(run.id())).hasSize(1);
            assertThat(new io.pipewright.track.DatasetVersions(store).list()).as("the file read, as a dataset version").hasSize(1);
            assertThat(fileNames(runs.artifacts(run.id()).keySet())).as("the run's artifacts, as an in-process run's").isEqualTo(localArtifacts(local));
            assertThat(runs.children("wf-1")).as("the tuning trials, as child runs").hasSize(3);
        }

        CliRun again = node(home, file, workspace, "split", "--run-id", "wf-1");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).startsWith("credit-nodes: node split cached: its outputs are in the workspace (run wf-1)");

        // the same workspace under a new run: the cached nodes' results are recorded in it too, as a local run records a cached node's
        for (String id : ORDER) {
            CliRun step = node(home, file, workspace, id, "--run-id", "wf-2");
            assertThat(step.code()).as("%s: %s", id, step.err()).isZero();
            assertThat(step.out()).startsWith("credit-nodes: node " + id + (id.equals("register") ? " done" : " cached"));
        }
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            Runs.Run second = runs.find("wf-2").orElseThrow();
            assertThat(second.status()).isEqualTo(Runs.FINISHED);
            assertThat(runs.latestMetrics(second.id())).containsEntry("eval.roc_auc", JSON.readTree(nodeByNode).get("roc_auc").asDouble())
                    .doesNotContainKey("train.node_seconds");
            assertThat(runs.datasets(second.id())).hasSize(1);
            assertThat(runs.tags(second.id())).containsEntry("node.train.status", "cached").containsEntry("node.register.status", "done");
        }
    }

    private static List<String> fileNames(java.util.Collection<String> paths) {
        return paths.stream().map(path -> Path.of(path).getFileName().toString()).sorted().toList();
    }

    private static List<String> localArtifacts(Path home) {
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            return fileNames(runs.artifacts(runs.list("credit-nodes").get(0).id()).keySet());
        }
    }

    private static String registeredMetrics(Path home, String name) {
        try (Store store = Store.open(home.resolve("store"), "test")) {
            return new ModelRegistry(store, Clock.systemUTC()).find(name + "@challenger").orElseThrow().metricsJson();
        }
    }

    @Test
    void badNodesAndWorkspacesAreRefusedWithOneLineNamingTheNodeOrFile() throws IOException {
        Path file = pipeline("credit-refusals");
        Path home = dir.resolve("home");
        Path workspace = dir.resolve("workspace");

        CliRun unknown = node(home, file, workspace, "trian");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("pipewright: credit-refusals.yaml: no node 'trian' (did you mean 'train'?)\n");

        CliRun missing = node(home, file, workspace, "split");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("pipewright: node 'split': its input impute.table is not in the workspace ")
                .endsWith(": run node 'impute' first\n").hasLineCount(1);

        assertThat(node(home, file, workspace, "read").code()).isZero();
        assertThat(node(home, file, workspace, "impute").code()).isZero();
        CliRun stale = node(home, file, workspace, "split", "--seed", "7");
        assertThat(stale.code()).isEqualTo(2);
        assertThat(stale.err()).startsWith("pipewright: node 'split': " + workspace.resolve("impute").resolve("node.json")
                + " was written by another version of the pipeline").endsWith(": run node 'impute' again\n").hasLineCount(1);

        Path table = workspace.resolve("impute").resolve("table.parquet");
        byte[] bytes = Files.readAllBytes(table);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(table, bytes);
        CliRun damaged = node(home, file, workspace, "split");
        assertThat(damaged.code()).isEqualTo(2);
        assertThat(damaged.err()).isEqualTo("pipewright: node 'split': " + table + " is damaged (its SHA-256 is not the one node.json records):"
                + " run node 'impute' again\n");

        Files.writeString(workspace.resolve("impute").resolve("node.json"), "{\"format\": \"pipewright-node\", ");
        CliRun manifest = node(home, file, workspace, "split");
        assertThat(manifest.code()).isEqualTo(2);
        assertThat(manifest.err()).startsWith("pipewright: " + workspace.resolve("impute").resolve("node.json") + ": damaged (")
                .endsWith("): run node 'impute' again\n").hasLineCount(1);

        CliRun badKey = node(home, file, workspace, "read", "--run-id", "../elsewhere");
        assertThat(badKey.code()).isEqualTo(2);
        assertThat(badKey.err()).isEqualTo("pipewright: --run-id '../elsewhere': use letters, digits, '.', '_' and '-', starting with a letter or digit\n");

        CliRun noWorkspace = CliRun.in(home, "run", file.toString(), "--node", "split");
        assertThat(noWorkspace.code()).isEqualTo(2);
        assertThat(noWorkspace.err()).contains("--node needs --workspace DIR");

        try (Store store = Store.open(home.resolve("store"), "test")) {
            Runs.Run run = new Runs(store, Clock.systemUTC()).list("credit-refusals").get(0);
            assertThat(run.status()).as("the refusals closed nor failed the run of the nodes that ran").isEqualTo(Runs.RUNNING);
        }
    }

    @Test
    void aNodeThatFailsExitsOneAndClosesTheRunAsFailedWhichItsRerunReopens() throws IOException {
        Path file = pipeline("credit-failing");
        Path home = dir.resolve("home");
        Path workspace = dir.resolve("workspace");
        for (String id : List.of("read", "impute", "split")) {
            assertThat(node(home, file, workspace, id).code()).isZero();
        }
        // a target the validator accepts (it is a column) but no classifier can learn: one class only
        Path table = workspace.resolve("split").resolve("train.parquet");
        CliRun failed = node(home, file, workspace, "train", "--set", "train.target=applicant_id", "--set", "train.task=regression");
        assertThat(failed.code()).as(failed.err()).isEqualTo(1);
        assertThat(failed.out()).startsWith("credit-failing: node train failed").contains("  node 'train': ");
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            Runs.Run run = runs.list("credit-failing").get(0);
            assertThat(run.status()).isEqualTo(Runs.FAILED);
            assertThat(runs.tags(run.id())).containsEntry("node.train.status", "failed");
        }
        assertThat(table).isRegularFile();
        CliRun rerun = node(home, file, workspace, "train");
        assertThat(rerun.code()).as(rerun.err()).isZero();
        try (Store store = Store.open(home.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            assertThat(runs.list("credit-failing")).hasSize(1);
            assertThat(runs.list("credit-failing").get(0).status()).as("reopened by the node run again").isEqualTo(Runs.RUNNING);
        }
    }
}
