package io.pipewright.ui.experiments;

import atlantafx.base.theme.Styles;
import io.pipewright.track.RunPages;
import io.pipewright.ui.chart.Chart;
import io.pipewright.ui.chart.ChartCanvas;
import io.pipewright.ui.chart.Palette;
import io.pipewright.work.NumberText;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** One run in full, a tab per aspect: overview, params, metrics, system, artifacts, pipeline, data. */
public final class RunDetailView extends BorderPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final RunDetailViewModel model;
    private final CompareView.ChartExporter exporter;
    private final ObservableValue<Palette> palette;

    private final RunLinks links;

    /** Where a run leads: its pipeline into the editor (the text and the folder its relative paths were read from), its charts into the Training workspace. */
    public interface RunLinks {
        RunLinks NONE = new RunLinks() {
        };

        default void openPipeline(String text, java.nio.file.Path folder) {
        }

        default void showInTraining(String runKey) {
        }
    }

    public RunDetailView(RunDetailViewModel model, CompareView.ChartExporter exporter, ObservableValue<Palette> palette, RunLinks links) {
        this.model = model;
        this.exporter = exporter;
        this.palette = palette;
        this.links = links;
        setId("run-detail-" + model.runKey());
        setTop(statusLine(model.statusProperty()));
        model.detailProperty().addListener((o, old, detail) -> show(detail));
    }

    private void show(RunPages.RunDetail detail) {
        if (detail == null) {
            return;
        }
        var tabs = new TabPane(
                tab("Overview", overview(detail)),
                tab("Params (" + detail.params().size() + ")", pairs(detail.params(), "Param")),
                tab("Metrics (" + detail.metrics().stream().filter(m -> !m.key().startsWith(RunDetailViewModel.SYSTEM)).count() + ")", metrics(detail)),
                tab("System", system()),
                tab("Artifacts (" + detail.artifacts().size() + ")", artifacts(detail)),
                tab("Pipeline", pipeline(detail)),
                tab("Data (" + detail.datasets().size() + ")", datasets(detail)),
                tab("Tags (" + detail.tags().size() + ")", pairs(detail.tags(), "Tag")));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        setCenter(tabs);
    }

    private static Tab tab(String title, Node content) {
        return new Tab(title, content);
    }

    private Node overview(RunPages.RunDetail detail) {
        var grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(6);
        grid.setPadding(new Insets(16));
        var run = detail.run();
        String[][] rows = {
                {"Run", run.key()},
                {"Name", detail.name() == null ? "" : detail.name()},
                {"Experiment", run.experiment()},
                {"Status", run.status()},
                {"Started", WHEN.format(run.startedAt())},
                {"Ended", run.endedAt() == null ? "" : WHEN.format(run.endedAt())},
                {"Duration", ExperimentsView.duration(run.startedAt(), run.endedAt())},
                {"Seed", run.seed() == null ? "" : String.valueOf(run.seed())},
                {"Parent run", detail.parentKey() == null ? "" : detail.parentKey()},
                {"Child runs", detail.children() == 0 ? "" : detail.children() + " (tuning trials)"},
                {"Pipeline SHA-256", run.pipelineSha256() == null ? "" : run.pipelineSha256()},
                {"Failure", run.failure() == null ? "" : run.failure()}};
        int r = 0;
        for (String[] row : rows) {
            if (row[1].isEmpty()) {
                continue;
            }
            var key = new Label(row[0]);
            key.getStyleClass().add(Styles.TEXT_BOLD);
            var value = new Label(row[1]);
            value.setWrapText(true);
            if (row[0].equals("Status") && !row[1].equals("finished")) {
                value.getStyleClass().add(row[1].equals("running") ? Styles.ACCENT : Styles.DANGER);
            }
            grid.addRow(r++, key, value);
        }
        var showInTraining = new Button("Show in Training");
        showInTraining.setId("show-in-training");
        showInTraining.setTooltip(new javafx.scene.control.Tooltip("Learning curves, tuning trials and system charts of this run"));
        showInTraining.setOnAction(event -> links.showInTraining(run.key()));
        grid.add(showInTraining, 1, r);
        GridPane.setMargin(showInTraining, new Insets(10, 0, 0, 0));
        return new ScrollPane(grid);
    }

    private static Node pairs(Map<String, String> values, String what) {
        var table = new TableView<Map.Entry<String, String>>();
        table.getItems().setAll(values.entrySet());
        table.getColumns().setAll(List.of(column(what, 320, Map.Entry::getKey), column("Value", 420, Map.Entry::getValue)));
        table.setPlaceholder(new Label("None."));
        return padded(table);
    }

    private Node metrics(RunPages.RunDetail detail) {
        var table = new TableView<RunPages.MetricSummary>();
        table.setId("run-metrics");
        table.getItems().setAll(detail.metrics().stream().filter(m -> !m.key().startsWith(RunDetailViewModel.SYSTEM)).toList());
        table.getColumns().setAll(List.of(
                column("Metric", 240, RunPages.MetricSummary::key),
                column("Last", 90, m -> NumberText.precise(m.last())),
                column("Step", 60, m -> String.valueOf(m.lastStep())),
                column("Min", 90, m -> NumberText.precise(m.min())),
                column("Max", 90, m -> NumberText.precise(m.max()))));
        table.setPlaceholder(new Label("No metrics."));
        table.getSelectionModel().selectedItemProperty().addListener((o, old, metric) -> {
            if (metric != null) {
                model.metricProperty().set(metric.key());
            }
        });
        var chart = chartBox("history", model.historyProperty(), 520, 360);
        var split = new SplitPane(table, chart);
        split.setDividerPositions(0.45);
        split.setPadding(new Insets(12));
        return split;
    }

    private Node system() {
        var charts = new VBox(12);
        charts.setPadding(new Insets(12));
        var empty = new Label("No system metrics were recorded with this run.");
        empty.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        charts.getChildren().add(empty);
        model.systemCharts().addListener((ListChangeListener<Chart>) change -> {
            charts.getChildren().clear();
            int i = 0;
            for (Chart chart : model.systemCharts()) {
                charts.getChildren().add(chartBox("system-" + i++, new javafx.beans.property.SimpleObjectProperty<>(chart), 700, 220));
            }
        });
        var scroll = new ScrollPane(charts);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private VBox chartBox(String name, ObservableValue<Chart> chart, double width, double height) {
        var canvas = new ChartCanvas();
        canvas.setPrefSize(width, height);
        canvas.setMinHeight(height);
        canvas.paletteProperty().bind(palette);
        canvas.chartProperty().bind(chart);
        var bar = new HBox(6, CompareView.exportButtons(exporter, model.runKey() + "-" + name, canvas, palette, true));
        bar.setAlignment(Pos.CENTER_RIGHT);
        VBox.setVgrow(canvas, Priority.ALWAYS);
        return new VBox(4, canvas, bar);
    }

    private Node artifacts(RunPages.RunDetail detail) {
        var table = new TableView<RunPages.Artifact>();
        table.getItems().setAll(detail.artifacts());
        table.getColumns().setAll(List.of(
                column("Path", 460, RunPages.Artifact::path),
                column("Kind", 90, RunPages.Artifact::kind),
                column("Size", 90, a -> NumberText.of(a.sizeBytes()) + " B"),
                column("SHA-256", 200, RunPages.Artifact::sha256)));
        table.setPlaceholder(new Label("No artifacts."));
        return padded(table);
    }

    private Node pipeline(RunPages.RunDetail detail) {
        if (detail.pipelineText() == null) {
            var none = new Label("This run was recorded without its pipeline (an import).");
            none.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            none.setPadding(new Insets(12));
            return none;
        }
        var text = new TextArea(detail.pipelineText());
        text.setEditable(false);
        text.getStyleClass().add("monospace");
        var save = new Button("Save pipeline as…");
        save.setOnAction(event -> exporter.exportText("Save the pipeline as it ran", detail.run().experiment() + ".yaml", "yaml", detail::pipelineText));
        var open = new Button("Open in Pipelines");
        open.setId("open-in-pipelines");
        String file = detail.tags().get("pipeline.file");
        java.nio.file.Path folder = file == null ? null : java.nio.file.Path.of(file).toAbsolutePath().getParent();
        open.setOnAction(event -> links.openPipeline(detail.pipelineText(), folder));
        var hint = new Label("Run it again with: pipewright run FILE.yaml");
        hint.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        var bar = new HBox(12, open, save, hint);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(text, Priority.ALWAYS);
        var pane = new VBox(8, bar, text);
        pane.setPadding(new Insets(12));
        return pane;
    }

    private static Node datasets(RunPages.RunDetail detail) {
        var table = new TableView<RunPages.DatasetUse>();
        table.getItems().setAll(detail.datasets());
        table.getColumns().setAll(List.of(
                column("Node", 100, RunPages.DatasetUse::nodeId),
                column("Path", 380, d -> d.path() == null ? "(not profiled in this store)" : d.path()),
                column("Rows", 90, d -> d.rows() == null ? "" : NumberText.of(d.rows())),
                column("Columns", 70, d -> d.columns() == null ? "" : String.valueOf(d.columns())),
                column("Fingerprint (SHA-256)", 420, RunPages.DatasetUse::sha256)));
        table.setPlaceholder(new Label("This run read no dataset."));
        return padded(table);
    }

    private static Node padded(TableView<?> table) {
        var pane = new VBox(table);
        VBox.setVgrow(table, Priority.ALWAYS);
        pane.setPadding(new Insets(12));
        return pane;
    }

    /** A muted line bound to a status text, shown only while there is one. */
    static Label statusLine(javafx.beans.value.ObservableStringValue status) {
        var line = new Label();
        line.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        line.textProperty().bind(status);
        line.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(status));
        line.managedProperty().bind(line.visibleProperty());
        line.setPadding(new Insets(8, 12, 0, 12));
        return line;
    }

    private static <T> TableColumn<T, String> column(String title, double width, Function<T, String> value) {
        var column = new TableColumn<T, String>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
