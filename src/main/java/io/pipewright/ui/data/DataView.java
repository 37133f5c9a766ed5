package io.pipewright.ui.data;

import atlantafx.base.theme.Styles;
import io.pipewright.data.ColumnType;
import io.pipewright.profile.ColumnProfile;
import io.pipewright.profile.DatasetProfile;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.PulseSteps;
import io.pipewright.work.ByteSizes;
import io.pipewright.work.NumberText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * The Data workspace: a file's profile while it is made and after — overview, columns with
 * sparklines, a column's details and charts, alerts, correlations and a preview of the first rows.
 */
public final class DataView extends BorderPane {
    private final DataViewModel model;
    private final Label textColour = new Label();
    private final ListView<ColumnProfile> columnList = new ListView<>();
    private final ListView<DatasetProfile.Alert> alertList = new ListView<>();
    private final FlowPane overview = new FlowPane(10, 10);
    private final java.util.Map<String, Label> tiles = new java.util.LinkedHashMap<>();
    private String shownColumn;
    private boolean shownComplete;
    private final VBox detail = new VBox(12);
    private final Canvas heatmap = new Canvas(640, 640);
    private final Label heatmapNote = new Label();
    private final TableView<String[]> preview = new TableView<>();
    private final TabPane tabs = new TabPane();
    private final ComboBox<String> targetBox = new ComboBox<>();
    private boolean updatingTarget;
    private final PulseSteps steps = new PulseSteps();
    private final Label detailName = new Label();
    private final ComboBox<String> detailType = new ComboBox<>();
    private final HBox detailHeading = new HBox(12, detailName, detailType);
    private ColumnProfile detailColumn;
    private boolean updatingDetailType;
    private static final int COLUMNS_PER_PULSE = 6;
    private boolean warmedUp;
    private Node content;

    public DataView(DataViewModel model, Runnable openDialog, Consumer<String> saveHtml, Consumer<String> saveJson) {
        this.model = model;
        setId("data-view");
        textColour.getStyleClass().add("chart-text-colour");
        textColour.setManaged(false);
        textColour.setVisible(false);

        detailName.setId("detail-name");
        detailName.getStyleClass().add(Styles.TITLE_3);
        detailType.setId("detail-type");
        for (ColumnType value : ColumnType.values()) {
            detailType.getItems().add(value.id());
        }
        detailType.setOnAction(event -> {
            ColumnProfile column = detailColumn;
            if (!updatingDetailType && column != null && detailType.getValue() != null && !detailType.getValue().equals(column.type())) {
                model.setType(column.name(), ColumnType.parse(detailType.getValue()));
            }
        });
        detailType.setTooltip(new Tooltip("Change the type and profile again"));
        detailHeading.setAlignment(Pos.CENTER_LEFT);

        var empty = emptyState(openDialog);
        content = content(saveHtml, saveJson);
        var stack = new StackPane(content, empty, textColour);
        empty.visibleProperty().bind(model.fileProperty().isNull());
        content.visibleProperty().bind(model.fileProperty().isNotNull());
        setCenter(stack);
        sceneProperty().addListener((observable, before, scene) -> {
            if (before == null && scene != null && !warmedUp) {
                warmedUp = true;
                warmUp();
            }
        });

        model.profileProperty().addListener((observable, before, profile) -> showProfile(profile));
        // the column's details are built in a pulse of their own, after the list's
        model.selectedColumnProperty().addListener((observable, before, column) ->
                steps.add(() -> showColumn(model.selectedColumnProperty().get())));
        textColour.textFillProperty().addListener((observable, before, colour) -> redraw());
        // the preview table is filled only while its tab shows: its cells are costly to make
        model.previewColumns().addListener((javafx.collections.ListChangeListener<String>) change -> {
            previewStale = true;
            refreshPreview();
        });
        model.previewRows().addListener((javafx.collections.ListChangeListener<String[]>) change -> {
            previewStale = true;
            refreshPreview();
        });
        tabs.getSelectionModel().selectedItemProperty().addListener((observable, before, tab) -> refreshPreview());
    }

