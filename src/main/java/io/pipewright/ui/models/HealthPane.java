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
        setPadding(new Insets(8));

        var title = new Label();
        title.setId("health-title");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        title.textProperty().bind(model.titleProperty());
        var summary = new Label();
        summary.setId("health-summary");
        summary.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        summary.textProperty().bind(model.summaryProperty());

        var metrics = new TextField();
        metrics.setId("health-metrics-url");
        metrics.setPromptText("http://127.0.0.1:8080/metrics");
        metrics.setPrefColumnCount(20);
        metrics.textProperty().bindBidirectional(model.metricsUrlProperty());
        metrics.setOnAction(event -> model.measure());
        var bundle = new TextField();
        bundle.setId("health-bundle");
        bundle.setPromptText("a folder written by Export");
        bundle.setPrefColumnCount(14);
        bundle.textProperty().bindBidirectional(model.bundleProperty());
        bundle.setOnAction(event -> model.measure());
        var measure = new Button("Measure");
        measure.setId("health-measure");
        measure.setOnAction(event -> model.measure());
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var bar = new HBox(8, title, summary, spacer, new Label("Server /metrics"), metrics, new Label("Bundle"), bundle, measure);
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
            getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER, io.pipewright.ui.common.Styles.MUTED, Styles.TEXT_BOLD);
            if (empty || item == null) {
                setText(null);
                return;
            }
            setText(item);
            switch (item) {
                case "pass" -> getStyleClass().addAll(Styles.SUCCESS, Styles.TEXT_BOLD);
                case "fail" -> getStyleClass().addAll(Styles.DANGER, Styles.TEXT_BOLD);
                default -> getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            }
        }
    }
}
