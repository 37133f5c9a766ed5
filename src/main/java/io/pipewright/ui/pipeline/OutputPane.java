package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.Evaluation;
import io.pipewright.train.PermutationImportance;
import io.pipewright.train.TrainedModel;
import io.pipewright.train.Tuner;
import io.pipewright.ui.chart.Chart;
import io.pipewright.ui.chart.ChartCanvas;
import io.pipewright.ui.chart.LineChart;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.experiments.CompareViewModel;
import io.pipewright.work.NumberText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Output tab of the Pipelines workspace: after a run, what it gave (its result and a link to
 * every output), and any output a person double-clicks, each in its own form: a table's first rows,
 * an evaluation's metrics beside its baselines with its confusion matrix and ROC and precision-recall
 * curves (the charts the Experiments workspace compares runs with), a model's particulars and its
 * feature importances, a study's trials.
 */
final class OutputPane extends VBox {
    private static final int PREVIEW_ROWS = 200;
    private static final double CHART = 280;

    private final PipelineEditorViewModel editor;
    private final NodeOutputs outputs;
    private final ObservableValue<Palette> palette;
    /** The output asked for last: an importance measured for an earlier one is not shown over it. */
    private Object showing;

    OutputPane(PipelineEditorViewModel editor, ObservableValue<Palette> palette) {
        super(6);
        this.editor = editor;
        this.outputs = new NodeOutputs(editor);
        this.palette = palette;
        setId("output-pane");
        setPadding(new Insets(8));
        getChildren().setAll(muted("Run the pipeline, then double-click any output port to see what it gave here."));
    }

