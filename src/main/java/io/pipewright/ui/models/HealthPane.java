package io.pipewright.ui.models;

import atlantafx.base.theme.Styles;
import io.pipewright.loop.scorecard.Criterion;
import io.pipewright.track.ModelRegistry;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Health tab of the Models workspace: the chosen version's success criteria as rows (target, measured value,
 * status, source, and what was measured or why nothing was), with the server's /metrics URL and the bundle folder
 * that the serving and cost rows are measured from.
 */
final class HealthPane extends VBox {

    /**
     * @param selected the version selected in the versions table (null: the model's champion, else its latest)
     * @param versions the chosen model's versions, newest first
     */
    HealthPane(HealthViewModel model, ObservableValue<ModelRegistry.Version> selected, ObservableList<ModelRegistry.Version> versions) {
        super(6);
        setId("health-pane");
        setPadding(new Insets(6, 8, 4, 8));

        // one compact row above the rows: what is measured and how it fared, then where the serving and cost figures come from
        var title = new Label();
        title.setId("health-title");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        title.setMinWidth(Region.USE_PREF_SIZE);
        title.textProperty().bind(model.titleProperty());
        var summary = new Label();
        summary.setId("health-summary");
        summary.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        summary.setMinWidth(Region.USE_PREF_SIZE);
        summary.textProperty().bind(model.summaryProperty());

        var metrics = new TextField();
        metrics.setId("health-metrics-url");
        metrics.setPromptText("server /metrics URL");
        metrics.setTooltip(new Tooltip("The /metrics of the server that serves this model (http://127.0.0.1:8080): refused requests, "
                + "p99 latency, when a rolled-back version was swapped in; Enter measures"));
        metrics.setPrefColumnCount(16);
        metrics.textProperty().bindBidirectional(model.metricsUrlProperty());
        metrics.setOnAction(event -> model.measure());
        var bundle = new TextField();
        bundle.setId("health-bundle");
        bundle.setPromptText("bundle folder");
        bundle.setTooltip(new Tooltip("The deployment bundle written by Export: its node pools and pod requests give the spot share and, "
                + "with the server's /metrics, the waste (read over 30 s); Enter measures"));
        bundle.setPrefColumnCount(11);
        bundle.textProperty().bindBidirectional(model.bundleProperty());
        bundle.setOnAction(event -> model.measure());
        var measure = new Button("Measure");
        measure.setId("health-measure");
        measure.setMinWidth(Region.USE_PREF_SIZE);
        measure.setOnAction(event -> model.measure());
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var bar = new HBox(8, title, summary, spacer, metrics, bundle, measure);
        bar.setAlignment(Pos.CENTER_LEFT);

        var message = new Label();
        message.setId("health-message");
        message.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        var table = new TableView<>(model.criteria());
        table.setId("health-table");
        // six rows in the details area's height
        table.setFixedCellSize(26);
        table.setPlaceholder(new Label("Select a model to see its scorecard."));
        var status = column("Status", 80, row -> row.status().text());
        status.setCellFactory(column -> new StatusCell());
        var detail = column("Measured how", 420, Criterion::detail);
        table.getColumns().setAll(List.of(column("Criterion", 200, Criterion::criterion), column("Target", 80, Criterion::target),
                column("Measured", 100, Criterion::measuredText), status, column("Source", 200, Criterion::source), detail));
        io.pipewright.ui.common.FittedColumns.install(table, detail, 900);
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().setAll(bar, message, table);

        // the version selected, or the model's champion (else latest) when none is: measured each time it changes
        selected.addListener((o, old, version) -> model.show(version, List.copyOf(versions)));
        versions.addListener((ListChangeListener<ModelRegistry.Version>) change -> model.show(selected.getValue(), List.copyOf(versions)));
    }

    private static TableColumn<Criterion, String> column(String title, double width, Function<Criterion, String> value) {
        var column = new TableColumn<Criterion, String>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    /** pass in the success colour, fail in the danger colour, unknown muted. */
    private static final class StatusCell extends TableCell<Criterion, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER, io.pipewright.ui.common.Styles.MUTED);
            if (empty || item == null) {
                setText(null);
                setStyle(null);
                return;
            }
            setText(item);
            // the theme's colours: a table cell takes no success/danger text colour of its own
            switch (item) {
                case "pass" -> {
                    getStyleClass().add(Styles.SUCCESS);
                    setStyle("-fx-text-fill: -color-success-fg; -fx-font-weight: bold;");
                }
                case "fail" -> {
                    getStyleClass().add(Styles.DANGER);
                    setStyle("-fx-text-fill: -color-danger-fg; -fx-font-weight: bold;");
                }
                default -> {
                    getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
                    setStyle("-fx-text-fill: -color-fg-muted;");
                }
            }
        }
    }
}
