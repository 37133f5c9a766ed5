package io.pipewright.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        Thread.sleep(200);
        Predictor old = scoring.swap(model("2", "def"));
        Thread.sleep(200);
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
}
