package io.pipewright.ui.data;

import atlantafx.base.theme.Styles;
import io.pipewright.profile.ColumnProfile;
import io.pipewright.profile.DatasetProfile;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.PulseSteps;
import io.pipewright.work.ByteSizes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
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
    private final ColumnDetailPane detail;
    private final ScrollPane detailScroll = new ScrollPane();
    private final CorrelationHeatmap heatmap = new CorrelationHeatmap();
    private final Label heatmapNote = new Label();
    private final TargetAssociationsPane targetPane = new TargetAssociationsPane();
    private final Label problem = new Label();
    private final Tab targetTab;
    private final TableView<String[]> preview = new TableView<>();
    private final TabPane tabs = new TabPane();
    // searchable: a wide table has hundreds of columns to choose the target from
    private final io.pipewright.ui.common.ThemedSearchableComboBox<String> targetBox = new io.pipewright.ui.common.ThemedSearchableComboBox<>();
    private boolean updatingTarget;
    private final PulseSteps steps = new PulseSteps();
    private static final int COLUMNS_PER_PULSE = 3;
    /** A first fill of the column list is under way, a few cells per pulse. */
    private boolean fillingColumns;
    /** The alerts of the profile shown: the list takes them when its tab is shown (see {@link #refreshAlerts}). */
    private List<DatasetProfile.Alert> alerts = List.of();
    private boolean warmedUp;
    private Node content;

    public DataView(DataViewModel model, Runnable openDialog, Consumer<String> saveHtml, Consumer<String> saveJson) {
        this.model = model;
        setId("data-view");
        textColour.getStyleClass().add("chart-text-colour");
        textColour.setManaged(false);
        textColour.setVisible(false);

        detail = new ColumnDetailPane(model, this::textColour, javafx.beans.binding.Bindings.createDoubleBinding(
                () -> detailScroll.getViewportBounds().getWidth(), detailScroll.viewportBoundsProperty()));
        targetTab = tab("Target", targetPane);

        var empty = emptyState(openDialog);
        content = content(openDialog, saveHtml, saveJson);
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

        // invalidation listeners, not change listeners: a change listener makes the property compare the new
        // profile with the old one, and a record's equals walks its components (linking record equality for
        // every record in a profile the first time, on the FX thread, while the profiler holds the cores)
        model.profileProperty().addListener((javafx.beans.InvalidationListener) observable -> showProfile(model.profileProperty().get()));
        // the column's details are built in a pulse of their own, after the list's
        model.selectedColumnProperty().addListener((javafx.beans.InvalidationListener) observable -> {
            model.selectedColumnProperty().get(); // valid again, so that the next change is heard too
            steps.add(() -> showColumn(model.selectedColumnProperty().get()));
        });
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
        tabs.getSelectionModel().selectedItemProperty().addListener((observable, before, tab) -> {
            refreshPreview();
            refreshAlerts();
        });
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

    private Node content(Runnable openDialog, Consumer<String> saveHtml, Consumer<String> saveJson) {
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

        var na = new TextField();
        na.setId("na-tokens");
        na.setPromptText("e.g. NA, NULL");
        na.setPrefColumnCount(14);
        na.setOnAction(event -> model.setNaTokens(na.getText()));
        model.naTokens().addListener((javafx.collections.ListChangeListener<String>) change -> na.setText(String.join(", ", model.naTokens())));
        na.setTooltip(new Tooltip("Values that mean missing, besides empty fields. Press Enter to profile again."));
        targetBox.setId("target");
        targetBox.setPromptText("none");
        targetBox.setVisibleRowCount(16);
        targetBox.setOnPick(chosen -> {
            if (!updatingTarget) {
                model.setTarget(chosen == null || chosen.equals("(none)") ? null : chosen);
                if (model.targetProperty().get() != null) {
                    tabs.getSelectionModel().select(targetTab); // where the choice shows its result
                }
            }
        });
        targetBox.setTooltip(new Tooltip("The column to predict: the Target tab shows how strongly every other column goes with it"));
        var settings = new HBox(8, new Label("Missing also:"), na, new Label("Target:"), targetBox);
        settings.setAlignment(Pos.CENTER_LEFT);
        // a file that could not be read has no columns to set a target or types for
        settings.disableProperty().bind(model.profileProperty().isNull());

        overview.setId("data-overview");
        for (String[] tile : new String[][] {{"Rows", "overview-rows"}, {"Columns", "overview-columns"}, {"Missing cells", "overview-missing"},
            {"Duplicate rows", "overview-duplicates"}, {"Size", "overview-size"}, {"Alerts", "overview-alerts"}}) {
            overview.getChildren().add(newTile(tile[0], "–", tile[1]));
        }
        columnList.setId("column-list");
        columnList.setCellFactory(list -> new ColumnListCell(columnList));
        columnList.getSelectionModel().selectedItemProperty().addListener((observable, before, column) -> {
            if (column != null && column != model.selectedColumnProperty().get()) {
                model.selectedColumnProperty().set(column);
            }
        });
        columnList.setPrefWidth(330);
        columnList.setMinWidth(200);
        SplitPane.setResizableWithParent(columnList, false);

        alertList.setId("alert-list");
        alertList.setPlaceholder(new Label("No alerts"));
        alertList.setCellFactory(list -> new AlertListCell());
        alertList.getSelectionModel().selectedItemProperty().addListener((observable, before, alert) -> {
            DatasetProfile profile = model.profileProperty().get();
            if (alert != null && alert.column() != null && profile != null) {
                profile.columns().stream().filter(column -> column.name().equals(alert.column())).findFirst().ifPresent(column -> {
                    model.selectedColumnProperty().set(column);
                    tabs.getSelectionModel().select(0);
                });
            }
        });

        detailScroll.setContent(detail);
        detailScroll.setFitToWidth(true);
        heatmapNote.setId("heatmap-note");
        heatmapNote.setWrapText(true);
        var correlations = new VBox(8, heatmapNote, heatmap);
        correlations.setPadding(new Insets(12));
        var correlationScroll = new ScrollPane(correlations);
        correlationScroll.setFitToWidth(true);
        heatmapNote.maxWidthProperty().bind(correlationScroll.widthProperty().subtract(40));
        javafx.beans.InvalidationListener room = observable -> heatmap.setRoom(correlationScroll.getViewportBounds().getWidth() - 24,
                correlationScroll.getViewportBounds().getHeight() - 24 - 8 - heatmapNote.getHeight());
        correlationScroll.viewportBoundsProperty().addListener(room);
        heatmapNote.heightProperty().addListener(room);
        preview.setId("preview-table");
        preview.setPlaceholder(new Label("No rows"));
        tabs.getTabs().addAll(tab("Column", detailScroll), tab("Alerts", alertList), tab("Correlations", correlationScroll),
                targetTab, tab("Preview", preview));
        tabs.setId("data-tabs");

        var split = new SplitPane(columnList, tabs);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.3);
        split.widthProperty().addListener((observable, before, width) -> fitColumnList(split));
        columnList.prefWidthProperty().addListener((observable, before, width) -> fitColumnList(split));
        var profileBody = new VBox(12, overview, split);
        VBox.setVgrow(split, Priority.ALWAYS);
        var failure = failureState(openDialog);
        // a file that could not be read shows why where its profile would be, and nothing of another file
        failure.visibleProperty().bind(model.errorProperty().isNotNull().and(model.profileProperty().isNull()));
        profileBody.visibleProperty().bind(failure.visibleProperty().not());
        var body = new StackPane(profileBody, failure);
        VBox.setVgrow(body, Priority.ALWAYS);
        var box = new VBox(12, header, settings, body);
        box.setPadding(new Insets(16, 20, 12, 20));
        return box;
    }

    private Node failureState(Runnable openDialog) {
        var title = new Label();
        title.setId("data-error-title");
        title.getStyleClass().add(Styles.TITLE_4);
        title.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.fileProperty().get() == null ? ""
                : "Could not profile " + model.fileProperty().get().getFileName(), model.fileProperty()));
        problem.setId("data-error");
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.setMaxWidth(640);
        problem.textProperty().bind(model.errorProperty());
        var open = new Button("Open another dataset…");
        open.setId("data-error-open");
        open.setOnAction(event -> openDialog.run());
        var box = new VBox(12, title, problem, open);
        box.setAlignment(Pos.TOP_LEFT);
        box.setPadding(new Insets(24, 0, 0, 0));
        box.setId("data-failure");
        return box;
    }

    /** The list as wide as its widest cell needs (see {@link ColumnListCell#width}), within 45 % of the split. */
    private void fitColumnList(SplitPane split) {
        double width = split.getWidth();
        if (width <= 0) {
            return;
        }
        double wanted = Math.min(columnList.getPrefWidth(), width * 0.45);
        split.setDividerPositions(wanted / width);
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
        steps.add(() -> detail.show(sample.columns().get(0), sample));
        steps.add(() -> detail.show(sample.columns().get(1), sample));
        steps.add(() -> targetPane.show(sample, true));
        steps.add(() -> {
            // rendered once off screen (within this step, so never on screen): the first frame that shows
            // the workspace then finds the glyphs and the paint code ready
            content.visibleProperty().unbind();
            content.setVisible(true);
            content.snapshot(null, null);
            content.visibleProperty().bind(model.fileProperty().isNotNull());
        });
        steps.add(() -> {
            // a record's equals is linked the first time it is called (a method handle per component): lists and
            // selections call it on the FX thread, and linking a profile's records took tens of milliseconds there
            // when the first partial profile arrived, with the profiler holding both cores
            sample.equals(WarmUpProfile.create()); // two equal samples: every record's equality is walked, so linked
        });
        steps.add(() -> {
            if (model.profileProperty().get() == null) {
                clearProfile();
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
            clearProfile();
            return;
        }
        steps.add(() -> showOverview(profile));
        steps.add(() -> showColumns(profile));
        steps.add(() -> {
            alerts = profile.alerts();
            tabs.getTabs().get(1).setText("Alerts (" + alerts.size() + ")");
            refreshAlerts();
        });
        steps.add(() -> {
            if (profile.complete() || correlationsShown) {
                drawHeatmap(profile);
                correlationsShown = profile.complete();
            }
            targetPane.show(profile, model.targetProperty().get() != null);
        });
    }

    /** Nothing of a profile stays: a new file is being read, or the file could not be read. */
    private void clearProfile() {
        detail.clear();
        shownColumn = null;
        columnList.getItems().clear();
        alerts = List.of();
        alertList.getItems().clear();
        tabs.getTabs().get(1).setText("Alerts");
        resetOverview();
        heatmapNote.setText("");
        heatmap.clear();
        correlationsShown = true;
        targetPane.show(null, model.targetProperty().get() != null);
        updatingTarget = true;
        targetBox.setItems(javafx.collections.FXCollections.observableArrayList()); // a new list: see ThemedSearchableComboBox
        targetBox.setValue(null);
        updatingTarget = false;
        preview.getItems().clear();
        preview.getColumns().clear();
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
            targetBox.setItems(javafx.collections.FXCollections.observableArrayList(names));
            targetBox.setValue(model.targetProperty().get() == null ? "(none)" : model.targetProperty().get());
            updatingTarget = false;
        }
    }

    private void showColumns(DatasetProfile profile) {
        ColumnProfile selected = model.selectedColumnProperty().get();
        List<ColumnProfile> columns = profile.columns();
        int shown = columnList.getItems().size();
        fillingColumns = fillingColumns ? shown < columns.size() : shown == 0 && columns.size() > COLUMNS_PER_PULSE;
        if (fillingColumns) {
            if (shown == 0) {
                // as wide as all the columns need from the first cells on, so none is drawn cut while the rest arrive
                columnList.setPrefWidth(ColumnListCell.width(columns, textColour.getFont()));
            }
            // a first fill makes and lays out the cells: a few more per pulse, each added (a refill would update them all again)
            columnList.getItems().addAll(columns.subList(shown, Math.min(columns.size(), shown + COLUMNS_PER_PULSE)));
            steps.addNext(() -> showColumns(profile));
            return;
        }
        if (!sameItems(columnList.getItems(), columns)) {
            columnList.getItems().setAll(columns);
        }
        columnList.setPrefWidth(ColumnListCell.width(columns, textColour.getFont()));
        if (selected != null) {
            profile.columns().stream().filter(column -> column.name().equals(selected.name())).findFirst()
                    .ifPresent(column -> columnList.getSelectionModel().select(column));
        }
    }

    /** The same objects in the same order: a profile's records are replaced whole, never changed, so identity says it. */
    private static boolean sameItems(List<?> shown, List<?> wanted) {
        if (shown.size() != wanted.size()) {
            return false;
        }
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i) != wanted.get(i)) {
                return false;
            }
        }
        return true;
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
            heatmapNote.setText(profile.complete() ? "Fewer than two numeric or yes/no columns: no correlation matrix."
                    : "Correlations appear when the profile is complete.");
            heatmap.clear();
            return;
        }
        heatmapNote.setText(String.format(Locale.US, "Pearson's r of %d numeric and yes/no columns (yes as 1, no as 0), on a sample of %,d rows. "
                + "Blue: they rise together; red: one falls as the other rises. Point at a cell for its pair.",
                correlations.columns().size(), profile.sampleRows()));
        heatmap.show(correlations.columns(), correlations.matrix(), textColour());
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
        if (column != null && column.name().equals(shownColumn) && !complete && !shownComplete && !detail.isEmpty()) {
            return; // a partial update of the column shown: wait for the complete profile rather than rebuild twice a second
        }
        shownColumn = column == null ? null : column.name();
        shownComplete = complete;
        detail.clear();
        if (column == null) {
            return;
        }
        if (columnList.getSelectionModel().getSelectedItem() != column) {
            columnList.getSelectionModel().select(column);
        }
        detail.show(column, profile);
    }

    private boolean previewStale;

    /**
     * The alert list is filled only while its tab shows: a partial profile brings its alerts about once a
     * second, and a hidden list that took them would make and lay out its cells on every one.
     */
    private void refreshAlerts() {
        Tab selected = tabs.getSelectionModel().getSelectedItem();
        if (selected != null && selected.getContent() == alertList && !sameItems(alertList.getItems(), alerts)) {
            alertList.getItems().setAll(alerts);
        }
    }

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
}
