package io.pipewright.ui.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.loop.scorecard.Criterion;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthViewModelTest {
    @TempDir
    Path dir;

    @Test
    void theChampionIsShownUntilAVersionIsSelectedAndABadUrlIsSaidWithoutLosingTheRows() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var registry = new ModelRegistry(store, Clock.systemUTC());
            registry.register("credit", null, "/m/v1.pwmodel", "a".repeat(64), null, "champion");
            registry.register("credit", null, "/m/v2.pwmodel", "b".repeat(64), null, "challenger");
            var versions = registry.versions("credit");
            var health = new HealthViewModel(new SameThreadTaskExecutor(), () -> Optional.of(store), Clock.systemUTC());

            health.show(null, versions);
            assertThat(health.titleProperty().get()).isEqualTo("credit:1 (champion)");
            assertThat(health.criteria()).hasSize(6).extracting(Criterion::status).containsOnly(Criterion.Status.UNKNOWN);
            assertThat(health.summaryProperty().get()).isEqualTo("0 passed, 0 failed, 6 unknown");
            assertThat(health.messageProperty().get()).isEmpty();

            health.show(versions.get(0), versions);
            assertThat(health.titleProperty().get()).isEqualTo("credit:2 (challenger)");

            health.metricsUrlProperty().set("localhost:1");
            health.measure();
            assertThat(health.messageProperty().get())
                    .isEqualTo("The metrics URL must be an http(s) URL such as http://127.0.0.1:8080/metrics, not 'localhost:1'");
            assertThat(health.criteria()).hasSize(6);
            assertThat(health.criteria().get(2).detail()).isEqualTo("no /metrics URL of its server given");

            health.show(null, java.util.List.of());
            assertThat(health.criteria()).isEmpty();
            assertThat(health.messageProperty().get()).isEqualTo("Select a model to see its scorecard.");
        }
    }
}