    /** After a run: its result in lines, and a link to each output. */
    void showRun(RunSummary summary) {
        showing = summary;
        var lines = new GridPane();
        lines.setHgap(12);
        lines.setVgap(4);
        int row = 0;
        var heading = new Label("Run " + summary.outcome());
        heading.setId("output-run");
        heading.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_BOLD);
        lines.add(heading, 0, row++, 2, 1);
        for (var line : summary.lines()) {
            lines.addRow(row++, bold(line.heading()), wrapped(line.text()));
        }
        for (var output : outputs.all()) {
            var link = new Hyperlink(output.name());
            link.setId("output-link-" + output.node() + "-" + output.port());
            link.setOnAction(event -> show(output.node(), output.port()));
            link.setMinWidth(Region.USE_PREF_SIZE);
            lines.addRow(row++, link, wrapped(NodeOutputs.describe(output.value())));
        }
        var scroll = new ScrollPane(lines);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().setAll(scroll);
    }

    /** Shows what an output port gave in the last run, or says that it has given nothing yet. */
    void show(String nodeId, String port) {
        var found = editor.output(nodeId, port);
        String name = nodeId + "." + port;
        if (found.isEmpty()) {
            showing = null;
            getChildren().setAll(muted(name + " has given nothing yet: run up to " + nodeId + " first (select it, then Shift+F5)."));
            return;
        }
        Object value = found.get();
        showing = value;
        var summary = new Label(name + ": " + NodeOutputs.describe(value));
        summary.setId("output-summary");
        summary.setMinHeight(Region.USE_PREF_SIZE);
        summary.setMinWidth(0);
        Node body;
        if (value instanceof DataTable data) {
            summary.setText(String.format(Locale.US, "%s: %,d rows × %d columns%s", name, data.table().rowCount(), data.table().columnCount(),
                    data.table().rowCount() > PREVIEW_ROWS ? " (the first " + PREVIEW_ROWS + " shown)" : ""));
            summary.setId("preview-summary");
            body = rows(data);
        } else if (value instanceof Evaluation evaluation) {
            summary.setText(String.format(Locale.US, "%s: %s metrics on %,d rows, beside the baselines'", name, evaluation.task(), evaluation.rows()));
            body = evaluation(nodeId, evaluation);
        } else if (value instanceof TrainedModel model) {
            body = model(nodeId, port, model);
        } else if (value instanceof Tuner.Study study) {
            body = trials(study);
        } else {
            body = muted("Nothing to show for " + name + ".");
        }
        VBox.setVgrow(body, Priority.ALWAYS);
        summary.setTooltip(new io.pipewright.ui.common.WrappedTooltip(summary.getText()));
        getChildren().setAll(summary, body);
    }

    // ---- a table

    private static Node rows(DataTable data) {
        var table = data.table();
        var view = new TableView<Integer>();
        view.setId("port-preview");
        for (int c = 0; c < table.columnCount(); c++) {
            var column = table.column(c);
            String header = column.name() + "\n" + columnSummary(column);
            var tableColumn = new TableColumn<Integer, String>(header);
            tableColumn.setPrefWidth(Math.min(360, Math.max(80, widest(header) + 28)));
            tableColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(column.isMissing(cell.getValue()) ? "" : column.getString(cell.getValue())));
            tableColumn.setSortable(false);
            view.getColumns().add(tableColumn);
        }
        for (int r = 0; r < Math.min(PREVIEW_ROWS, table.rowCount()); r++) {
            view.getItems().add(r);
        }
        view.setFixedCellSize(24);
        return view;
    }

    /** A column's type, missing values and range (or distinct values): the header line under its name. */
    private static String columnSummary(tech.tablesaw.columns.Column<?> column) {
        var text = new StringBuilder(column.type().name().toLowerCase(Locale.ROOT));
        int missing = column.countMissing();
        text.append(missing == 0 ? " · complete" : String.format(Locale.US, " · %,d missing", missing));
        if (column instanceof tech.tablesaw.api.NumericColumn<?> numbers && column.size() > missing) {
            text.append(" · ").append(NumberText.precise(numbers.min())).append(" to ").append(NumberText.precise(numbers.max()));
        } else {
            text.append(String.format(Locale.US, " · %,d distinct", column.countUnique()));
        }
        return text.toString();
    }

    // ---- an evaluation

    /** The metrics beside the baselines, the confusion matrix, and the ROC and precision-recall curves of each class against the rest. */
    private Node evaluation(String nodeId, Evaluation evaluation) {
        var metrics = new TableView<String>();
        metrics.setId("output-metrics");
        metrics.getItems().setAll(evaluation.metrics().keySet());
        metrics.getColumns().add(column("Metric", 140, key -> key));
        metrics.getColumns().add(column("Model", 95, key -> number(evaluation.metrics().get(key))));
        if (evaluation.baselines() != null) {
            evaluation.baselines().forEach((baseline, values) -> metrics.getColumns().add(column(baseline, 95, key -> number(values.get(key)))));
        }
        // room for every column and the scroll bar: the numbers are what this table is for
        metrics.setPrefWidth(140 + 95 * (1 + (evaluation.baselines() == null ? 0 : evaluation.baselines().size())) + 20);
        metrics.setMinWidth(Region.USE_PREF_SIZE);
        var row = new HBox(12, metrics);
        if (evaluation.confusion() != null && evaluation.labels() != null && !evaluation.labels().isEmpty()) {
            row.getChildren().add(chart("output-confusion", CompareViewModel.confusion("confusion matrix · " + nodeId, evaluation)));
        }
        if (evaluation.curves() != null && !evaluation.curves().isEmpty()) {
            row.getChildren().add(chart("output-roc", curves(evaluation, true)));
            row.getChildren().add(chart("output-pr", curves(evaluation, false)));
        }
        var scroll = new ScrollPane(row);
        scroll.setFitToHeight(true);
        return scroll;
    }

    /** Each class's curve against the rest, its AUC (or average precision) in the legend. */
    static LineChart curves(Evaluation evaluation, boolean roc) {
        var series = new ArrayList<LineChart.Series>();
        int i = 0;
        boolean binary = evaluation.curves().size() == 1;
        for (var entry : evaluation.curves().entrySet()) {
            var curve = roc ? entry.getValue().roc() : entry.getValue().precisionRecall();
            if (curve == null) {
                continue;
            }
            Double area = binary ? evaluation.metrics().get(roc ? "roc_auc" : "pr_auc") : null;
            series.add(new LineChart.Series(entry.getKey() + (area == null ? "" : (roc ? " (AUC " : " (AP ") + NumberText.precise(area) + ")"),
                    Palette.series(i++), curve.x(), curve.y()));
        }
        if (roc) {
            series.add(new LineChart.Series("chance", "#8c959f", new double[] {0, 1}, new double[] {0, 1}, null, null, true));
        }
        return new LineChart(roc ? "ROC" : "Precision-recall", roc ? "false positive rate" : "recall", roc ? "true positive rate" : "precision",
                false, series, 0.0, 1.0, 0.0, 1.0);
    }

    // ---- a model

    /** Its particulars, and its feature importances once measured on rows it did not train on where there are some. */
    private Node model(String nodeId, String port, TrainedModel model) {
        var particulars = new GridPane();
        particulars.setId("output-model");
        particulars.setHgap(12);
        particulars.setVgap(4);
        int row = 0;
        for (Map.Entry<String, String> entry : NodeOutputs.particulars(model).entrySet()) {
            particulars.addRow(row++, bold(entry.getKey()), wrapped(entry.getValue()));
        }
        particulars.getColumnConstraints().setAll(new javafx.scene.layout.ColumnConstraints(), grow());
        var left = new ScrollPane(particulars);
        left.setFitToWidth(true);
        var right = new VBox(6);
        right.setPadding(new Insets(0, 0, 0, 8));
        var rows = outputs.importanceRows(nodeId, port, model);
        if (rows.isEmpty()) {
            right.getChildren().setAll(muted("Feature importances need rows with the target that went through the same preprocessing as the model's"
                    + " training rows: run the node that feeds it."));
        } else {
            var waiting = new ProgressIndicator();
            waiting.setPrefSize(24, 24);
            var status = new Label(String.format(Locale.US, "Measuring feature importances on %s…", rows.get().name()));
            right.getChildren().setAll(new HBox(8, waiting, status));
            Object asked = showing;
            outputs.importances(model, rows.get(), editor.document().seedOrDefault(), result -> {
                if (showing == asked) {
                    right.getChildren().setAll(importances(rows.get().name(), result));
                }
            }, error -> status.setText("Feature importances could not be measured: " + error));
        }
        var sides = new javafx.scene.control.SplitPane(left, right);
        sides.setDividerPositions(0.45);
        return sides;
    }

    private static javafx.scene.layout.ColumnConstraints grow() {
        var column = new javafx.scene.layout.ColumnConstraints();
        column.setHgrow(Priority.ALWAYS);
        column.setMinWidth(120);
        return column;
    }

    /** The width of the widest line of a text in the default font. */
    private static double widest(String text) {
        double widest = 0;
        for (String line : text.split("\n")) {
            widest = Math.max(widest, new javafx.scene.text.Text(line).getLayoutBounds().getWidth());
        }
        return widest;
    }

    private static List<Node> importances(String rows, PermutationImportance.Result result) {
        var about = muted(String.format(Locale.US, "Permutation importance on %s (%,d rows, %d shuffles each): how much %s %s when a column's values are "
                        + "shuffled (the model scores %s there).", rows, result.rows(), result.repeats(), result.metric(),
                result.higherIsBetter() ? "drops" : "grows", NumberText.precise(result.baseline())));
        var table = new TableView<PermutationImportance.Feature>();
        table.setId("output-importances");
        table.getItems().setAll(result.features());
        double largest = result.features().stream().mapToDouble(PermutationImportance.Feature::importance).max().orElse(0);
        table.getColumns().add(column("Column", 150, PermutationImportance.Feature::column));
        table.getColumns().add(column("Importance ± sd", 125, feature -> String.format(Locale.US, "%.3f ± %.3f", feature.importance(), feature.spread())));
        var bars = new TableColumn<PermutationImportance.Feature, PermutationImportance.Feature>("");
        bars.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cell.getValue()));
        bars.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(PermutationImportance.Feature feature, boolean empty) {
                super.updateItem(feature, empty);
                if (empty || feature == null || largest <= 0) {
                    setGraphic(null);
                    return;
                }
                var bar = new Region();
                bar.getStyleClass().add("importance-bar");
                bar.setPrefSize(Math.max(0, feature.importance() / largest) * Math.max(20, getTableColumn().getWidth() - 16), 10);
                bar.setMaxHeight(10);
                setGraphic(bar);
            }
        });
        bars.setPrefWidth(160);
        bars.setMinWidth(60);
        table.getColumns().add(bars);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);
        about.setMinHeight(Region.USE_PREF_SIZE);
        return List.of(about, table);
    }

    // ---- a study

    /** A row per trial: its number, state, value and hyperparameters; the best one first marked. */
    private static Node trials(Tuner.Study study) {
        var table = new TableView<Tuner.Trial>();
        table.setId("output-trials");
        table.getItems().setAll(study.trials());
        table.getColumns().add(column("Trial", 60, trial -> trial.number() + (trial == study.best() ? " ★" : "")));
        table.getColumns().add(column("State", 90, Tuner.Trial::state));
        table.getColumns().add(column(study.metric(), Math.max(90, widest(study.metric()) + 28), trial -> trial.value() == null ? "" : NumberText.precise(trial.value())));
        var names = new LinkedHashSet<String>();
        study.trials().forEach(trial -> names.addAll(new TreeMap<>(trial.params()).keySet()));
        for (String name : names) {
            table.getColumns().add(column(name, Math.max(80, widest(name) + 28), trial -> {
                Object value = trial.params().get(name);
                return value instanceof Double number ? NumberText.precise(number) : value == null ? "" : String.valueOf(value);
            }));
        }
        table.getColumns().add(column("Seconds", 80, trial -> String.format(Locale.US, "%.2f", trial.seconds())));
        table.getColumns().add(column("Message", 200, trial -> trial.message() == null ? "" : trial.message()));
        return table;
    }

    // ---- pieces

    private ChartCanvas chart(String id, Chart chart) {
        var canvas = new ChartCanvas(chart);
        canvas.setId(id);
        canvas.paletteProperty().bind(palette);
        canvas.setPrefSize(CHART, CHART);
        canvas.setMinWidth(CHART);
        return canvas;
    }

    private static <T> TableColumn<T, String> column(String title, double width, Function<T, String> value) {
        var column = new TableColumn<T, String>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    private static String number(Double value) {
        return value == null ? "" : NumberText.precise(value);
    }

    private static Label bold(String text) {
        var label = new Label(text);
        label.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_BOLD);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static Label wrapped(String text) {
        var label = new Label(text);
        label.setWrapText(true);
        label.setTooltip(new io.pipewright.ui.common.WrappedTooltip(text));
        return label;
    }

    private static Label muted(String text) {
        var label = new Label(text);
        label.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        label.setWrapText(true);
        return label;
    }
}
