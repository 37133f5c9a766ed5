package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsTest {
    @TempDir
    Path dir;

    @OnEachStore
    void aRunKeepsItsParamsMetricHistoryLatestMinMaxDatasetsAndArtifacts(TestStore stores) {
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.systemUTC());
            var run = runs.start("credit", "r1", "credit.yaml", 42L, "a".repeat(64), "name: credit", null);
            runs.params(run.id(), Map.of("train.algorithm", "xgboost", "split.test", "0.2"));
            runs.tags(run.id(), Map.of("pipewright.version", "test"));
            for (int step = 1; step <= 1200; step++) {
                runs.metric(run.id(), "train.valid_log_loss", step, 1.0 / step + (step == 600 ? -0.5 : 0));
            }
            runs.metric(run.id(), "eval.accuracy", 0, 0.8);
            runs.dataset(run.id(), "read", "b".repeat(64));
            runs.artifact(run.id(), "/m/train.pwmodel", "model", 123, "c".repeat(64));
            runs.end(run.id(), Runs.FINISHED, null);

            var stored = runs.find("r1").orElseThrow();
            assertThat(stored.status()).isEqualTo("finished");
            assertThat(stored.endedAt()).isNotNull();
            assertThat(runs.params(run.id())).containsEntry("train.algorithm", "xgboost");
            assertThat(runs.history(run.id(), "train.valid_log_loss")).hasSize(1200);
            assertThat(runs.latestMetrics(run.id())).containsEntry("eval.accuracy", 0.8).containsEntry("train.valid_log_loss", 1.0 / 1200);
            assertThat(runs.datasets(run.id())).containsExactly("b".repeat(64));
            assertThat(runs.artifacts(run.id())).containsEntry("/m/train.pwmodel", "c".repeat(64));
            assertThat(runs.list("credit")).extracting(Runs.Run::key).containsExactly("r1");
        }
    }

    @OnEachStore
    void tagsAreReplacedAndADatasetIsRecordedOnce(TestStore stores) {
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.systemUTC());
            var run = runs.start("exp", "r1", null, 7L, "a".repeat(64), "name: exp", null);
            runs.tags(run.id(), Map.of("k", "v1"));
            runs.tags(run.id(), Map.of("k", "v2"));
            runs.dataset(run.id(), "read", "b".repeat(64));
            runs.dataset(run.id(), "read", "b".repeat(64));
            runs.end(run.id(), Runs.FINISHED, null);
            assertThat(runs.tags(run.id())).containsExactly(Map.entry("k", "v2"));
            assertThat(runs.datasets(run.id())).hasSize(1);
        }
    }

    @OnEachStore
    void concurrentWritersLoseNoMetricPoint(TestStore stores) throws Exception {
        try (Store store = stores.open()) {
            var runs = new Runs(store, Clock.systemUTC());
            var parent = runs.start("tune", "p", null, 1L, null, null, null);
            int writers = 8;
            int points = 2_000;
            var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            var children = new java.util.ArrayList<Runs.Run>();
            for (int w = 0; w < writers; w++) {
                children.add(runs.start("tune", "p-" + w, null, 1L, null, null, parent.id()));
            }
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (var child : children) {
                futures.add(pool.submit(() -> {
                    for (int step = 0; step < points; step++) {
                        runs.metric(child.id(), "valid_log_loss", step, 1.0 / (step + 1));
                        runs.metric(parent.id(), "trial_accuracy", child.id() * 100_000 + step, step);
                    }
                    runs.end(child.id(), Runs.FINISHED, null);
                }));
            }
            for (var future : futures) {
                future.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            pool.shutdown();
            runs.end(parent.id(), Runs.FINISHED, null);
            for (var child : children) {
                assertThat(runs.history(child.id(), "valid_log_loss")).hasSize(points);
            }
            assertThat(runs.history(parent.id(), "trial_accuracy")).hasSize(writers * points);
        }
    }

    @Test
    void aRunLeftRunningIsMarkedKilledWhenTheStoreIsNextOpened() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            new Runs(store, Clock.systemUTC()).start("credit", "r2", null, 1L, null, null, null);
        }
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var run = new Runs(store, Clock.systemUTC()).find("r2").orElseThrow();
            assertThat(run.status()).isEqualTo("killed");
            assertThat(run.failure()).isEqualTo("the process running it ended before the run did");
        }
    }

    @Test
    void aRunKilledWithKillNineLeavesAConsistentStoreAndIsMarkedKilled() throws Exception {
        var text = new StringBuilder("a,b,c,label\n");
        var random = new java.util.Random(1);
        for (int i = 0; i < 20_000; i++) {
            text.append(random.nextGaussian()).append(',').append(random.nextGaussian()).append(',').append(random.nextGaussian()).append(',')
                    .append(random.nextBoolean() ? "x" : "y").append('\n');
        }
        Files.writeString(dir.resolve("data.csv"), text);
        Path pipeline = Files.writeString(dir.resolve("slow.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: slow
                nodes:
                  - id: read
                    type: read
                    params: {path: data.csv}
                  - id: train
                    type: train
                    inputs: {train: read.table}
                    params: {target: label, algorithm: xgboost, hyperparameters: {num_round: 100000, max_depth: 10, nthread: 1}}
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "io.pipewright.Main",
                "--home", dir.resolve("home").toString(), "run", pipeline.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.contains("… train")) {
                // wait until training has started: the run is recorded as running by then
            }
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (Store store = Store.open(dir.resolve("home").resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC()).list("slow");
            assertThat(runs).singleElement().satisfies(run -> {
                assertThat(run.status()).isEqualTo("killed");
                assertThat(run.endedAt()).isNotNull();
            });
        }
    }
}
