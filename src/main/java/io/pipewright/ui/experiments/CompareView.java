package io.pipewright.ui.experiments;

import atlantafx.base.theme.Styles;
import io.pipewright.track.RunComparison;
import io.pipewright.ui.chart.Chart;
import io.pipewright.ui.chart.ChartCanvas;
import io.pipewright.ui.chart.Palette;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * A comparison of runs, one tab per view: the side-by-side table (differences only, CSV), overlaid
 * curves, parallel coordinates, scatter, box plot, and evaluations. Every chart exports as PNG and
 * SVG exactly as drawn.
 */
public final class CompareView extends BorderPane {
    /** Runs the table shows as columns; the CSV has them all. */
    static final int TABLE_RUNS = 60;
    private static final String NONE = "(no grouping)";

    private final CompareViewModel model;
    private final ChartExporter exporter;
    private final ObservableValue<Palette> palette;

    public CompareView(CompareViewModel model, ChartExporter exporter, ObservableValue<Palette> palette) {
        this.model = model;
        this.exporter = exporter;
        this.palette = palette;
        setId("compare-view");
        var status = RunDetailView.statusLine(model.statusProperty());

        var tabs = new TabPane(
                tab("Table", "compare-table", tablePane()),
                tab("Curves", "compare-curves", curvesPane()),
                tab("Parallel coordinates", "compare-parallel", parallelPane()),
                tab("Scatter", "compare-scatter", scatterPane()),
                tab("Box plot", "compare-box", boxPane()),
                tab("Evaluation", "compare-evaluation", evaluationPane()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("compare-tabs");
        setTop(status);
        setCenter(tabs);
    }

    private static Tab tab(String title, String id, Node content) {
        var tab = new Tab(title, content);
        tab.setId(id);
        return tab;
    }

    // ---- table --------------------------------------------------------------------------------

    private Node tablePane() {
        var table = new TableView<RunComparison.Row>();
        table.setId("comparison-table");
        io.pipewright.ui.common.FittedColumns.install(table, 320);
        table.setPlaceholder(new Label("Reading the runs…"));
        var differencesOnly = new CheckBox("Show differences only");
        differencesOnly.setId("differences-only");
        var export = new Button("Export CSV…");
        export.setId("export-csv");
        var note = new Label();
        note.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        Runnable fill = () -> {
            RunComparison comparison = model.comparisonProperty().get();
            if (comparison == null) {
                return;
            }
            RunComparison shown = differencesOnly.isSelected() ? comparison.differencesOnly() : comparison;
            var columns = new ArrayList<TableColumn<RunComparison.Row, String>>();
            columns.add(column("Kind", 70, row -> row.kind().label()));
            columns.add(column("Key", 260, RunComparison.Row::key));
            int runs = Math.min(TABLE_RUNS, shown.runs().size());
            for (int i = 0; i < runs; i++) {
                int at = i;
                RunComparison.RunInfo run = shown.runs().get(i);
                var column = column(null, 150, row -> ExperimentsView.format(row.values().get(at)));
                // the short label tells the runs apart; the whole id (and the name) is in its tooltip
                var header = new Label(model.label(run.key()));
                header.setId("run-header-" + i);
                header.setTooltip(new javafx.scene.control.Tooltip(run.key() + (run.name() == null ? "" : "\n" + run.name())));
                column.setGraphic(header);
                columns.add(column);
            }
            table.getColumns().setAll(columns);
            table.getItems().setAll(shown.rows());
            note.setText(shown.runs().size() > runs ? "The table shows the first " + runs + " of " + shown.runs().size()
                    + " runs; the CSV has all of them." : String.format(Locale.ROOT, "%,d rows, %,d differ", comparison.rows().size(),
                    comparison.differencesOnly().rows().size()));
        };
        differencesOnly.selectedProperty().addListener(o -> fill.run());
        model.comparisonProperty().addListener(o -> fill.run());
        table.setRowFactory(view -> new TableRow<>() {
            @Override
            protected void updateItem(RunComparison.Row row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("differs"), !empty && row != null && row.differs());
            }
        });
        export.setOnAction(event -> {
            RunComparison comparison = model.comparisonProperty().get();
            if (comparison != null) {
                RunComparison shown = differencesOnly.isSelected() ? comparison.differencesOnly() : comparison;
                exporter.exportText("Export the comparison as CSV", model.experiment() + "-comparison.csv", "csv", shown::toCsv);
            }
        });
        var bar = new HBox(12, differencesOnly, export, note);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(table, Priority.ALWAYS);
        var pane = new VBox(8, bar, table);
        pane.setPadding(new Insets(12));
        return pane;
    }

    private static TableColumn<RunComparison.Row, String> column(String title, double width, java.util.function.Function<RunComparison.Row, String> value) {
        var column = new TableColumn<RunComparison.Row, String>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    // ---- curves -------------------------------------------------------------------------------

    private Node curvesPane() {
        var metric = keyChoice(model.metricKeys(), model.curveMetricProperty());
        metric.setId("curve-metric");
        var axis = new ComboBox<CompareViewModel.XAxis>();
        axis.getItems().setAll(CompareViewModel.XAxis.values());
        axis.setConverter(converter(CompareViewModel.XAxis::label));
        axis.valueProperty().bindBidirectional(model.xAxisProperty());
        axis.setId("curve-axis");
        var smoothing = new Slider(0, 0.99, 0);
        smoothing.setId("smoothing");
        smoothing.setPrefWidth(140);
        smoothing.valueProperty().bindBidirectional(model.smoothingProperty());
        var smoothingText = new Label();
        smoothingText.textProperty().bind(model.smoothingProperty().asString(Locale.ROOT, "%.2f"));
        var log = new CheckBox("Log scale");
        log.setId("log-scale");
        log.selectedProperty().bindBidirectional(model.logScaleProperty());
        var group = new ComboBox<String>();
        group.setId("group-by");
        Runnable fillGroups = () -> {
            var choices = new ArrayList<String>();
            choices.add(NONE);
            choices.addAll(model.paramKeys());
            group.getItems().setAll(choices);
            group.setValue(model.groupByProperty().get() == null ? NONE : model.groupByProperty().get());
        };
        model.paramKeys().addListener((ListChangeListener<String>) change -> fillGroups.run());
        fillGroups.run();
        group.valueProperty().addListener((o, old, value) -> model.groupByProperty().set(value == null || NONE.equals(value) ? null : value));
        metric.setPrefWidth(220);
        axis.setPrefWidth(170);
        group.setPrefWidth(300); // a grouping param is long: train.hyperparameters.max_depth
        smoothing.setPrefWidth(110);
        var bar = new FlowPane(16, 8, pair("Metric", metric), pair("X axis", axis), pair("Smoothing", smoothing, smoothingText), log,
                pair("Group by", group));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPrefWrapLength(1100);
        return chartPane("curves", bar, model.curvesProperty(), "Choose a metric with a history.");
    }

    // ---- parallel coordinates -----------------------------------------------------------------

    private Node parallelPane() {
        var axes = new MenuButton("Axes");
        axes.setId("parallel-axes");
        axes.setOnShowing(event -> {
            var items = new ArrayList<CheckMenuItem>();
            for (String key : model.paramKeys()) {
                var item = new CheckMenuItem(key);
                item.setSelected(model.axes().contains(key));
                item.setOnAction(e -> {
                    if (item.isSelected()) {
                        model.axes().add(key);
                    } else {
                        model.axes().remove(key);
                    }
                });
                items.add(item);
            }
            axes.getItems().setAll(items);
        });
        axes.getItems().add(new CheckMenuItem("…"));
        var color = keyChoice(model.metricKeys(), model.colorMetricProperty());
        color.setId("parallel-metric");
        var hint = new Label("Axes: the params that differ between the runs, then the metric, which also gives each line its color.");
        hint.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        var bar = new FlowPane(16, 8, axes, pair("Metric", color), hint);
        bar.setAlignment(Pos.CENTER_LEFT);
        return chartPane("parallel-coordinates", bar, model.parallelProperty(), "Choose params or a metric.");
    }

    // ---- scatter and box ----------------------------------------------------------------------

    private Node scatterPane() {
        var param = keyChoice(model.paramKeys(), model.scatterParamProperty());
        param.setId("scatter-param");
        var metric = keyChoice(model.metricKeys(), model.scatterMetricProperty());
        metric.setId("scatter-metric");
        var bar = new FlowPane(16, 8, pair("Param", param), pair("Metric", metric));
        bar.setAlignment(Pos.CENTER_LEFT);
        return chartPane("scatter", bar, model.scatterProperty(), "Choose a param and a metric.");
    }

    private Node boxPane() {
        var metric = keyChoice(model.metricKeys(), model.boxMetricProperty());
        metric.setId("box-metric");
        var param = keyChoice(model.paramKeys(), model.boxParamProperty());
        param.setId("box-param");
        var bar = new FlowPane(16, 8, pair("Metric", metric), pair("by param", param));
        bar.setAlignment(Pos.CENTER_LEFT);
        return chartPane("box-plot", bar, model.boxProperty(), "Choose a metric and a param.");
    }

    // ---- evaluation ---------------------------------------------------------------------------

    private Node evaluationPane() {
        var matrices = new FlowPane(12, 12);
        var curves = new HBox(12);
        var empty = new Label("None of these runs has an evaluation (a pipeline's evaluate node writes one).");
        empty.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        var content = new VBox(12, empty, curves, matrices);
        content.setPadding(new Insets(12));
        model.evaluations().addListener((ListChangeListener<CompareViewModel.RunEvaluation>) change -> {
            empty.setVisible(model.evaluations().isEmpty());
            empty.setManaged(model.evaluations().isEmpty());
            curves.getChildren().clear();
            for (boolean roc : new boolean[] {true, false}) {
                Chart chart = model.curveOverlay(roc);
                if (chart != null) {
                    var box = exportable(roc ? "roc" : "precision-recall", chart, 460, 360);
                    HBox.setHgrow(box, Priority.ALWAYS);
                    curves.getChildren().add(box);
                }
            }
            matrices.getChildren().clear();
            for (var evaluation : model.evaluations()) {
                if (evaluation.evaluation().confusion() != null && evaluation.evaluation().labels() != null) {
                    matrices.getChildren().add(exportable("confusion-" + evaluation.runKey(), model.confusion(evaluation), 340, 300));
                }
            }
        });
        var scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        return scroll;
    }

    /** A fixed-size chart with its export buttons. */
    private VBox exportable(String name, Chart chart, double width, double height) {
        var canvas = new ChartCanvas();
        canvas.setPrefSize(width, height);
        canvas.setMinSize(width * 0.6, height);
        canvas.setChart(chart);
        canvas.paletteProperty().bind(palette);
        var bar = new HBox(6, exportButtons(exporter, name, canvas, palette, true));
        return new VBox(4, canvas, bar);
    }

    /** A chart that fills the tab, with its choices above and export buttons. */
    private Node chartPane(String name, Region choices, javafx.beans.property.ReadOnlyObjectProperty<Chart> chart, String emptyText) {
        var canvas = new ChartCanvas();
        canvas.setId("chart-" + name);
        canvas.paletteProperty().bind(palette);
        canvas.chartProperty().bind(chart);
        var empty = new Label(emptyText);
        empty.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        empty.visibleProperty().bind(chart.isNull());
        var stack = new javafx.scene.layout.StackPane(canvas, empty);
        VBox.setVgrow(stack, Priority.ALWAYS);
        HBox.setHgrow(choices, Priority.ALWAYS);
        // the choices take the room the export buttons leave, wrapping when it is short
        choices.setMinWidth(0);
        choices.setPrefWidth(1);
        var top = new HBox(8, choices);
        top.getChildren().addAll(exportButtons(exporter, name, canvas, palette, false));
        top.setAlignment(Pos.CENTER_LEFT);
        var pane = new VBox(8, top, stack);
        pane.setPadding(new Insets(12));
        return pane;
    }

    /**
     * PNG and SVG buttons that export what a canvas shows, at its size and in its palette; disabled
     * while it shows nothing. {@code compact}: small "PNG…" buttons under a chart, else "Export PNG…".
     */
    static Button[] exportButtons(ChartExporter exporter, String name, ChartCanvas canvas, ObservableValue<Palette> palette, boolean compact) {
        var buttons = new Button[2];
        String[] formats = {"png", "svg"};
        for (int i = 0; i < 2; i++) {
            String format = formats[i];
            String label = format.toUpperCase(Locale.ROOT) + "…";
            var button = new Button(compact ? label : "Export " + label);
            button.setId("export-" + format + "-" + name);
            if (compact) {
                button.getStyleClass().add(Styles.SMALL);
            }
            button.setMinWidth(Region.USE_PREF_SIZE);
            button.disableProperty().bind(canvas.chartProperty().isNull());
            button.setOnAction(event -> exporter.exportChart(name, canvas.getChart(), canvas.getWidth(), canvas.getHeight(), palette.getValue(), format));
            buttons[i] = button;
        }
        return buttons;
    }

    /** A label and its controls, kept on one line when the bar wraps. */
    private static HBox pair(String label, Node... controls) {
        var box = new HBox(6, new Label(label));
        box.getChildren().addAll(controls);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static ComboBox<String> keyChoice(javafx.collections.ObservableList<String> keys, javafx.beans.property.ObjectProperty<String> chosen) {
        var box = new ComboBox<String>(keys);
        box.setPrefWidth(240);
        box.valueProperty().bindBidirectional(chosen);
        return box;
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String string) {
                return null;
            }
        };
    }

    /** Saves charts and tables where the person chooses; the file is written off the FX thread. */
    public interface ChartExporter {
        void exportChart(String name, Chart chart, double width, double height, Palette palette, String format);

        void exportText(String title, String suggestedName, String extension, Supplier<String> text);
    }
}
