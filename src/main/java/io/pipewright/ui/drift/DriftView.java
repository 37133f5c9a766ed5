package io.pipewright.ui.drift;

import io.pipewright.quality.drift.DriftReport.ColumnDrift;
import io.pipewright.ui.chart.ChartCanvas;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.FittedColumns;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Drift view: the reference and the current data (a file, or a request-log folder), the drift
 * share and Run/Stop on top; the verdict banner; the columns (drifted rows marked) beside the chosen
 * column's histograms, reference against current; and Save HTML / Save JSON.
 */
public final class DriftView extends BorderPane {
    static final PseudoClass DRIFTED = PseudoClass.getPseudoClass("drifted");
    private static final String DANGER = atlantafx.base.theme.Styles.DANGER;
    private static final String WARNING = atlantafx.base.theme.Styles.WARNING;
    private static final String SUCCESS = atlantafx.base.theme.Styles.SUCCESS;

    public DriftView(DriftViewModel model, DialogService dialogs) {
        this(model, dialogs, new javafx.beans.property.SimpleObjectProperty<>());
    }

    /** {@code offered}: the dataset open in the Data workspace (or null), offered as the reference or the current data while that side is empty. */
    public DriftView(DriftViewModel model, DialogService dialogs, javafx.beans.value.ObservableValue<java.nio.file.Path> offered) {
        setId("drift-view");
        getStyleClass().add("drift-view");
        setPadding(new Insets(10));

        var referenceField = pathField("drift-reference-path");
        referenceField.textProperty().bind(model.referenceProperty().asString().map(text -> text.equals("null") ? "" : text));
        var reference = new Button("Reference…");
        reference.setId("drift-reference");
        reference.setTooltip(new Tooltip("The dataset to compare against, e.g. the training data"));
        reference.setOnAction(event -> dialogs.chooseDatasetToOpen(folderOf(model.currentProperty().get())).ifPresent(model.referenceProperty()::set));

        var currentField = pathField("drift-current-path");
        currentField.textProperty().bind(model.currentProperty().asString().map(text -> text.equals("null") ? "" : text));
        var current = new Button("Current…");
        current.setId("drift-current");
        current.setTooltip(new Tooltip("The new data: a dataset file"));
        current.setOnAction(event -> dialogs.chooseDatasetToOpen(folderOf(model.referenceProperty().get())).ifPresent(model.currentProperty()::set));
        var log = new Button("Request log…");
        log.setId("drift-current-log");
        log.setTooltip(new Tooltip("A request-log folder of the serving runtime (requests*.jsonl)"));
        log.setOnAction(event -> dialogs.chooseFolder("Request-log folder").ifPresent(model.currentProperty()::set));

        var share = new TextField();
        share.setId("drift-share");
        share.setPrefColumnCount(4);
        share.textProperty().bindBidirectional(model.driftShareProperty());
        var target = new TextField();
        target.setId("drift-target");
        target.setPromptText("none");
        target.setPrefColumnCount(10);
        target.setTooltip(new Tooltip("A target column, reported apart as target drift and left out of the drift share"));
        target.textProperty().bindBidirectional(model.targetProperty());
        var run = new Button("Run");
        run.setId("drift-run");
        run.setDefaultButton(true);
        run.disableProperty().bind(model.runnableProperty().not());
        run.setOnAction(event -> model.run());
        var stop = new Button("Stop");
        stop.setId("drift-stop");
        stop.visibleProperty().bind(model.busyProperty());
        stop.managedProperty().bind(model.busyProperty());
        stop.setOnAction(event -> model.cancel());
        var progress = new ProgressBar();
        progress.setId("drift-progress");
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.busyProperty());
        progress.setMaxWidth(Double.MAX_VALUE);

        var form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        var referenceFromData = io.pipewright.ui.common.OfferedDataset.button("drift-reference-use-data", offered, model.referenceProperty(),
                model.currentProperty());
        var currentFromData = io.pipewright.ui.common.OfferedDataset.button("drift-current-use-data", offered, model.currentProperty(),
                model.referenceProperty());
        form.addRow(0, new Label("Reference"), referenceField, new HBox(6, reference, referenceFromData));
        form.addRow(1, new Label("Current"), currentField, new HBox(6, current, log, currentFromData));
        var shareAndTarget = new HBox(8, share, new Label("Target"), target, run, stop, progress);
        shareAndTarget.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        form.addRow(2, new Label("Drift share"), shareAndTarget);
        GridPane.setHgrow(referenceField, Priority.ALWAYS);
        GridPane.setHgrow(currentField, Priority.ALWAYS);
        HBox.setHgrow(progress, Priority.ALWAYS);
        GridPane.setColumnSpan(shareAndTarget, 2);

