package io.pipewright.ui.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.quality.drift.DriftReport;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Drift view's state without a window: files chosen, the comparison run, columns and chart shown, reports saved. */
class DriftViewModelTest {
    @TempDir
    Path dir;

    private final Notifications notifications = new Notifications();

    private DriftViewModel model() {
        return new DriftViewModel(new SameThreadTaskExecutor(), Optional::empty, notifications, Runnable::run);
    }

    private Path write(String name, int rows, long seed, double shift) throws IOException {
        var random = new Random(seed);
        var text = new StringBuilder("size,colour,ok\n");
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < rows; i++) {
            text.append(String.format(Locale.ROOT, "%.3f,%s,%s%n", 10 + 2 * (random.nextGaussian() + shift), colours[random.nextInt(3)],
                    random.nextBoolean()));
        }
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void runsTheComparisonAndShowsDriftedColumnsFirst() throws IOException {
        var model = model();
        assertThat(model.runnableProperty().get()).isFalse();
        model.referenceProperty().set(write("ref.csv", 2000, 1, 0));
        model.currentProperty().set(write("cur.csv", 2000, 2, 1));
        assertThat(model.runnableProperty().get()).isTrue();

        model.run();

        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.progressProperty().get()).isEqualTo(1.0);
        assertThat(model.columns()).extracting(DriftReport.ColumnDrift::name).containsExactly("size", "colour", "ok");
        assertThat(model.columns().get(0).drifted()).isTrue();
        assertThat(model.summaryProperty().get()).isEqualTo("1 of 3 tested columns drifted (size), under the 50 % share");
        assertThat(model.driftedProperty().get()).isFalse();
        assertThat(model.selectedProperty().get().name()).isEqualTo("size");
        var chart = model.chartProperty().get();
        assertThat(chart.edges()).hasSize(21);
        assertThat(chart.title()).startsWith("size: wasserstein").endsWith("(drifted)");
        model.selectedProperty().set(model.columns().get(1));
        assertThat(model.chartProperty().get().levels()).containsExactlyInAnyOrder("red", "green", "blue");
        assertThat(notifications.latestProperty().get().text()).startsWith("Drift of cur.csv: 1 of 3 tested columns drifted (size)");
    }

    @Test
    void theComparedFilesAreRecordedThenTheDatasetsViewIsToldToReadThem() throws IOException {
        try (var store = io.pipewright.track.Store.open(dir.resolve("store"), "test")) {
            var model = new DriftViewModel(new SameThreadTaskExecutor(), () -> Optional.of(store), notifications, Runnable::run);
            var versionsWhenTold = new java.util.ArrayList<Integer>();
            model.onRecorded(() -> versionsWhenTold.add(new io.pipewright.track.DatasetVersions(store).list().size()));
            model.referenceProperty().set(write("ref.csv", 300, 1, 0));
            model.currentProperty().set(write("cur.csv", 300, 2, 1));

            model.run();

            assertThat(versionsWhenTold).as("told once, after both files were recorded").containsExactly(2);
        }
    }

    @Test
    void aLowerShareMakesTheDatasetDrift() throws IOException {
        var model = model();
        model.referenceProperty().set(write("ref.csv", 500, 1, 0));
        model.currentProperty().set(write("cur.csv", 500, 2, 1));
        model.driftShareProperty().set("0.3");

        model.run();

        assertThat(model.driftedProperty().get()).isTrue();
        assertThat(model.summaryProperty().get()).startsWith("Dataset drift: 1 of 3");
        assertThat(model.columns().get(0).test()).isEqualTo("ks");
    }

    @Test
    void savesTheReportAsHtmlAndJson() throws IOException {
        var model = model();
        model.referenceProperty().set(write("ref.csv", 300, 1, 0));
        model.currentProperty().set(write("cur.csv", 300, 2, 0));
        model.run();

        model.saveHtml(dir.resolve("out/drift.html"));
        model.saveJson(dir.resolve("out/drift.json"));

        assertThat(dir.resolve("out/drift.html")).content().startsWith("<!DOCTYPE html>").contains("tested columns drifted");
        assertThat(dir.resolve("out/drift.json")).content().contains("\"datasetDrift\" : false");
        assertThat(notifications.latestProperty().get().text()).isEqualTo("Saved the drift report to " + dir.resolve("out/drift.json"));
    }

    @Test
    void badInputIsShownAsOneLine() throws IOException {
        var model = model();
        model.referenceProperty().set(write("ref.csv", 100, 1, 0));
        model.currentProperty().set(Files.writeString(dir.resolve("empty.csv"), "size,colour,ok\n"));

        model.run();

        assertThat(model.errorProperty().get()).isEqualTo("empty.csv: no rows to compare (the current data is empty)");
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.columns()).isEmpty();

        model.currentProperty().set(Files.createDirectories(dir.resolve("served")));
        model.run();
        assertThat(model.errorProperty().get()).isEqualTo("served: no request log in this folder (no requests*.jsonl file)");

        model.driftShareProperty().set("half");
        model.run();
        assertThat(model.errorProperty().get()).isEqualTo("Drift share: 'half' is not a number (e.g. 0.5)");
        model.driftShareProperty().set("2");
        model.run();
        assertThat(model.errorProperty().get()).isEqualTo("Drift share must be above 0 and at most 1, not 2.0");
    }
}
