package io.pipewright.export.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pipewright.cli.CliRun;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.PostgresTestDatabase;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exported Argo workflows run end to end on the test cluster ({@link LocalArgoExecutor}): exported by
 * the real command line, each task a {@code pipewright} process, PostgreSQL as the store, a temporary
 * folder as the workspace claim and {@code sample-data} as the data claim. What a person would check: the
 * workflow succeeded, the model registered (or the evaluation) equals an in-process run of the same file
 * and seed, and Experiments shows one run with every node, its trials as child runs, even when a trial's
 * pod died mid-fit (SIGKILL) and Argo ran it again.
 */
class ClusterRunTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("sample-data").toAbsolutePath();
    private static final String KILLED_TRIAL = "train-trials(5)";

    @TempDir
    static Path shared;

    @BeforeAll
    static void needsPostgres() {
        Assumptions.assumeTrue(PostgresTestDatabase.configured(), PostgresTestDatabase.UNSET);
    }

    static Stream<String> samplePipelines() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES.resolve("pipelines"))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samplePipelines")
    void aSamplePipelineRunOnTheClusterGivesTheResultOfItsLocalRunAndShowsAsOneRun(String file, @TempDir Path dir) throws Exception {
        Path pipeline = SAMPLES.resolve("pipelines").resolve(file);
        var cluster = ClusterRun.of(pipeline, SAMPLES.resolve("cluster/options.yaml"), dir, (name, process) -> { });

        cluster.assertSucceeded();
        assertThat(cluster.result()).as("what the cluster run registered or evaluated, against the in-process run of seed " + cluster.seed())
                .isEqualTo(localResult(pipeline, cluster.seed()));
        cluster.assertOneRunWithEveryNode();
    }

    /** What a task's first attempt printed (its log is {@code NAME-1.log} beside the last attempt's). */
    private static String firstAttemptLog(LocalArgoExecutor.TaskRun task) {
        Path first = task.log().resolveSibling(task.log().getFileName().toString().replaceAll("-\\d+\\.log$", "-1.log"));
        try {
            return Files.readString(first);
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Test
    void sixteenRandomTrialsRunAsTwoProcessesAtOnceAndGiveTheLocalResult(@TempDir Path dir) throws Exception {
        Path pipeline = tuningPipeline();
        var cluster = ClusterRun.of(pipeline, tuningOptions(), dir, (name, process) -> { });

        cluster.assertSucceeded();
        assertThat(cluster.outcome().mostAtOnce()).as("spec.parallelism").isEqualTo(2);
        assertThat(cluster.outcome().tasks()).filteredOn(task -> task.name().startsWith("train-trials(")).hasSize(16)
                .allSatisfy(task -> assertThat(task.exitCodes()).as(() -> task.name() + "'s first attempt:\n" + firstAttemptLog(task)).containsExactly(0));
        assertThat(cluster.result()).isEqualTo(localResult(pipeline, cluster.seed()));
        cluster.assertOneRunWithEveryNode();
        assertThat(cluster.trials()).as("finished trial records, by key").hasSize(16).allSatisfy((key, status) -> assertThat(status).isEqualTo(Runs.FINISHED));
    }

    @Test
    void aTrialKilledMidFitIsRunAgainAndTheRunEndsWithTheSameResult(@TempDir Path dir) throws Exception {
        Path pipeline = tuningPipeline();
        var killedWhile = new AtomicReference<String>();
        var watchers = new ArrayList<Thread>();
        var cluster = ClusterRun.of(pipeline, tuningOptions(), dir, (name, process) -> {
            if (name.equals(KILLED_TRIAL) && killedWhile.get() == null) {
                killedWhile.set("not yet");
                // the pod dies mid-fit: once the trial's record is open in the store, as a running trial
                var watcher = new Thread(() -> killOnceRecorded(process, killedWhile), "kill " + name);
                watcher.start();
                watchers.add(watcher);
            }
        });
        for (Thread watcher : watchers) {
            watcher.join();
        }

        assertThat(killedWhile.get()).as("the trial's state in the store when it was killed").isEqualTo(Runs.RUNNING);
        assertThat(cluster.outcome().task(KILLED_TRIAL).exitCodes()).as("SIGKILL (137), retried as retryStrategy says").containsExactly(137, 0);
        cluster.assertSucceeded();
        assertThat(cluster.result()).as("the same model as without the kill").isEqualTo(localResult(pipeline, cluster.seed()));
        cluster.assertOneRunWithEveryNode();
        var trials = cluster.trials();
        String killedKey = cluster.runKey() + "-train-5";
        assertThat(trials).as("finished trial records: one per trial, the killed one included").hasSize(16).containsEntry(killedKey, Runs.FINISHED);
        // the killed attempt's record is kept beside it, renamed and marked killed (never counted as a result)
        assertThat(cluster.allTrials()).containsEntry(killedKey + "-superseded1", Runs.KILLED).hasSize(17);
    }

    /** Waits for the trial's record, then kills its process as a node's OOM killer or a drained node would (SIGKILL). */
    private void killOnceRecorded(Process process, AtomicReference<String> killedWhile) {
        ClusterRun run = ClusterRun.current.get();
        try (Store store = run.database().open()) {
            var runs = new Runs(store, Clock.systemUTC());
            while (process.isAlive()) {
                var record = runs.find(run.runKey() + "-train-5");
                if (record.isPresent()) {
                    killedWhile.set(record.get().status());
                    process.destroyForcibly();
                    return;
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path tuningPipeline() throws IOException {
        Path file = shared.resolve("credit-tuning.yaml");
        if (!Files.exists(file)) {
            Files.writeString(file, CreditTuningPipeline.text(SAMPLES.resolve("credit/credit.csv")));
        }
        return file;
    }

    private static Path tuningOptions() throws IOException {
        Path file = shared.resolve("tuning-options.yaml");
        Files.writeString(file, "data:\n  root: " + SAMPLES + "\n  mount: /data\n");
        return file;
    }

    /** The in-process run's result (its own database), once per file and seed. */
    private static JsonNode localResult(Path pipeline, String seed) throws Exception {
        return LOCAL.computeIfAbsent(pipeline + "#" + seed, key -> {
            try (var database = PostgresTestDatabase.create()) {
                Path home = Files.createDirectories(shared.resolve("local-" + LOCAL.size()));
                var run = CliRun.in(home, "--store", database.url(), "run", pipeline.toString(), "--seed", seed);
                assertThat(run.code()).as(run.err()).isZero();
                try (Store store = database.open()) {
                    var runs = new Runs(store, Clock.systemUTC());
                    var listed = runs.list(name(pipeline));
                    assertThat(listed).hasSize(1);
                    return resultOf(pipeline, store, listed.get(0));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static final Map<String, JsonNode> LOCAL = new java.util.concurrent.ConcurrentHashMap<>();

    private static String name(Path pipeline) {
        try {
            return YAML.readTree(pipeline.toFile()).path("name").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a run produced: the registered model's metrics for a pipeline with a register node, else
     * every evaluate node's metrics as the run recorded them ({@code <node>.<metric>}).
     */
    static JsonNode resultOf(Path pipeline, Store store, Runs.Run run) throws IOException {
        JsonNode nodes = YAML.readTree(pipeline.toFile()).path("nodes");
        var registered = JSON.createObjectNode();
        var evaluated = JSON.createObjectNode();
        var registry = new ModelRegistry(store, Clock.systemUTC());
        Map<String, Double> metrics = new Runs(store, Clock.systemUTC()).latestMetrics(run.id());
        for (JsonNode node : nodes) {
            String id = node.path("id").asText();
            switch (node.path("type").asText()) {
                case "register" -> {
                    var versions = registry.versions(node.path("params").path("name").asText());
                    assertThat(versions).as("versions registered by " + id).hasSize(1);
                    registered.set(id, JSON.readTree(versions.get(0).metricsJson()));
                }
                case "evaluate" -> metrics.forEach((key, value) -> {
                    if (key.startsWith(id + ".") && !key.endsWith(".node_seconds") && !key.endsWith(".node_peak_memory_bytes")) {
                        evaluated.put(key, value);
                    }
                });
                default -> { }
            }
        }
        return registered.isEmpty() ? evaluated : registered;
    }

    /** One exported workflow run on the test cluster against a database of its own. */
    record ClusterRun(Path pipeline, PostgresTestDatabase database, String runKey, String seed, LocalArgoExecutor.Outcome outcome, JsonNode result,
                      Map<String, String> trials, Map<String, String> allTrials, List<String> nodes, List<String> problems) {
        static final AtomicReference<ClusterRun> current = new AtomicReference<>();

        static ClusterRun of(Path pipeline, Path options, Path dir, BiConsumer<String, Process> onStart) throws Exception {
            Path exported = dir.resolve("exported");
            var export = CliRun.in(dir.resolve("export-home"), "export-pipeline", pipeline.toString(), "--target", "argo", "--options", options.toString(),
                    "--out", exported.toString());
            assertThat(export.code()).as(export.err()).isZero();
            try (var database = PostgresTestDatabase.create()) {
                Path workspace = Files.createDirectories(dir.resolve("workspace"));
                var executor = new LocalArgoExecutor(exported, Map.of("pipewright-workspace", workspace, "pipewright-data", SAMPLES),
                        Map.of("pipewright-store/url", database.url()), dir.resolve("scratch"), LocalArgoExecutor.pipewright(dir.resolve("user-home")));
                String seed = seed(executor.document("WorkflowTemplate"));
                String runKey = name(pipeline) + "-cluster1";
                current.set(new ClusterRun(pipeline, database, runKey, seed, null, null, Map.of(), Map.of(), List.of(), List.of()));
                var outcome = executor.onStart(onStart).run(runKey);
                try (Store store = database.open()) {
                    var runs = new Runs(store, Clock.systemUTC());
                    var problems = new ArrayList<String>();
                    var listed = runs.list(name(pipeline));
                    if (listed.size() != 1) {
                        problems.add("runs of " + name(pipeline) + ": " + listed);
                    }
                    var run = runs.find(runKey).orElseThrow(() -> new AssertionError("no run " + runKey + " in the store; logs:\n" + logs(outcome)));
                    var trials = new TreeMap<String, String>();
                    var allTrials = new TreeMap<String, String>();
                    for (var child : runs.children(runKey)) {
                        allTrials.put(child.key(), child.status());
                        if (child.status().equals(Runs.FINISHED)) {
                            trials.put(child.key(), child.status());
                        }
                    }
                    var tags = runs.tags(run.id());
                    var metrics = runs.latestMetrics(run.id());
                    var nodes = new ArrayList<String>();
                    for (JsonNode node : YAML.readTree(pipeline.toFile()).path("nodes")) {
                        String id = node.path("id").asText();
                        nodes.add(id);
                        if (!"done".equals(tags.get("node." + id + ".status")) && !"cached".equals(tags.get("node." + id + ".status"))) {
                            problems.add("node." + id + ".status is " + tags.get("node." + id + ".status"));
                        }
                        if (!metrics.containsKey(id + ".node_seconds")) {
                            problems.add("no " + id + ".node_seconds");
                        }
                    }
                    if (!run.status().equals(Runs.FINISHED)) {
                        problems.add("the run is " + run.status());
                    }
                    JsonNode result = outcome.succeeded() ? resultOf(pipeline, store, run) : null;
                    return new ClusterRun(pipeline, database, runKey, seed, outcome, result, trials, allTrials, nodes, problems);
                }
            }
        }

        void assertSucceeded() {
            assertThat(outcome.succeeded()).as("the workflow succeeded; logs:\n" + logs(outcome)).isTrue();
        }

        void assertOneRunWithEveryNode() {
            assertThat(problems).as("the run in the store: once, finished, every node's status tag and node_seconds (" + nodes + ")").isEmpty();
        }

        private static String seed(JsonNode template) {
            for (JsonNode each : template.path("spec").path("templates")) {
                var args = new ArrayList<String>();
                each.path("container").path("args").forEach(arg -> args.add(arg.asText()));
                int at = args.indexOf("--seed");
                if (at >= 0) {
                    return args.get(at + 1);
                }
            }
            throw new AssertionError("no task passes --seed");
        }

        private static String logs(LocalArgoExecutor.Outcome outcome) {
            var text = new StringBuilder();
            for (var task : outcome.tasks()) {
                text.append(task.name()).append(' ').append(task.exitCodes()).append('\n');
                if (!task.succeeded()) {
                    text.append("== ").append(task.name()).append(' ').append(task.exitCodes()).append('\n');
                    try {
                        text.append(Files.readString(task.log()));
                    } catch (IOException e) {
                        text.append(e.getMessage());
                    }
                }
            }
            return text.toString();
        }
    }
}
