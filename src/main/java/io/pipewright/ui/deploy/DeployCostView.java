package io.pipewright.ui.deploy;

import atlantafx.base.theme.Styles;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Deploy workspace's Cost section: the bundle's figures in two columns (pods, spot share, monthly cost; CPU, memory, waste),
 * and a running server's address and window to measure what the pods actually use.
 */
final class DeployCostView extends VBox {
    private final DeployCostViewModel model;
    private final GridPane figures = new GridPane();

    DeployCostView(DeployCostViewModel model) {
        super(8);
        this.model = model;
        setId("deploy-cost");
        setPadding(new Insets(8, 12, 8, 12));

        var url = new TextField();
        url.setId("deploy-cost-metrics");
        url.setPromptText("http://127.0.0.1:8080");
        url.setTooltip(new Tooltip("A running pipewright serve of this model (its address, or its /metrics)"));
        url.textProperty().bindBidirectional(model.metricsUrlProperty());
        HBox.setHgrow(url, Priority.ALWAYS);
        var window = new TextField();
        window.setId("deploy-cost-window");
        window.setPrefColumnCount(4);
        window.setTooltip(new Tooltip("How long to watch the server: 30s, 2m, 1h (from 1s to 1h)"));
        window.textProperty().bindBidirectional(model.windowProperty());
        model.problemFieldProperty().addListener((o, old, field) -> {
            url.pseudoClassStateChanged(Styles.STATE_DANGER, field.equals("metrics"));
            window.pseudoClassStateChanged(Styles.STATE_DANGER, field.equals("window"));
        });
        var measure = new Button("Measure");
        measure.setId("deploy-cost-measure");
        measure.setMinWidth(USE_PREF_SIZE);
        measure.disableProperty().bind(model.readyProperty().not().or(model.measuringProperty()));
        measure.setOnAction(event -> model.measure());
        url.setOnAction(event -> model.measure());
        var stop = new Button("Stop");
        stop.setId("deploy-cost-stop");
        stop.setMinWidth(USE_PREF_SIZE);
        stop.visibleProperty().bind(model.measuringProperty());
        stop.managedProperty().bind(model.measuringProperty());
        stop.setOnAction(event -> model.stop());
        var spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        spinner.visibleProperty().bind(model.measuringProperty());
        spinner.managedProperty().bind(model.measuringProperty());
        var serverLabel = new Label("Server");
        serverLabel.setMinWidth(USE_PREF_SIZE);
        var windowLabel = new Label("over");
        windowLabel.setMinWidth(USE_PREF_SIZE);
        var controls = new HBox(6, serverLabel, url, windowLabel, window, measure, stop, spinner);
        controls.setAlignment(Pos.CENTER_LEFT);

        var message = new Label();
        message.setId("deploy-cost-message");
        message.getStyleClass().add(Styles.TEXT_MUTED);
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.setTooltip(new Tooltip("One server is measured: every pod of the chart is taken to use as much as it does"));
        message.setMaxWidth(Double.MAX_VALUE);

        figures.setHgap(10);
        figures.setVgap(4);
        var labelColumn = new ColumnConstraints();
        labelColumn.setMinWidth(USE_PREF_SIZE);
        var valueColumn = new ColumnConstraints();
        valueColumn.setHgrow(Priority.ALWAYS);
        figures.getColumnConstraints().setAll(labelColumn, valueColumn, labelColumn, valueColumn);
        model.lines().addListener((ListChangeListener<DeployCostViewModel.Line>) change -> showLines());
        getChildren().setAll(figures, controls, message);
    }

    /** Three rows of two figures: what the bundle says on the left, what a measurement says on the right. */
    private void showLines() {
        figures.getChildren().clear();
        var lines = model.lines();
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i);
            var label = new Label(line.label());
            label.getStyleClass().add(Styles.TEXT_BOLD);
            label.setMinWidth(USE_PREF_SIZE);
            var value = new Label(line.text());
            value.setId("deploy-cost-" + line.id());
            value.setTooltip(new Tooltip(line.text()));
            if (line.unknown()) {
                value.getStyleClass().add(Styles.TEXT_MUTED);
            }
            int column = i < 3 ? 0 : 2;
            int row = i % 3;
            figures.add(label, column, row);
            figures.add(value, column + 1, row);
        }
    }
}