    private Node emptyState(Runnable openDialog) {
        var title = new Label("No dataset yet");
        title.getStyleClass().add(Styles.TITLE_3);
        var text = new Label("Drop a dataset anywhere on the window, or open one, to see its profile: types, missing values, "
                + "distributions, correlations and quality alerts.");
        text.setWrapText(true);
        text.setMaxWidth(520);
        text.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        var open = new Button("Open dataset…");
        open.getStyleClass().add(Styles.ACCENT);
        open.setOnAction(event -> openDialog.run());
        var box = new VBox(12, Icons.icon(Icons.TABLE, 40), title, text, open);
        box.setAlignment(Pos.CENTER);
        box.setId("data-empty");
        return box;
    }

    private Node content(Consumer<String> saveHtml, Consumer<String> saveJson) {
        var name = new Label();
        name.setId("data-file");
        name.getStyleClass().add(Styles.TITLE_3);
        name.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> model.fileProperty().get() == null ? "" : model.fileProperty().get().getFileName().toString(), model.fileProperty()));
        var status = new Label();
        status.setId("data-status");
        status.textProperty().bind(model.statusProperty());
        status.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        var bar = new ProgressBar();
        bar.setId("data-progress");
        bar.setPrefWidth(200);
        bar.progressProperty().bind(model.progressProperty());
        bar.visibleProperty().bind(model.runningProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        var cancel = new Button("Stop");
        cancel.setId("data-cancel");
        cancel.visibleProperty().bind(model.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(event -> model.cancel());
        var html = new Button("Export HTML…");
        html.setId("export-html");
        html.disableProperty().bind(model.profileProperty().isNull().or(model.runningProperty()));
        html.setOnAction(event -> saveHtml.accept(baseName() + "-profile.html"));
        var json = new Button("Export JSON…");
        json.setId("export-json");
        json.disableProperty().bind(html.disableProperty());
        json.setOnAction(event -> saveJson.accept(baseName() + "-profile.json"));
        var header = new HBox(12, name, status, bar, cancel, spacer(), html, json);
        header.setAlignment(Pos.CENTER_LEFT);
        var problem = new Label();
        problem.setId("data-error");
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.textProperty().bind(model.errorProperty());
        problem.visibleProperty().bind(model.errorProperty().isNotNull());
        problem.managedProperty().bind(problem.visibleProperty());

        var na = new TextField();
        na.setId("na-tokens");
        na.setPromptText("e.g. NA, NULL");
        na.setPrefColumnCount(14);
        na.setOnAction(event -> model.setNaTokens(na.getText()));
        model.naTokens().addListener((javafx.collections.ListChangeListener<String>) change -> na.setText(String.join(", ", model.naTokens())));
        na.setTooltip(new Tooltip("Values that mean missing, besides empty fields. Press Enter to profile again."));
        targetBox.setId("target");
        targetBox.setPromptText("none");
        targetBox.setOnAction(event -> {
            if (!updatingTarget) {
                String chosen = targetBox.getValue();
                model.setTarget(chosen == null || chosen.equals("(none)") ? null : chosen);
            }
        });
        var settings = new HBox(8, new Label("Missing also:"), na, new Label("Target:"), targetBox);
        settings.setAlignment(Pos.CENTER_LEFT);

        overview.setId("data-overview");
        for (String[] tile : new String[][] {{"Rows", "overview-rows"}, {"Columns", "overview-columns"}, {"Missing cells", "overview-missing"},
            {"Duplicate rows", "overview-duplicates"}, {"Size", "overview-size"}, {"Alerts", "overview-alerts"}}) {
            overview.getChildren().add(newTile(tile[0], "–", tile[1]));
        }
        columnList.setId("column-list");
        columnList.setCellFactory(list -> new ColumnCell());
        columnList.getSelectionModel().selectedItemProperty().addListener((observable, before, column) -> {
            if (column != null && column != model.selectedColumnProperty().get()) {
                model.selectedColumnProperty().set(column);
            }
        });
        columnList.setPrefWidth(330);
        columnList.setMinWidth(240);

        alertList.setId("alert-list");
        alertList.setPlaceholder(new Label("No alerts"));
        alertList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(DatasetProfile.Alert alert, boolean empty) {
                super.updateItem(alert, empty);
                if (empty || alert == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                var type = new Label(alert.type().name());
                type.getStyleClass().add(io.pipewright.ui.common.Styles.TAG);
                type.setMinWidth(Region.USE_PREF_SIZE);
                var message = new Label(alert.message());
                message.setWrapText(true);
                var row = new HBox(8, type, message);
                row.setAlignment(Pos.CENTER_LEFT);
                setGraphic(row);
            }
        });
        alertList.getSelectionModel().selectedItemProperty().addListener((observable, before, alert) -> {
            DatasetProfile profile = model.profileProperty().get();
            if (alert != null && alert.column() != null && profile != null) {
                profile.columns().stream().filter(column -> column.name().equals(alert.column())).findFirst().ifPresent(column -> {
                    model.selectedColumnProperty().set(column);
                    tabs.getSelectionModel().select(0);
                });
            }
        });

        var detailScroll = new ScrollPane(detail);
        detailScroll.setFitToWidth(true);
        detail.setPadding(new Insets(12));
        detail.setId("column-detail");
        var correlations = new VBox(8, heatmapNote, heatmap);
        correlations.setPadding(new Insets(12));
        var correlationScroll = new ScrollPane(correlations);
        preview.setId("preview-table");
        preview.setPlaceholder(new Label("No rows"));
        tabs.getTabs().addAll(tab("Column", detailScroll), tab("Alerts", alertList), tab("Correlations", correlationScroll),
                tab("Preview", preview));
        tabs.setId("data-tabs");

        var split = new SplitPane(columnList, tabs);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.3);
        VBox.setVgrow(split, Priority.ALWAYS);
        var box = new VBox(12, header, problem, settings, overview, split);
        box.setPadding(new Insets(16, 20, 12, 20));
        return box;
    }

    private static Tab tab(String title, Node content) {
        var tab = new Tab(title, content);
        tab.setClosable(false);
        tab.setId("tab-" + title.toLowerCase(Locale.ROOT));
        return tab;
    }

    private String baseName() {
        Path file = model.fileProperty().get();
        String name = file == null ? "dataset" : file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static Region spacer() {
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }

    private Color textColour() {
        return textColour.getTextFill() instanceof Color colour ? colour : Color.GRAY;
    }

    /**
     * Lays out a made-up profile in the hidden workspace, a step per pulse, and clears it again (see
     * {@link WarmUpProfile}). A real profile that arrives first drops the steps not yet run.
     */
    private void warmUp() {
        DatasetProfile sample = WarmUpProfile.create();
        steps.add(() -> showOverview(sample));
        steps.add(() -> columnList.getItems().setAll(sample.columns()));
        steps.add(() -> alertList.getItems().setAll(sample.alerts()));
        steps.add(() -> drawHeatmap(sample));
        steps.add(() -> buildDetail(sample.columns().get(0)));
        steps.add(() -> buildDetail(sample.columns().get(1)));
        steps.add(() -> {
            // rendered once off screen (within this step, so never on screen): the first frame that shows
            // the workspace then finds the glyphs and the paint code ready
            content.visibleProperty().unbind();
            content.setVisible(true);
            content.snapshot(null, null);
            content.visibleProperty().bind(model.fileProperty().isNotNull());
        });
        steps.add(() -> {
            detail.getChildren().clear();
            columnList.getItems().clear();
            alertList.getItems().clear();
            resetOverview();
            heatmapNote.setText("");
            heatmap.getGraphicsContext2D().clearRect(0, 0, heatmap.getWidth(), heatmap.getHeight());
            if (model.profileProperty().get() == null) {
                targetBox.getItems().clear();
            }
        });
    }

    /**
     * Shows a profile in four pulses (overview, column list, alerts, correlations), each with its own
     * CSS and layout pass: the first profile of a file makes all their cells at once, which in one
     * pulse held the FX thread for a third of a second while the profiler kept the cores busy.
     */
    private void showProfile(DatasetProfile profile) {
        steps.clear();
        if (profile == null) {
            columnList.getItems().clear();
            alertList.getItems().clear();
            resetOverview();
            return;
        }
        steps.add(() -> showOverview(profile));
        steps.add(() -> showColumns(profile));
        steps.add(() -> {
            alertList.getItems().setAll(profile.alerts());
            tabs.getTabs().get(1).setText("Alerts (" + profile.alerts().size() + ")");
        });
        steps.add(() -> {
            if (profile.complete() || correlationsShown) {
                drawHeatmap(profile);
                correlationsShown = profile.complete();
            }
        });
    }

    private void showOverview(DatasetProfile profile) {
        // tiles are made once and then only relabelled: new nodes would cost a CSS pass each update
        tile("Rows", String.format(Locale.US, "%,d", profile.rows()), "overview-rows");
        tile("Columns", Integer.toString(profile.columns().size()), "overview-columns");
        tile("Missing cells", String.format(Locale.US, "%,d", profile.missingCells()), "overview-missing");
        tile("Duplicate rows", (profile.duplicateRowsExact() ? "" : "≈ ") + String.format(Locale.US, "%,d", profile.duplicateRows()),
                "overview-duplicates");
        tile("Size", ByteSizes.human(profile.source().bytes()) + " · " + profile.source().format(), "overview-size");
        tile("Alerts", Integer.toString(profile.alerts().size()), "overview-alerts");
        var names = new ArrayList<String>();
        names.add("(none)");
        profile.columns().forEach(column -> names.add(column.name()));
        if (!names.equals(targetBox.getItems())) {
            updatingTarget = true;
            targetBox.getItems().setAll(names);
            targetBox.setValue(model.targetProperty().get() == null ? "(none)" : model.targetProperty().get());
            updatingTarget = false;
        }
    }

    private void showColumns(DatasetProfile profile) {
        ColumnProfile selected = model.selectedColumnProperty().get();
        List<ColumnProfile> columns = profile.columns();
        if (columnList.getItems().isEmpty() && columns.size() > COLUMNS_PER_PULSE) {
            // a first fill makes the cells: a few per pulse
            columnList.getItems().setAll(columns.subList(0, COLUMNS_PER_PULSE));
            steps.addNext(() -> showColumns(profile));
            return;
        }
        columnList.getItems().setAll(columns);
        if (selected != null) {
            profile.columns().stream().filter(column -> column.name().equals(selected.name())).findFirst()
                    .ifPresent(column -> columnList.getSelectionModel().select(column));
        }
    }

    private boolean correlationsShown = true;

    private void resetOverview() {
        tiles.values().forEach(label -> label.setText("–"));
    }

    private void tile(String label, String value, String id) {
        Label existing = tiles.get(id);
        if (existing != null) {
            existing.setText(value);
            return;
        }
        overview.getChildren().add(newTile(label, value, id));
    }

    private Node newTile(String label, String value, String id) {
        var caption = new Label(label);
        caption.getStyleClass().addAll(io.pipewright.ui.common.Styles.MUTED, Styles.TEXT_SMALL);
        var number = new Label(value);
        number.setId(id);
        tiles.put(id, number);
        number.getStyleClass().add(Styles.TITLE_4);
        var tile = new VBox(2, caption, number);
        tile.getStyleClass().add(io.pipewright.ui.common.Styles.CARD);
        tile.setMinWidth(130);
        return tile;
    }

    private void drawHeatmap(DatasetProfile profile) {
        var correlations = profile.correlations();
        if (correlations == null || correlations.columns().size() < 2) {
            heatmapNote.setText(profile.complete() ? "Fewer than two numeric columns: no correlation matrix." : "Correlations appear when the profile is complete.");
            heatmap.getGraphicsContext2D().clearRect(0, 0, heatmap.getWidth(), heatmap.getHeight());
            return;
        }
        heatmapNote.setText(String.format(Locale.US, "Pearson correlation of %d numeric columns, on a sample of %,d rows. Blue: positive, red: negative.",
                correlations.columns().size(), profile.sampleRows()));
        Charts.heatmap(heatmap, correlations.columns(), correlations.matrix(), textColour());
    }

    private void redraw() {
        DatasetProfile profile = model.profileProperty().get();
        if (profile != null) {
            drawHeatmap(profile);
        }
        shownColumn = null;
        showColumn(model.selectedColumnProperty().get());
        columnList.refresh();
    }

    private void showColumn(ColumnProfile column) {
        DatasetProfile profile = model.profileProperty().get();
        boolean complete = profile != null && profile.complete();
        if (column != null && column.name().equals(shownColumn) && !complete && !shownComplete && !detail.getChildren().isEmpty()) {
            return; // a partial update of the column shown: wait for the complete profile rather than rebuild twice a second
        }
        shownColumn = column == null ? null : column.name();
        shownComplete = complete;
        detail.getChildren().clear();
        if (column == null) {
            return;
        }
        if (columnList.getSelectionModel().getSelectedItem() != column) {
            columnList.getSelectionModel().select(column);
        }
        buildDetail(column);
    }

    private void buildDetail(ColumnProfile column) {
        // the heading is made once and refilled: a new ComboBox each time cost a skin and a popup
        detailName.setText(column.name());
        detailColumn = column;
        detail.getChildren().clear();
        updatingDetailType = true;
        detailType.setValue(column.type());
        updatingDetailType = false;
        detail.getChildren().add(detailHeading);
        if (column.inferredType() != null) {
            var inferred = new Label("Set by you; the data alone looks " + column.inferredType() + ".");
            inferred.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            detail.getChildren().add(inferred);
        }
        if (column.naSuggestions() != null) {
            var suggestions = new FlowPane(8, 8);
            suggestions.getChildren().add(new Label("Looks like a missing-value marker:"));
            for (String token : column.naSuggestions()) {
                var button = new Button("Treat '" + token + "' as missing");
                button.getStyleClass().add(Styles.SMALL);
                button.setId("na-suggestion-" + token.replaceAll("[^A-Za-z0-9]", "_"));
                button.setOnAction(event -> model.addNaToken(token));
                suggestions.getChildren().add(button);
            }
            detail.getChildren().add(suggestions);
        }
        var charts = new VBox(8);
        Color text = textColour();
        if (column.histogram() != null && column.histogram().counts().length > 1) {
            var canvas = new Canvas(420, 170);
            canvas.setId("detail-histogram");
            Charts.histogram(canvas, column.histogram(), text);
            charts.getChildren().addAll(sectionTitle("Distribution"), canvas);
        }
        boolean allDistinct = column.top() != null && column.top().stream().allMatch(value -> value.count() == 1);
        if (allDistinct) {
            var note = new Label("Every value occurs once: there are no frequent values to show.");
            note.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            charts.getChildren().add(note);
        } else if (column.top() != null && !column.top().isEmpty()) {
            var canvas = new Canvas(420, column.top().size() * 20 + 4);
            canvas.setId("detail-top");
            Charts.topValues(canvas, column.top(), text);
            charts.getChildren().addAll(sectionTitle("Most frequent values"), canvas);
        }
        var body = new FlowPane(32, 16, statistics(column), charts);
        body.prefWrapLengthProperty().bind(detail.widthProperty().subtract(24));
        detail.getChildren().add(body);
    }

    private static Label sectionTitle(String text) {
        var label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_BOLD);
        return label;
    }

    private GridPane statistics(ColumnProfile column) {
        var grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(4);
        grid.setId("detail-statistics");
        var rows = new ArrayList<String[]>();
        long total = column.count() + column.missing();
        rows.add(new String[] {"Count", String.format(Locale.US, "%,d", column.count())});
        rows.add(new String[] {"Missing", String.format(Locale.US, "%,d (%.1f %%)", column.missing(), total == 0 ? 0.0 : 100.0 * column.missing() / total)});
        rows.add(new String[] {"Distinct", (column.distinctExact() ? "" : "≈ ") + String.format(Locale.US, "%,d", column.distinct())});
        add(rows, "Min", column.min(), DataView::value);
        add(rows, "Max", column.max(), DataView::value);
        add(rows, "Mean", column.mean(), DataView::value);
        add(rows, "Std. deviation", column.stddev(), DataView::value);
        if (column.quantiles() != null) {
            var q = column.quantiles();
            rows.add(new String[] {"Quantiles 5/25/50/75/95 %", number(q.p05()) + " / " + number(q.p25()) + " / " + number(q.p50()) + " / "
                    + number(q.p75()) + " / " + number(q.p95())});
        }
        add(rows, "Skewness", column.skewness(), DataView::value);
        add(rows, "Kurtosis", column.kurtosis(), DataView::value);
        add(rows, "Zeros", column.zeros(), DataView::value);
        add(rows, "Negatives", column.negatives(), DataView::value);
        add(rows, "Infinite", column.infinite(), DataView::value);
        add(rows, "True", column.trueCount(), DataView::value);
        add(rows, "False", column.falseCount(), DataView::value);
        add(rows, "Date format", column.dateFormat(), DataView::value);
        if (column.length() != null) {
            rows.add(new String[] {"Length min / mean / max", String.format(Locale.US, "%d / %.1f / %d", column.length().min(),
                    column.length().mean(), column.length().max())});
        }
        if (column.invalid() != null) {
            rows.add(new String[] {"Not " + column.type(), String.format(Locale.US, "%,d, first %s", column.invalid(), column.invalidExample())});
        }
        for (int i = 0; i < rows.size(); i++) {
            var label = new Label(rows.get(i)[0]);
            label.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            var value = new Label(rows.get(i)[1]);
            value.setId("stat-" + rows.get(i)[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
            grid.addRow(i, label, value);
        }
        return grid;
    }

    private static <T> void add(java.util.List<String[]> rows, String label, T value, Function<Object, String> format) {
        if (value != null) {
            rows.add(new String[] {label, format.apply(value)});
        }
    }

    static String value(Object value) {
        if (value instanceof Double number) {
            return number(number);
        }
        if (value instanceof Long number) {
            return String.format(Locale.US, "%,d", number);
        }
        return String.valueOf(value);
    }

    static String number(double value) {
        return NumberText.of(value);
    }

    private boolean previewStale;

    private void refreshPreview() {
        Tab selected = tabs.getSelectionModel().getSelectedItem();
        if (!previewStale || selected == null || selected.getContent() != preview) {
            return;
        }
        previewStale = false;
        rebuildPreviewColumns();
        preview.getItems().setAll(model.previewRows());
    }

    private void rebuildPreviewColumns() {
        preview.getColumns().clear();
        var names = new ArrayList<>(model.previewColumns());
        for (int c = 0; c < names.size(); c++) {
            int index = c;
            var column = new TableColumn<String[], String>(names.get(c));
            column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(index < cell.getValue().length && cell.getValue()[index] != null
                    ? cell.getValue()[index] : ""));
            // never the default 80: a column at its default width is measured against its rows when shown
            column.setPrefWidth(Math.max(90, Math.min(220, names.get(c).length() * 9 + 24)));
            preview.getColumns().add(column);
        }
    }

    /** A column in the list: type badge, name, missing share and a sparkline. */
    private final class ColumnCell extends ListCell<ColumnProfile> {
        private final Label badge = new Label();
        private final Tooltip badgeTip = new Tooltip(); // one per cell: a tooltip is a window, costly to make on every update
        private final Label name = new Label();
        private final Label facts = new Label();
        private final Canvas sparkline = new Canvas(80, 24);
        private final HBox row;

        ColumnCell() {
            badge.getStyleClass().add(io.pipewright.ui.common.Styles.TAG);
            if (System.getProperty("NOTIP") == null) badge.setTooltip(badgeTip);
            badge.setMinWidth(44);
            badge.setPrefWidth(44);
            badge.setAlignment(Pos.CENTER);
            setPrefWidth(0); // fit the list's width instead of widening it
            name.getStyleClass().add(Styles.TEXT_BOLD);
            facts.getStyleClass().addAll(io.pipewright.ui.common.Styles.MUTED, Styles.TEXT_SMALL);
            var text = new VBox(1, name, facts);
            HBox.setHgrow(text, Priority.ALWAYS);
            text.setMinWidth(0);
            name.setMinWidth(0);
            facts.setMinWidth(0);
            row = new HBox(8, badge, text, sparkline);
            row.setAlignment(Pos.CENTER_LEFT);
            // as wide as the list, so long names are cut rather than scrolled
            row.prefWidthProperty().bind(columnList.widthProperty().subtract(28));
            row.maxWidthProperty().bind(row.prefWidthProperty());
            row.setMinWidth(0);
        }

        @Override
        protected void updateItem(ColumnProfile column, boolean empty) {
            super.updateItem(column, empty);
            if (empty || column == null) {
                setGraphic(null);
                return;
            }
            badge.setText(badge(column.type()));
            badgeTip.setText(column.type());
            name.setText(column.name());
            long total = column.count() + column.missing();
            facts.setText(String.format(Locale.US, "%s · %.1f %% missing · %s%,d distinct", column.type(),
                    total == 0 ? 0.0 : 100.0 * column.missing() / total, column.distinctExact() ? "" : "≈ ", column.distinct()));
            Charts.sparkline(sparkline, column);
            setGraphic(row);
        }
    }

    static String badge(String type) {
        return switch (type) {
            case "numeric" -> "123";
            case "boolean" -> "T/F";
            case "datetime" -> "DATE";
            case "categorical" -> "ABC";
            case "text" -> "TXT";
            case "identifier" -> "ID";
            default -> "?";
        };
    }
}
