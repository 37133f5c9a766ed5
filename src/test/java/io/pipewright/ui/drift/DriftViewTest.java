package io.pipewright.ui.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.quality.drift.DriftReport;
import io.pipewright.ui.chart.ChartCanvas;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** The Drift view driven like a person: both sides chosen through the dialogs, Run, the table, the chart, Save HTML. */
class DriftViewTest {
    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();

    /** Answers each open or save dialog with the next file; the rest are cancelled. */
    private static final class Answers implements DialogService {
        final List<Path> next = new ArrayList<>();

        private Optional<Path> take() {
            return next.isEmpty() ? Optional.empty() : Optional.of(next.remove(0));
        }

        @Override
        public void showError(String title, String message) {
        }

        @Override
        public Optional<Path> chooseDatasetToOpen(Path initialFolder) {
            return take();
        }

        @Override
        public Optional<Path> chooseFileToSave(String title, String suggestedName, String extension) {
            return take();
        }

        @Override
        public Optional<Path> chooseFolder(String title) {
            return take();
        }

        @Override
        public Optional<Path> chooseFileToOpen(String title, String extension) {
            return take();
        }

        @Override
        public Optional<Path> chooseFile(String title, Path initialFolder) {
            return take();
        }

        @Override
        public Optional<String> askText(String title, String prompt, String initial) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> choosePipelineToOpen(Path initialFolder) {
            return Optional.empty();
        }

        @Override
        public Unsaved askToSave(String name) {
            return Unsaved.CANCEL;
        }
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private Path write(String name, int rows, long seed, double shift) throws Exception {
        var random = new Random(seed);
        var text = new StringBuilder("price,colour\n");
        for (int i = 0; i < rows; i++) {
            text.append(String.format(Locale.ROOT, "%.2f,%s%n", 20 + 4 * (random.nextGaussian() + shift),
                    new String[] {"red", "green", "blue", "amber"}[random.nextInt(4)]));
        }
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void choosesRunsAndShowsTheColumnsAndTheChart() throws Exception {
        var dialogs = new Answers();
        dialogs.next.addAll(List.of(write("train.csv", 3000, 1, 0), write("today.csv", 3000, 2, 0.8), dir.resolve("report.html")));
        var model = new DriftViewModel(new SameThreadTaskExecutor(), Optional::empty, new Notifications(), Runnable::run);
        FxToolkit.registerPrimaryStage();
        var view = new DriftView[1];
        FxToolkit.setupSceneRoot(() -> view[0] = new DriftView(model, dialogs));
        FxToolkit.setupStage(stage -> {
            stage.setWidth(1100);
            stage.setHeight(700);
            stage.show();
        });

        Button run = robot.lookup("#drift-run").queryButton();
        assertThat(run.isDisabled()).isTrue();
        robot.clickOn("#drift-reference");
        robot.clickOn("#drift-current");
        assertThat(run.isDisabled()).isFalse();
        robot.clickOn("#drift-run");

        Label summary = robot.lookup("#drift-summary").query();
        assertThat(summary.getText()).startsWith("Dataset drift: 1 of 2 tested columns drifted");
        TableView<DriftReport.ColumnDrift> table = robot.lookup("#drift-columns").queryTableView();
        assertThat(table.getItems()).extracting(DriftReport.ColumnDrift::name).containsExactly("price", "colour");
        ChartCanvas chart = robot.lookup("#drift-chart").query();
        assertThat(chart.getChart()).isNotNull();
        robot.clickOn("#drift-save-html");
        assertThat(dir.resolve("report.html")).content().contains("Dataset drift: 1 of 2 tested columns drifted (price)");

        // a picture of the view, to look at
        Path shot = Path.of("target", "screenshots", "drift-view.png");
        Files.createDirectories(shot.getParent());
        robot.interact(() -> {
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(view[0].snapshot(null, null), null), "png", shot.toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
