package io.pipewright.ui.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.track.DatasetVersion;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Runs;
import io.pipewright.track.SchemaColumn;
import io.pipewright.track.Store;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsViewModelTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final List<SchemaColumn> SCHEMA = List.of(new SchemaColumn("age", "numeric"), new SchemaColumn("default", "categorical"));

    @TempDir
    Path dir;

    @Test
    void versionsSitByPathAndLeadToTheirRunsModelsAndHistoryAndAModelLeadsBackToItsData() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var versions = new DatasetVersions(store);
            var v1 = versions.recordRead("/data/credit.csv", "CSV", 1234, A, 1000, SCHEMA, DatasetVersions.PIPELINE, T0);
            var other = versions.recordRead("/data/housing.csv", "CSV", 999, C, 500, SCHEMA, DatasetVersions.PIPELINE, T0.plusSeconds(30));
            var v2 = versions.recordRead("/data/credit.csv", "CSV", 1200, B, 900, SCHEMA, DatasetVersions.PIPELINE, T0.plusSeconds(60));
            var runs = new Runs(store, Clock.systemUTC());
            var registry = new ModelRegistry(store, Clock.systemUTC());
            for (int r = 1; r <= 2; r++) {
                var run = runs.start("credit-risk", "run-" + r, "credit-risk.yaml", 42L, "e".repeat(64), "name: credit-risk", null);
                runs.dataset(run.id(), "read", r == 1 ? A : B);
                runs.end(run.id(), Runs.FINISHED, null);
                registry.register("credit-risk", "run-" + r, "/models/v" + r + ".pwmodel", "d".repeat(64), null, "challenger");
            }
            // a run of the first data that registered nothing
            var plain = runs.start("credit-risk", "run-3", "credit-risk.yaml", 42L, "e".repeat(64), "name: credit-risk", null);
            runs.dataset(plain.id(), "read", A);
            runs.end(plain.id(), Runs.FAILED, "node 'train': stopped");

            var notifications = new Notifications();
            var model = new DatasetsViewModel(new SameThreadTaskExecutor(), () -> Optional.of(store), notifications);
            model.refresh();
            // a path's versions together, newest first
            assertThat(model.versions()).extracting(DatasetVersion::id).containsExactly(v2.id(), v1.id(), other.id());
            assertThat(model.versions()).extracting(DatasetVersion::runs).containsExactly(1, 2, 0);
            assertThat(model.modelVersions()).containsExactly("credit-risk:2", "credit-risk:1");
            assertThat(model.selectedProperty().get().id()).isEqualTo(v2.id());
            assertThat(model.messageProperty().get()).isEmpty();

            model.select(model.versions().get(1));
            assertThat(model.detailProperty().get().version().id()).isEqualTo(v1.id());
            assertThat(model.schema()).isEqualTo(SCHEMA);
            assertThat(model.history()).extracting(DatasetVersion::id).containsExactly(v2.id(), v1.id());
            assertThat(model.usage()).extracting(usage -> usage.run().runKey()).containsExactly("run-3", "run-1");
            assertThat(model.usage().get(0).model()).isNull();
            assertThat(model.usage().get(1).model().reference()).isEqualTo("credit-risk:1");

            model.showLineage("credit-risk:2");
            var lineage = model.lineageProperty().get();
            assertThat(lineage.model().aliases()).containsExactly("challenger");
            assertThat(lineage.run().runKey()).isEqualTo("run-2");
            assertThat(lineage.datasets()).singleElement().satisfies(use -> {
                assertThat(use.version().id()).isEqualTo(v2.id());
                assertThat(use.history()).extracting(DatasetVersion::id).containsExactly(v2.id(), v1.id());
            });

            // a refresh keeps the chosen version and model version
            model.refresh();
            assertThat(model.selectedProperty().get().id()).isEqualTo(v1.id());
            assertThat(model.modelProperty().get()).isEqualTo("credit-risk:2");
            assertThat(model.lineageProperty().get().run().runKey()).isEqualTo("run-2");

            model.selectId(other.id());
            assertThat(model.usage()).isEmpty();
            assertThat(model.history()).extracting(DatasetVersion::id).containsExactly(other.id());

            model.showLineage("nosuch:1");
            assertThat(model.lineageProperty().get()).isNull();
            assertThat(notifications.latestProperty().get().level()).isEqualTo(Notifications.Level.ERROR);
            assertThat(notifications.latestProperty().get().text()).isEqualTo("No registered model version nosuch:1");
        }
    }

    @Test
    void anEmptyStoreSaysHowVersionsGetThereAndNoStoreSaysItIsNotOpen() {
        try (Store store = Store.open(dir.resolve("store"), "test")) {
            var model = new DatasetsViewModel(new SameThreadTaskExecutor(), () -> Optional.of(store), new Notifications());
            model.refresh();
            assertThat(model.versions()).isEmpty();
            assertThat(model.selectedProperty().get()).isNull();
            assertThat(model.messageProperty().get()).startsWith("No dataset versions yet");
        }
        var closed = new DatasetsViewModel(new SameThreadTaskExecutor(), Optional::empty, new Notifications());
        closed.refresh();
        assertThat(closed.messageProperty().get()).isEqualTo("The store is not open yet.");
    }
}
