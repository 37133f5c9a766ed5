package io.pipewright.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.Await;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ScoringTest {
    @TempDir
    Path dir;

    private Predictor model(String version, String seed) {
        var model = Trainer.fit(io.pipewright.train.ModelArtifactTest.table(300, 1), null,
                new Trainer.Request("label", "random_forest", Map.of(), null, List.of(), 5, seed, List.of(), null), TrainingListener.NONE);
        Path file = dir.resolve("credit-" + version + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "credit", Map.of(), "test", file);
        return Predictor.load("credit", version, file, 2);
    }

    @Test
    @Timeout(60)
    void aSwapUnderLoadAnswersEveryRequestWithOneOfTheTwoVersionsAndStopsOnTheNewOne() throws Exception {
        var scoring = new Scoring(model("1", "abc")).batching(8, Duration.ofMillis(1)).start();
        Map<String, Object> row = Map.of("x", 1.5, "colour", "red");
        Set<String> versions = ConcurrentHashMap.newKeySet();
        var failures = new AtomicInteger();
        var running = new AtomicBoolean(true);
        var pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                while (running.get()) {
                    try {
                        versions.add(scoring.score(List.of(row), null).version());
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                }
            });
        }
        Await.until("answers from version 1", Duration.ofSeconds(10), () -> versions.contains("1"));
        Predictor old = scoring.swap(model("2", "def"));
        Await.until("an answer from version 2", Duration.ofSeconds(10), () -> versions.contains("2"));
        running.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        assertThat(old.version()).isEqualTo("1");
        assertThat(failures).hasValue(0);
        assertThat(versions).containsExactlyInAnyOrder("1", "2");
        assertThat(scoring.score(List.of(row), "mine").version()).isEqualTo("2");
        assertThat(scoring.score(List.of(row), "mine").id()).isEqualTo("mine");

        // a request that comes after close fails at once instead of waiting for a version that never comes
        scoring.close();
        assertThatThrownBy(() -> scoring.score(List.of(row), null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopping");
    }

    /**
     * With micro-batching on, a request that finds nothing queued is predicted on its own thread at once (no hand-off to
     * another thread, which cost more than predicting a row of a forest), and gets the same answer as the model alone.
     */
    @Test
    @Timeout(60)
    void aRequestAloneIsPredictedOnItsOwnThreadWithTheModelsAnswer() throws Exception {
        Predictor predictor = model("1", "abc");
        try (var scoring = new Scoring(predictor).batching(16, Duration.ofMillis(50)).start()) {
            var threads = ConcurrentHashMap.<String>newKeySet();
            scoring.beforePredict = rows -> threads.add(Thread.currentThread().getName());
            Map<String, Object> row = Map.of("x", 0.25, "colour", "blue");
            Scoring.Scored scored = scoring.score(List.of(row), "r1");
            assertThat(threads).as("the threads that called the model").containsExactly(Thread.currentThread().getName());
            var alone = predictor.predict(List.of(row));
            assertThat(scored.prediction().predictions()).isEqualTo(alone.predictions());
            assertThat(scored.prediction().probabilities()).isDeepEqualTo(alone.probabilities());
        }
    }

    /** Requests from many threads through the batcher each get their own row's answer, whatever batch they were predicted in. */
    @Test
    @Timeout(60)
    void concurrentRequestsThroughTheBatcherEachGetTheirOwnAnswer() throws Exception {
        Predictor predictor = model("1", "abc");
        try (var scoring = new Scoring(predictor).batching(4, Duration.ofMillis(1)).start()) {
            var pool = Executors.newFixedThreadPool(8);
            var random = new java.util.Random(7);
            var rows = new java.util.ArrayList<Map<String, Object>>();
            for (int i = 0; i < 400; i++) {
                rows.add(Map.of("x", Math.round(random.nextGaussian() * 1000) / 1000.0, "colour", random.nextBoolean() ? "red" : "blue"));
            }
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Scoring.Scored>>();
            for (var row : rows) {
                answers.add(pool.submit(() -> scoring.score(List.of(row), null)));
            }
            for (int i = 0; i < rows.size(); i++) {
                var expected = predictor.predict(List.of(rows.get(i)));
                var answer = answers.get(i).get(30, TimeUnit.SECONDS).prediction();
                assertThat(answer.predictions()).as("row %d", i).isEqualTo(expected.predictions());
                assertThat(answer.probabilities()).as("row %d", i).isDeepEqualTo(expected.probabilities());
            }
            pool.shutdown();
        }
    }
}
