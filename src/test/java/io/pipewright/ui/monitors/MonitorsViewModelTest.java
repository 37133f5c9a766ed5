package io.pipewright.ui.monitors;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.loop.MonitorRunner;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.MonitorChecks;
import io.pipewright.track.Store;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorsViewModelTest {
    @TempDir
    Path folder;

    @Test
    void evaluatingAMonitorFileListsItWithItsHistory() throws Exception {
        try (Store store = Store.open(folder.resolve("home"), "test")) {
            new ModelRegistry(store, Clock.systemUTC()).register("credit-risk", null, io.pipewright.export.ExportFixtures.classifierArtifact().toString(), "0".repeat(64),
                    "{\"accuracy\":0.8}", "champion");
            Files.writeString(folder.resolve("reference.csv"), "a,b\n1,x\n");
            Files.createDirectories(folder.resolve("requests"));
            Path file = Files.writeString(folder.resolve("weekly.yaml"), """
                    monitor: credit-weekly
                    model: credit-risk@champion
                    reference: reference.csv
                    current: {requestLog: requests}
                    """);
            var outcome = new AtomicReference<>(new MonitorRunner.DriftOutcome(false, 0.0, 0, 2, "a", 0.01, 10, "{}"));
            var notifications = new Notifications();
            var model = new MonitorsViewModel(new SameThreadTaskExecutor(), () -> Optional.of(store), notifications,
                    opened -> new MonitorRunner(opened, (reference, current, share, target, progress) -> outcome.get(), (pipeline, name, plan, progress) -> {
                        throw new AssertionError("nothing to retrain");
                    }, Clock.systemUTC()));

            model.refresh();
            assertThat(model.monitors()).isEmpty();
            assertThat(model.messageProperty().get()).startsWith("No monitor has been evaluated yet.");

            model.run(file);
            outcome.set(new MonitorRunner.DriftOutcome(true, 1.0, 2, 2, "b", 0.42, 10, "{}"));
            model.run(file);

            assertThat(model.monitors()).singleElement().satisfies(summary -> {
                assertThat(summary.monitor()).isEqualTo("credit-weekly");
                assertThat(summary.checks()).isEqualTo(2);
                assertThat(summary.triggered()).isEqualTo(1);
            });
            assertThat(model.selectedProperty().get()).isEqualTo("credit-weekly");
            assertThat(model.history()).extracting(MonitorChecks.Check::status).containsExactly("triggered", "ok");
            assertThat(notifications.latestProperty().get().text())
                    .isEqualTo("credit-weekly: dataset drift: 2 of 2 columns drifted (share 1.00, threshold 0.50); PSI of b is 0.420 (threshold 0.20)");
            assertThat(MonitorsView.chart("credit-weekly", model.history()).series()).extracting(s -> s.name()).containsExactly("drift share", "max PSI");
        }
    }

    @Test
    void aMonitorOfAMissingVersionIsReportedAndNothingIsRecorded() throws Exception {
        try (Store store = Store.open(folder.resolve("home"), "test")) {
            Path file = Files.writeString(folder.resolve("weekly.yaml"), "monitor: m\nmodel: nosuch:3\ncurrent: {requestLog: requests}\n");
            var notifications = new Notifications();
            var model = new MonitorsViewModel(new SameThreadTaskExecutor(), () -> Optional.of(store), notifications,
                    opened -> new MonitorRunner(opened, (reference, current, share, target, progress) -> null, (pipeline, name, plan, progress) -> null, Clock.systemUTC()));

            model.run(file);

            assertThat(notifications.latestProperty().get().level()).isEqualTo(Notifications.Level.ERROR);
            assertThat(notifications.latestProperty().get().text()).isEqualTo("weekly.yaml: model: no registered model version nosuch:3 (no model named 'nosuch' is registered)");
            assertThat(model.runningProperty().get()).isFalse();
            assertThat(new MonitorChecks(store).monitors()).isEmpty();
        }
    }
}
