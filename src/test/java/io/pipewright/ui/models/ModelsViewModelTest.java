package io.pipewright.ui.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsViewModelTest {
    @TempDir
    Path dir;

    @Test
    void promoteAndRollBackAreRecordedAndAVersionLeadsBackToItsData() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var runs = new Runs(store, Clock.systemUTC());
            var registry = new ModelRegistry(store, Clock.systemUTC());
            for (int v = 1; v <= 2; v++) {
                var run = runs.start("credit", "run-" + v, null, 1L, "a".repeat(64), "name: credit", null);
                runs.dataset(run.id(), "read", "d".repeat(64));
                runs.end(run.id(), Runs.FINISHED, null);
                registry.register("credit-risk", "run-" + v, "/models/v" + v + ".pwmodel", "c".repeat(64), "{\"roc_auc\": 0.8" + v + "}", null);
            }
            var notifications = new Notifications();
            var model = new ModelsViewModel(new SameThreadTaskExecutor(), () -> Optional.of(store), notifications, Clock.systemUTC());
            model.refresh();
            assertThat(model.models()).containsExactly("credit-risk");
            assertThat(model.versions()).extracting(ModelRegistry.Version::version).containsExactly(2, 1);

            model.promote(model.versions().get(1), "champion");
            model.promote(model.versions().get(0), "champion");
            assertThat(notifications.latestProperty().get().text()).isEqualTo("credit-risk@champion is now version 2");
            assertThat(model.versions().get(0).aliases()).containsExactly("champion");
            model.rollback("credit-risk", "champion");
            assertThat(model.versions().get(1).aliases()).containsExactly("champion");
            assertThat(model.events()).extracting(ModelRegistry.AliasEvent::action).containsExactly("rollback", "promote", "promote");
            assertThat(model.events().get(0).toVersion()).isEqualTo(1);

            model.rollback("credit-risk", "staging");
            assertThat(notifications.latestProperty().get().level()).isEqualTo(Notifications.Level.ERROR);
            assertThat(notifications.latestProperty().get().text()).contains("credit-risk@staging has never been set");

            model.showLineage(model.versions().get(0));
            var lineage = model.lineageProperty().get();
            assertThat(lineage.run().run().key()).isEqualTo("run-2");
            assertThat(lineage.run().run().pipelineSha256()).isEqualTo("a".repeat(64));
            assertThat(lineage.run().datasets()).extracting(d -> d.sha256()).containsExactly("d".repeat(64));
            assertThat(ModelsView.metrics(lineage.version().metricsJson())).isEqualTo("roc_auc 0.82");
        }
    }
}
