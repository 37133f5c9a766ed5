package io.pipewright.ui.training;

import io.pipewright.ui.chart.Chart;
import io.pipewright.ui.chart.ChartCanvas;
import io.pipewright.ui.chart.Palette;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The Training workspace: what runs (or ran), elapsed time and an estimate of what is left, Stop;
 * learning curves; tuning trials (objective by trial with the best so far, the trials in parallel
 * coordinates, the best hyperparameters); CPU, memory and GPU charts, or why there is no GPU; and,
 * once a run ends, its result (test metrics, best trials, registered versions). The
 * charts are read from the view model five times a second while the workspace is shown.
 */
public final class TrainingView extends BorderPane {
    private final TrainingViewModel model;
    private final Timeline refresh;

    public TrainingView(TrainingViewModel model, ObservableValue<Palette> palette) {
        this.model = model;
        setId("training-view");

        var title = new Label();
        title.setId("training-title");
        title.getStyleClass().add(atlantafx.base.theme.Styles.TITLE_4);
        title.textProperty().bind(model.titleProperty());
        var status = new Label();
        status.setId("training-status");
        status.textProperty().bind(model.statusProperty());
        var elapsed = new Label();
        elapsed.setId("training-elapsed");
        elapsed.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        elapsed.textProperty().bind(model.elapsedProperty());
        var remaining = new Label();
        remaining.setId("training-remaining");
        remaining.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        remaining.textProperty().bind(model.remainingProperty());
        var stop = new Button("Stop");
        stop.setId("training-stop");
        stop.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        stop.disableProperty().bind(model.runningProperty().not());
        stop.setOnAction(event -> model.stop());
        var spacer = new javafx.scene.layout.Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var header = new HBox(14, title, status, elapsed, remaining, spacer, stop);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(10, 14, 10, 14));

        var best = new Label();
        best.setId("training-best");
        best.textProperty().bind(model.bestProperty());
        best.setWrapText(true);
        best.getStyleClass().add("training-best");
        var noGpu = new Label();
        noGpu.setId("training-no-gpu");
        noGpu.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        noGpu.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.gpuAbsenceProperty().get().isEmpty()
                ? "No GPU series in this run." : model.gpuAbsenceProperty().get().substring(0, 1).toUpperCase() + model.gpuAbsenceProperty().get().substring(1) + ".",
                model.gpuAbsenceProperty()));

        // no scroll pane: its content is drawn through a cached image, which a chart redrawn five
        // times a second would make the renderer copy whole each time
        var grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(12);
        grid.setPadding(new Insets(0, 14, 14, 14));
        for (int c = 0; c < 6; c++) {
            var column = new javafx.scene.layout.ColumnConstraints();
            column.setPercentWidth(100.0 / 6);
            grid.getColumnConstraints().add(column);
        }
        for (double share : new double[] {38, 31, 31}) {
            var row = new javafx.scene.layout.RowConstraints();
            row.setPercentHeight(share);
            grid.getRowConstraints().add(row);
        }
        grid.add(panel("chart-learning", "Learning curves appear as the model trains (per tree, round or epoch).", model.learningProperty(), palette), 0, 0, 3, 1);
        grid.add(panel("chart-objective", "Tuning trials appear as they end.", model.objectiveProperty(), palette), 3, 0, 3, 1);
        grid.add(panel("chart-trials", "The trials' hyperparameters, coloured by the objective.", model.parallelProperty(), palette), 0, 1, 4, 1);
        var bestScroll = new javafx.scene.control.ScrollPane(best);
        bestScroll.setFitToWidth(true);
        bestScroll.getStyleClass().addAll("edge-to-edge", "card-pane");
        grid.add(bestScroll, 4, 1, 2, 1);
        grid.add(panel("chart-cpu", "CPU use is sampled every second while a run goes on.", model.cpuProperty(), palette), 0, 2, 2, 1);
        grid.add(panel("chart-memory", "Memory is sampled every second while a run goes on.", model.memoryProperty(), palette), 2, 2, 2, 1);
        var gpu = panel("chart-gpu", "", model.gpuProperty(), palette);
        var gpuBox = new StackPane(gpu, noGpu);
        noGpu.setWrapText(true);
        noGpu.visibleProperty().bind(model.gpuProperty().isNull());
        gpu.visibleProperty().bind(model.gpuProperty().isNotNull());
        grid.add(gpuBox, 4, 2, 2, 1);
        best.setPadding(new Insets(8));

        setTop(new VBox(header, resultCard()));
        setCenter(grid);

        refresh = new Timeline(new KeyFrame(Duration.millis(200), event -> model.drain()));
        refresh.setCycleCount(Timeline.INDEFINITE);
        visibleProperty().addListener((o, was, shown) -> {
            if (shown) {
                model.drain();
                refresh.play();
            } else {
                refresh.stop();
            }
        });
    }

    /** What the finished run gave: a line per evaluation (its test metrics), tuning (its best trial) and registered version. */
    private javafx.scene.Node resultCard() {
        var lines = new GridPane();
        lines.setId("training-result");
        lines.setHgap(14);
        lines.setVgap(4);
        var width = new javafx.scene.layout.ColumnConstraints();
        width.setMinWidth(Region.USE_PREF_SIZE);
        var text = new javafx.scene.layout.ColumnConstraints();
        text.setHgrow(Priority.ALWAYS);
        lines.getColumnConstraints().setAll(width, text);
        Runnable fill = () -> {
            lines.getChildren().clear();
            int row = 0;
            for (var line : model.result()) {
                var heading = new Label(line.heading());
                heading.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_BOLD);
                heading.setMinWidth(Region.USE_PREF_SIZE);
                var value = new Label(line.text());
                value.setWrapText(true);
                value.setTooltip(new io.pipewright.ui.common.WrappedTooltip(line.text()));
                lines.addRow(row++, heading, value);
            }
        };
        model.result().addListener((javafx.collections.ListChangeListener<Object>) change -> fill.run());
        fill.run();
        var card = new VBox(lines);
        card.getStyleClass().add("card-pane");
        card.setPadding(new Insets(8, 12, 8, 12));
        VBox.setMargin(card, new Insets(0, 14, 12, 14));
        card.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.result()));
        card.managedProperty().bind(card.visibleProperty());
        return card;
    }

    /** Starts the five-a-second refresh now (the workspace is shown). */
    public void shown() {
        model.drain();
        refresh.play();
    }

    private static StackPane panel(String id, String empty, ObservableValue<? extends Chart> chart, ObservableValue<Palette> palette) {
        var canvas = new ChartCanvas();
        canvas.setId(id);
        canvas.chartProperty().bind(chart);
        canvas.paletteProperty().bind(palette);
        canvas.setMinSize(0, 0);
        var placeholder = new Label(empty);
        placeholder.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        placeholder.setWrapText(true);
        placeholder.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> chart.getValue() == null, chart));
        var pane = new StackPane(canvas, placeholder);
        pane.getStyleClass().add("card-pane");
        pane.setPadding(new Insets(8));
        return pane;
    }
}
