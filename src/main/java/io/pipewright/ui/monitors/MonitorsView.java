package io.pipewright.ui.monitors;

import atlantafx.base.theme.Styles;
import io.pipewright.track.MonitorChecks;
import io.pipewright.ui.chart.ChartCanvas;
import io.pipewright.ui.chart.LineChart;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.common.DialogService;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Monitors with their last verdict, and the selected one's history: a chart of drift share, PSI and metric drop, and every check. */
public final class MonitorsView extends BorderPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final ChartCanvas chart = new ChartCanvas();

    public MonitorsView(MonitorsViewModel model, DialogService dialogs, javafx.beans.value.ObservableValue<Palette> palette) {
        setId("monitors-view");

        var runButton = new Button("Run monitor…");
        runButton.setId("monitor-run");
        runButton.getStyleClass().add(Styles.ACCENT);
        runButton.disableProperty().bind(model.runningProperty());
        runButton.setOnAction(event -> dialogs.chooseFileToOpen("Evaluate a monitor file", "yaml").ifPresent(model::run));
        var refresh = new Button("Refresh");
        refresh.setOnAction(event -> model.refresh());
        var help = new Label("A monitor file names a model version, where its new data arrives, thresholds, and a pipeline that retrains it "
                + "(registered as challenger). Schedule pipewright monitor run FILE to evaluate it.");
        help.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        help.setWrapText(true);
        HBox.setHgrow(help, Priority.ALWAYS);
        runButton.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        refresh.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        var toolbar = new HBox(8, runButton, refresh, help);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(0, 0, 8, 0));

        var list = new ListView<MonitorChecks.Summary>(model.monitors());
        list.setId("monitor-list");
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(MonitorChecks.Summary item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                String text = item.monitor() + "\n" + item.last().status() + " · " + item.checks() + (item.checks() == 1 ? " check, " : " checks, ")
                        + item.triggered() + " triggered";
                setText(text);
                setTooltip(new javafx.scene.control.Tooltip(text));
                getStyleClass().add(item.last().triggered() ? Styles.DANGER : Styles.SUCCESS);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, old, summary) -> {
            if (summary != null && !summary.monitor().equals(model.selectedProperty().get())) {
                model.select(summary.monitor());
            }
        });
        model.monitors().addListener((ListChangeListener<MonitorChecks.Summary>) change -> model.monitors().stream()
                .filter(summary -> summary.monitor().equals(model.selectedProperty().get())).findFirst()
                .ifPresent(summary -> list.getSelectionModel().select(summary)));
        list.setPrefWidth(260); // "retrained · 12 checks, 3 triggered" whole
        VBox.setVgrow(list, Priority.ALWAYS);
        var title = new Label("Monitors");
        title.getStyleClass().addAll(Styles.TITLE_4, io.pipewright.ui.common.Styles.SECTION_TITLE);
        var left = new VBox(8, title, list);
        left.setPadding(new Insets(0, 12, 0, 0));

        var message = new Label();
        message.setId("monitors-message");
        message.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        message.setWrapText(true);
        message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrap onto more lines rather than cut
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        var table = new TableView<MonitorChecks.Check>(model.history());
        table.setId("monitor-history");
        table.setPlaceholder(new Label("Select a monitor."));
        table.getColumns().setAll(List.of(
                column("When", 155, check -> WHEN.format(check.checkedAt())),
                column("Model", 100, check -> check.model() + ":" + check.modelVersion()),
                column("New data", 150, check -> check.currentPath() == null ? "" : java.nio.file.Path.of(check.currentPath()).getFileName().toString()),
                column("Drift share", 75, check -> number(check.driftShare(), "%.2f")),
                column("Max PSI", 135, check -> check.maxPsi() == null ? "–" : String.format(Locale.ROOT, "%.3f (%s)", check.maxPsi(), check.maxPsiColumn())),
                column("Metric change", 135, check -> check.metricDrop() == null ? "–"
                        : String.format(Locale.ROOT, "%s %+.1f %%", check.metric(), -check.metricDrop() * 100)),
                column("Status", 95, MonitorChecks.Check::status),
                column("Challenger", 105, check -> check.challenger() == null ? "" : check.challenger()),
                column("Trained on", 190, MonitorsViewModel::trainedOn),
                column("Challenger scores", 330, MonitorsViewModel::challengerScores),
                column("Promotion", 150, MonitorsViewModel::promotion),
                column("Why", 360, check -> check.failure() != null ? String.join("; ", check.reasons()) + " — " + check.failure()
                        : String.join("; ", check.reasons()))));
        io.pipewright.ui.common.FittedColumns.install(table, table.getColumns().get(11), 480);
        table.setRowFactory(view -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(MonitorChecks.Check item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("triggered"), !empty && item != null && item.triggered());
            }
        });

        chart.setId("monitor-chart");
        chart.paletteProperty().bind(palette);
        chart.setPrefHeight(220);
        chart.setMinHeight(160);
        model.history().addListener((ListChangeListener<MonitorChecks.Check>) change -> chart.setChart(model.history().isEmpty() ? null
                : chart(model.selectedProperty().get(), model.history())));
        VBox.setVgrow(table, Priority.ALWAYS);
        var center = new VBox(8, message, chart, table);

        setTop(toolbar);
        setLeft(left);
        setCenter(center);
        setPadding(new Insets(12));
    }

    /** Drift share, the largest PSI and the metric drop per check, oldest first: how the model's data moved over time. */
    static LineChart chart(String monitor, List<MonitorChecks.Check> newestFirst) {
        var checks = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(checks);
        int n = checks.size();
        double[] x = new double[n];
        double[] share = new double[n];
        double[] psi = new double[n];
        double[] drop = new double[n];
        for (int i = 0; i < n; i++) {
            var check = checks.get(i);
            x[i] = i + 1;
            share[i] = value(check.driftShare());
            psi[i] = value(check.maxPsi());
            drop[i] = value(check.metricDrop());
        }
        var series = new ArrayList<LineChart.Series>();
        series.add(new LineChart.Series("drift share", "#2563eb", x, share));
        series.add(new LineChart.Series("max PSI", "#d97706", x, psi));
        if (java.util.Arrays.stream(drop).anyMatch(Double::isFinite)) {
            series.add(new LineChart.Series("metric drop", "#dc2626", x, drop));
        }
        return new LineChart(monitor == null ? "" : monitor, "check", "value", false, series).wholeNumbersOnX();
    }

    private static double value(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static String number(Double value, String format) {
        return value == null ? "–" : String.format(Locale.ROOT, format, value);
    }

    private static TableColumn<MonitorChecks.Check, String> column(String title, double width, Function<MonitorChecks.Check, String> value) {
        var column = new TableColumn<MonitorChecks.Check, String>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
