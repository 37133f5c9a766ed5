package io.pipewright.ui.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.track.RunPages;
import io.pipewright.track.RunPages.Column;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentsViewModelTest {
    @TempDir
    Path dir;

    private Store store;
    private final Map<String, List<Column>> remembered = new HashMap<>();
    private ExperimentsViewModel model;

    @BeforeEach
    void fill() {
        store = Store.open(dir.resolve("store"), "test");
        var runs = new Runs(store, Clock.systemUTC());
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < 350; i++) {
            var run = runs.record("sweep", "s" + i, null, Runs.FINISHED, t0.plusSeconds(i), t0.plusSeconds(i + 5), null);
            runs.params(run.id(), Map.of("train.algorithm", i % 2 == 0 ? "xgboost" : "random_forest", "train.hyperparameters.depth", String.valueOf(i % 7),
                    "read.path", "credit.csv"));
            runs.metric(run.id(), "evaluate.roc_auc", 0, 0.5 + i / 1000.0);
            runs.metric(run.id(), "system.cpu_percent", 0, 50);
            runs.metric(run.id(), "train.valid_log_loss", 3, 0.3);
        }
        runs.record("older", "o1", null, Runs.FINISHED, t0.minusSeconds(3600), null, null);
        runs.flush();
        var memory = new ExperimentsViewModel.ColumnMemory() {
            @Override
            public Optional<List<Column>> columns(String experiment) {
                return Optional.ofNullable(remembered.get(experiment));
            }

            @Override
            public void remember(String experiment, List<Column> columns) {
                remembered.put(experiment, columns);
            }
        };
        model = new ExperimentsViewModel(new SameThreadTaskExecutor(), () -> Optional.of(store), new Notifications(), memory);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static RunPages.Row row(LazyRunList rows, int index) {
        rows.get(index); // asks for the page; the same-thread executor reads it at once
        return rows.get(index).row();
    }

    @Test
    void showsTheNewestExperimentWithDefaultColumnsAndReadsOnlyThePagesShown() {
        model.refresh();
        assertThat(model.experiments()).extracting(RunPages.Experiment::name).containsExactly("sweep", "older");
        assertThat(model.experimentProperty().get()).isEqualTo("sweep");
        assertThat(model.columns()).extracting(Column::label).containsExactly("metrics.evaluate.roc_auc", "metrics.train.valid_log_loss",
                "params.train.algorithm", "params.train.hyperparameters.depth", "params.read.path");
        LazyRunList rows = model.rowsProperty().get();
        assertThat(rows).hasSize(350);
        assertThat(model.matchingProperty().get()).isEqualTo(350);
        assertThat(rows.pagesRead()).isZero();
        assertThat(row(rows, 0).run().key()).isEqualTo("s349");
        assertThat(row(rows, 0).values()).containsEntry(Column.param("train.algorithm"), "random_forest");
        assertThat(rows.pagesRead()).as("the first page comes with the count").isZero();
        assertThat(row(rows, 250).run().key()).isEqualTo("s99");
        assertThat(rows.pagesRead()).as("only the page shown; not the one between").isEqualTo(1);
    }

    @Test
    void aBadFilterIsRefusedWithItsPositionAndTheTableStays() {
        model.refresh();
        LazyRunList before = model.rowsProperty().get();
        assertThat(model.setFilter("metrics.evaluate.roc_auc > and")).isFalse();
        assertThat(model.filterErrorProperty().get()).contains("position");
        assertThat(model.rowsProperty().get()).isSameAs(before);
        assertThat(model.setFilter("params.train.algorithm = 'xgboost' and metrics.evaluate.roc_auc >= 0.75")).isTrue();
        assertThat(model.filterErrorProperty().get()).isNull();
        assertThat(model.matchingProperty().get()).isEqualTo(50);
        assertThat(model.setFilter("params.train.algorithm = 'lightgbm'")).isTrue();
        assertThat(model.messageProperty().get()).contains("No run of sweep matches");
    }

    @Test
    void sortsInTheStoreAndRemembersColumnsPerExperiment() {
        model.refresh();
        var auc = Column.metric("evaluate.roc_auc", Column.Aggregate.LAST);
        model.sortBy(auc, true);
        assertThat(row(model.rowsProperty().get(), 0).run().key()).isEqualTo("s0");
        var chosen = List.of(auc, Column.metric("train.valid_log_loss", Column.Aggregate.MIN), Column.param("train.algorithm"));
        model.setColumns(chosen);
        assertThat(remembered).containsEntry("sweep", chosen);
        model.selectExperiment("older");
        assertThat(model.columns()).isEmpty();
        model.selectExperiment("sweep");
        assertThat(model.columns()).containsExactlyElementsOf(chosen);
        assertThat(row(model.rowsProperty().get(), 0).values()).containsEntry(Column.metric("train.valid_log_loss", Column.Aggregate.MIN), 0.3);
    }

    @Test
    void theSelectedRowsAreReadEvenWhenTheirPagesWereNeverShown() {
        model.refresh();
        var found = new ArrayList<RunPages.Row>();
        model.runsAt(List.of(1, 120, 349), found::addAll);
        assertThat(found).extracting(row -> row.run().key()).containsExactly("s348", "s229", "s0");
    }

    @Test
    void theFirstPageShowsBeforeItsCountAndTheListGrowsWhenTheCountComes() {
        var counts = new ArrayList<Runnable>();
        var direct = new SameThreadTaskExecutor();
        var slowCount = new io.pipewright.ui.common.TaskExecutor() {
            @Override
            public <T> TaskHandle execute(io.pipewright.ui.common.BackgroundTask<T> task) {
                if (task.title().startsWith("Counting")) {
                    counts.add(() -> direct.execute(task));
                    return () -> { };
                }
                return direct.execute(task);
            }

            @Override
            public javafx.collections.ObservableList<io.pipewright.ui.common.RunningTask> runningTasks() {
                return direct.runningTasks();
            }

            @Override
            public void shutdown() {
            }
        };
        var slow = new ExperimentsViewModel(slowCount, () -> Optional.of(store), new Notifications(), new ExperimentsViewModel.ColumnMemory() {
            @Override
            public Optional<List<Column>> columns(String experiment) {
                return Optional.empty();
            }

            @Override
            public void remember(String experiment, List<Column> columns) {
            }
        });
        slow.refresh();
        LazyRunList rows = slow.rowsProperty().get();
        assertThat(rows).as("the first page, shown while the runs are counted").hasSize(LazyRunList.PAGE);
        assertThat(slow.matchingProperty().get()).as("not counted yet").isEqualTo(-1);
        assertThat(rows.get(0).row().run().key()).isEqualTo("s349");
        var changes = new ArrayList<String>();
        rows.addListener((javafx.collections.ListChangeListener<LazyRunList.Item>) change -> {
            while (change.next()) {
                changes.add(change.wasAdded() ? "added " + change.getFrom() + ".." + change.getTo() : "other");
            }
        });
        counts.forEach(Runnable::run);
        assertThat(slow.rowsProperty().get()).as("the same list, so the scroll position and selection stay").isSameAs(rows);
        assertThat(rows).hasSize(350);
        assertThat(changes).containsExactly("added 100..350");
        assertThat(slow.matchingProperty().get()).isEqualTo(350);
        assertThat(rows.pagesRead()).isZero();

        counts.clear();
        assertThat(slow.setFilter("params.train.algorithm = 'xgboost' and metrics.evaluate.roc_auc >= 0.75")).isTrue();
        assertThat(slow.matchingProperty().get()).as("a short first page is the whole list: no count to wait for").isEqualTo(50);
        assertThat(slow.rowsProperty().get()).hasSize(50);
    }
}
