package io.pipewright.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.Await;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.OnEachStore;
import io.pipewright.track.Store;
import io.pipewright.track.TestStore;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.ModelArtifactTest;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A scoring core that follows {@code credit@champion} in the store (embedded H2, and PostgreSQL when the test
 * server is configured): a move of the alias swaps the version in; a version whose file is missing, damaged or
 * not the registered file is refused, counted, and the version serving goes on answering.
 */
class AliasFollowerTest {
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @OnEachStore
    void aMovedAliasIsSwappedInAndABrokenVersionIsRefusedAndCounted(TestStore stores) throws Exception {
        Path models = Files.createDirectories(stores.home().resolve("models"));
        Path first = artifact(models, "v1", 1);
        Path second = artifact(models, "v2", 2);
        Path damaged = models.resolve("v4" + ModelArtifact.EXTENSION);
        Files.write(damaged, "not a model artifact".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path replaced = artifact(models, "v5", 5);
        Path byKey = artifact(models, "v6", 6, new io.pipewright.train.Step.Lookup(List.of(new io.pipewright.train.Step.Lookup.View("customer_stats",
                List.of("customer_id"), "event_time", List.of("x", "colour")))));
        registry(stores, registry -> {
            registry.register("credit", "run-1", first.toString(), sha256(first), null, "champion");
            registry.register("credit", "run-2", second.toString(), sha256(second), null, null);
            registry.register("credit", "run-3", models.resolve("gone" + ModelArtifact.EXTENSION).toString(), "c".repeat(64), null, null);
            registry.register("credit", "run-4", damaged.toString(), sha256(damaged), null, null);
            registry.register("credit", "run-5", replaced.toString(), "d".repeat(64), null, null);
            registry.register("credit", "run-6", byKey.toString(), sha256(byKey), null, null);
        });

        try (Scoring scoring = new Scoring(Predictor.load("credit", "1", first, 1)).batching(4, Duration.ofMillis(1)).start();
             AliasFollower follower = AliasFollower.start(scoring, stores::open, "credit", "champion", INTERVAL, 2)) {
            assertThat(score(scoring)).isEqualTo("1");
            assertThat(metric(scoring, "pipewright_model_version")).isEqualTo(1.0);

            registry(stores, registry -> registry.setAlias("credit", "champion", 2, "promote"));
            // the counter is counted just after the swap: awaited, not read at once
            Await.until("version 2 swapped in", WAIT, () -> metric(scoring, "pipewright_model_swaps_total{result=\"swapped\"}") == 1.0);
            assertThat(score(scoring)).isEqualTo("2");
            assertThat(scoring.predictor().parallel()).as("loaded with the copies asked for").isEqualTo(2);
            assertThat(metric(scoring, "pipewright_model_swaps_total{result=\"swapped\"}")).isEqualTo(1.0);
            assertThat(metric(scoring, "pipewright_model_version")).isEqualTo(2.0);

            // a file that is not there, one that is not a model, one that is not the file registered: each refused and counted once
            for (int broken = 3; broken <= 5; broken++) {
                int version = broken;
                registry(stores, registry -> registry.setAlias("credit", "champion", version, "promote"));
                double refusals = broken - 2;
                Await.until("version " + broken + " refused", WAIT, () -> metric(scoring, "pipewright_model_swaps_total{result=\"failed\"}") == refusals);
                assertThat(scoring.predictor().version()).as("version 2 keeps serving").isEqualTo("2");
                assertThat(score(scoring)).isEqualTo("2");
            }
            Thread.sleep(10 * INTERVAL.toMillis()); // a refused version is not tried again while the alias stays on it
            follower.poll();
            assertThat(metric(scoring, "pipewright_model_swaps_total{result=\"failed\"}")).isEqualTo(3.0);
            assertThat(metric(scoring, "pipewright_model_swaps_total{result=\"swapped\"}")).isEqualTo(1.0);
            assertThat(metric(scoring, "pipewright_model_version")).isEqualTo(2.0);

            // a version that reads feature views this process does not fill (trained through a features node): refused
            registry(stores, registry -> registry.setAlias("credit", "champion", 6, "promote"));
            Await.until("version 6 refused", WAIT, () -> metric(scoring, "pipewright_model_swaps_total{result=\"failed\"}") == 4.0);
            assertThat(score(scoring)).isEqualTo("2");

            registry(stores, registry -> registry.setAlias("credit", "champion", 1, "rollback"));
            Await.until("version 1 back", WAIT, () -> metric(scoring, "pipewright_model_swaps_total{result=\"swapped\"}") == 2.0);
            assertThat(score(scoring)).isEqualTo("1");
            assertThat(metric(scoring, "pipewright_model_swaps_total{result=\"swapped\"}")).isEqualTo(2.0);
            assertThat(metric(scoring, "pipewright_model_version")).isEqualTo(1.0);
        }
    }

    @OnEachStore
    void aStoreThatCannotBeOpenedIsReadAgainLaterWhileTheVersionServes(TestStore stores) throws Exception {
        Path models = Files.createDirectories(stores.home().resolve("models"));
        Path first = artifact(models, "v1", 1);
        Path second = artifact(models, "v2", 2);
        registry(stores, registry -> {
            registry.register("credit", "run-1", first.toString(), sha256(first), null, "champion");
            registry.register("credit", "run-2", second.toString(), sha256(second), null, null);
        });
        var refusing = new java.util.concurrent.atomic.AtomicInteger(3);
        var opened = new java.util.concurrent.atomic.AtomicInteger();
        try (Scoring scoring = new Scoring(Predictor.load("credit", "1", first, 1)).start();
             AliasFollower follower = AliasFollower.start(scoring, () -> {
                 opened.incrementAndGet();
                 if (refusing.getAndDecrement() > 0) {
                     throw new io.pipewright.track.StoreInUseException("the store is in use by another Pipewright", null, null);
                 }
                 return stores.open();
             }, "credit", "champion", INTERVAL, 1)) {
            registry(stores, registry -> registry.setAlias("credit", "champion", 2, "promote"));
            Await.until("version 2 swapped in once the store opens", WAIT, () -> scoring.predictor().version().equals("2"));
            assertThat(opened.get()).as("three refused opens, then one that read the alias").isGreaterThanOrEqualTo(4);
            assertThat(metric(scoring, "pipewright_model_swaps_total{result=\"failed\"}")).isZero();
            assertThat(score(scoring)).isEqualTo("2");
            if (!stores.isPostgres()) {
                // the embedded store is opened again only after another process wrote to it: it stays free for commands in between
                // (a read that overlapped this test's own closing of the store sees the files change once more: let it pass first)
                Thread.sleep(5 * INTERVAL.toMillis());
                int reads = opened.get();
                Thread.sleep(10 * INTERVAL.toMillis());
                assertThat(opened.get()).as("no open of an unchanged store").isEqualTo(reads);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aVersionIsSwappedInForAFeaturesModelOnlyWhenItsLookupIsTheSame() {
        var view = new io.pipewright.train.Step.Lookup.View("customer_stats", List.of("customer_id"), "event_time", List.of("x", "colour"));
        var lookup = new io.pipewright.train.Step.Lookup(List.of(view));
        var serving = manifest(ModelArtifactTest.table(300, 1), "label", lookup);
        assertThat(FeatureLookup.sameLookup(serving, manifest(ModelArtifactTest.table(300, 2), "label", lookup))).as("retrained, same use").isTrue();
        // the same view, but the new version reads the key as a feature: this process's lookup would strip it
        var table = ModelArtifactTest.table(300, 1);
        table.addColumns(tech.tablesaw.api.IntColumn.create("customer_id", java.util.stream.IntStream.range(0, table.rowCount()).toArray()));
        assertThat(FeatureLookup.sameLookup(serving, manifest(table, "label", lookup))).isFalse();
        assertThat(FeatureLookup.sameLookup(serving, manifest(ModelArtifactTest.table(300, 1), "label"))).as("no views").isFalse();
    }

    private static ModelArtifact.Manifest manifest(tech.tablesaw.api.Table table, String target, io.pipewright.train.Step... steps) {
        var model = Trainer.fit(table, null, new Trainer.Request(target, "random_forest", Map.of("trees", 5), null, List.of(), 1, null, List.of(steps),
                null), TrainingListener.NONE);
        return ModelArtifact.manifest(model, "credit", Map.of(), new byte[0], "test");
    }

    /** The version that answers a request now. */
    private static String score(Scoring scoring) {
        var row = new LinkedHashMap<String, Object>();
        row.put("x", 0.7);
        row.put("colour", "red");
        return scoring.score(List.of(row), null).version();
    }

    /** A sample of {@code /metrics} as Prometheus reads it. */
    static double metric(Scoring scoring, String sample) {
        return scoring.registry().scrape().lines().filter(line -> line.startsWith(sample + " ")).mapToDouble(line -> Double.parseDouble(line.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError("no " + sample + " in /metrics"));
    }

    private static Path artifact(Path folder, String name, long seed, io.pipewright.train.Step... steps) {
        var model = Trainer.fit(ModelArtifactTest.table(300, seed), null, new Trainer.Request("label", "random_forest", Map.of("trees", 10), null,
                List.of(), seed, null, List.of(steps), null), TrainingListener.NONE);
        Path file = folder.resolve(name + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "credit", Map.of(), "test", file);
        return file;
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Changes the registry as a command would: the store opened, changed and closed. */
    private static void registry(TestStore stores, Consumer<ModelRegistry> change) {
        try (Store store = stores.open()) {
            change.accept(new ModelRegistry(store, Clock.systemUTC()));
        }
    }
}