        var summary = new Label();
        summary.setId("drift-summary");
        summary.setWrapText(true);
        summary.setMaxWidth(Double.MAX_VALUE);
        summary.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> model.errorProperty().get() != null ? model.errorProperty().get() : model.summaryProperty().get(),
                model.errorProperty(), model.summaryProperty()));
        summary.getStyleClass().add("drift-summary");
        // red: the dataset drifted; amber: some columns drifted, under the share; green: none did
        model.reportProperty().addListener((o, old, report) -> {
            summary.getStyleClass().removeAll(DANGER, WARNING, SUCCESS);
            if (report != null) {
                summary.getStyleClass().add(switch (report.verdict()) {
                    case DATASET_DRIFT -> DANGER;
                    case COLUMNS_DRIFTED -> WARNING;
                    case NO_DRIFT -> SUCCESS;
                });
            }
        });
        model.errorProperty().addListener((o, old, text) -> {
            summary.getStyleClass().removeAll(DANGER, WARNING, SUCCESS);
            if (text != null) {
                summary.getStyleClass().add(DANGER);
            }
        });

        var table = new TableView<>(model.columns());
        table.setId("drift-columns");
        table.setPlaceholder(new Label("No report yet"));
        var name = column("Column", c -> c.name() + (model.isTarget(c) ? " (target)" : ""));
        table.getColumns().add(name);
        table.getColumns().add(column("Test", ColumnDrift::test));
        table.getColumns().add(column("Statistic", c -> significant(c.statistic())));
        // the p-value beside the threshold it is compared with; a distance's threshold is on the statistic
        table.getColumns().add(column("p-value", c -> c.pValue() == null ? "–" : number(c.pValue())));
        table.getColumns().add(column("Threshold", ColumnDrift::thresholdText));
        table.getColumns().add(column("PSI", c -> String.format(Locale.ROOT, "%.3f (%s)", c.psi(), c.psiBand())));
        table.getColumns().add(column("Drifted", c -> c.drifted() ? "yes" : "no"));
        FittedColumns.install(table, name, 220, true); // drifted rows are bold
        table.setRowFactory(view -> new TableRow<>() {
            @Override
            protected void updateItem(ColumnDrift item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(DRIFTED, !empty && item != null && item.drifted());
                setTooltip(empty || item == null ? null : new Tooltip(item.reason()));
                setStyle(!empty && item != null && item.drifted() ? "-fx-font-weight: bold;" : "");
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, old, chosen) -> {
            if (chosen != null) {
                model.selectedProperty().set(chosen);
            }
        });
        model.selectedProperty().addListener((o, old, chosen) -> {
            if (chosen != null && table.getSelectionModel().getSelectedItem() != chosen) {
                table.getSelectionModel().select(chosen);
            }
        });

        var chart = new ChartCanvas();
        chart.setId("drift-chart");
        chart.chartProperty().bind(model.chartProperty());
        var reason = new Label();
        reason.setId("drift-reason");
        reason.setWrapText(true);
        reason.textProperty().bind(model.selectedProperty().map(ColumnDrift::reason).orElse(""));
        var right = new VBox(6, chart, reason);
        VBox.setVgrow(chart, Priority.ALWAYS);
        var split = new SplitPane(table, right);
        split.setDividerPositions(0.7);

        var saveHtml = new Button("Save HTML…");
        saveHtml.setId("drift-save-html");
        saveHtml.disableProperty().bind(model.reportProperty().isNull());
        saveHtml.setOnAction(event -> dialogs.chooseFileToSave("Save the drift report", "drift.html", "html").ifPresent(model::saveHtml));
        var saveJson = new Button("Save JSON…");
        saveJson.setId("drift-save-json");
        saveJson.disableProperty().bind(model.reportProperty().isNull());
        saveJson.setOnAction(event -> dialogs.chooseFileToSave("Save the drift report", "drift.json", "json").ifPresent(model::saveJson));
        var buttons = new HBox(8, saveHtml, saveJson);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        var top = new VBox(8, form, summary);
        top.setPadding(new Insets(0, 0, 8, 0));
        setTop(top);
        setCenter(split);
        // two datasets dropped here are the reference and the current data; one fills the reference first, then the current
        io.pipewright.ui.common.FileDrops.install(this, files -> files.size() <= 2 && io.pipewright.ui.common.FileDrops.datasets(files), files -> {
            if (files.size() == 2) {
                model.referenceProperty().set(files.get(0));
                model.currentProperty().set(files.get(1));
            } else if (model.referenceProperty().get() == null) {
                model.referenceProperty().set(files.get(0));
            } else {
                model.currentProperty().set(files.get(0));
            }
        });
        setBottom(buttons);
        BorderPane.setMargin(buttons, new Insets(8, 0, 0, 0));
    }

    /** Where the other side was chosen: the dialog opens there. */
    private static java.nio.file.Path folderOf(java.nio.file.Path chosen) {
        if (chosen == null) {
            return null;
        }
        return java.nio.file.Files.isDirectory(chosen) ? chosen.getParent() : chosen.toAbsolutePath().getParent();
    }

    private static TextField pathField(String id) {
        var field = new TextField();
        field.setId(id);
        field.setEditable(false);
        field.setFocusTraversable(false);
        return field;
    }

    private static TableColumn<ColumnDrift, String> column(String title, Function<ColumnDrift, String> value) {
        var column = new TableColumn<ColumnDrift, String>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    /** Four significant digits: 0.2345, 503.6, 2.164. */
    private static String significant(double v) {
        if (v == Double.MAX_VALUE) {
            return "∞";
        }
        return Math.abs(v) >= 1e5 || (v != 0 && Math.abs(v) < 1e-3) ? String.format(Locale.ROOT, "%.2e", v)
                : new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static String number(double v) {
        if (v == Double.MAX_VALUE) {
            return "∞";
        }
        return Math.abs(v) >= 1e5 || (v != 0 && Math.abs(v) < 1e-3) ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
