package io.pipewright.ui.experiments;

import atlantafx.base.theme.Styles;
import io.pipewright.track.RunPages;
import io.pipewright.track.RunPages.Column;
import io.pipewright.track.Runs;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Experiments workspace: experiments on the left; a runs table whose rows are read a page at a
 * time as they scroll into view, with chosen columns, a filter and sorting done by the store; and
 * tabs for comparisons and run details opened from it.
 */
public final class ExperimentsView extends BorderPane {
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final ExperimentsViewModel model;
    private final ListView<RunPages.Experiment> experimentList = new ListView<>();
    private final TableView<LazyRunList.Item> table = new TableView<>();
    private final TabPane tabs = new TabPane();
    private final MenuButton columnsButton = new MenuButton("Columns");
    private final Button compareButton = new Button("Compare");
    private final Button detailButton = new Button("Open run");
    private final Consumer<List<RunPages.Row>> compare;
    private final Consumer<String> openRun;
    private final Function<Column, Long> askStep;
    private boolean updatingSort;

    /**
     * @param compare opens a comparison of the rows given
     * @param openRun opens a run's detail by key
     * @param askStep asks which step a "metric at step" column shows (null when cancelled)
     */
    public ExperimentsView(ExperimentsViewModel model, Consumer<List<RunPages.Row>> compare, Consumer<String> openRun, Function<Column, Long> askStep) {
        this.model = model;
        this.compare = compare;
        this.openRun = openRun;
        this.askStep = askStep;
        setId("experiments-view");

        var experimentsTitle = new Label("Experiments");
        experimentsTitle.getStyleClass().addAll(Styles.TITLE_4, io.pipewright.ui.common.Styles.SECTION_TITLE);
        experimentList.setId("experiment-list");
        experimentList.setItems(model.experiments());
        experimentList.setCellFactory(list -> new ExperimentCell());
        experimentList.getSelectionModel().selectedItemProperty().addListener((o, old, selected) -> {
            if (selected != null && !selected.name().equals(model.experimentProperty().get())) {
                model.selectExperiment(selected.name());
            }
        });
        Runnable selectCurrent = () -> model.experiments().stream().filter(e -> e.name().equals(model.experimentProperty().get())).findFirst()
                .ifPresent(e -> experimentList.getSelectionModel().select(e));
        model.experimentProperty().addListener((o, old, name) -> selectCurrent.run());
        // setAll clears the list's selection even when the chosen experiment is still there
        model.experiments().addListener((ListChangeListener<RunPages.Experiment>) change -> selectCurrent.run());
        VBox.setVgrow(experimentList, Priority.ALWAYS);
        var left = new VBox(8, experimentsTitle, experimentList);
        left.setPadding(new Insets(12));
        left.setMinWidth(180);

        var runsTab = new Tab("Runs", runsPane());
        runsTab.setClosable(false);
        runsTab.setId("tab-runs");
        tabs.getTabs().add(runsTab);
        tabs.setId("experiment-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);

        var split = new SplitPane(left, tabs);
        split.setDividerPositions(0.18);
        SplitPane.setResizableWithParent(left, false);
        setCenter(split);
    }

    private VBox runsPane() {
        var filter = new TextField();
        filter.setId("run-filter");
        filter.setPromptText("Filter, e.g. metrics.eval.roc_auc > 0.85 and params.train.algorithm = 'xgboost'");
        HBox.setHgrow(filter, Priority.ALWAYS);
        filter.setOnAction(event -> model.setFilter(filter.getText()));
        var apply = new Button("Apply");
        apply.setOnAction(event -> model.setFilter(filter.getText()));
        var filterError = new Label();
        filterError.setId("filter-error");
        filterError.getStyleClass().add(Styles.DANGER);
        filterError.textProperty().bind(model.filterErrorProperty());
        filterError.visibleProperty().bind(model.filterErrorProperty().isNotNull());
        filterError.managedProperty().bind(filterError.visibleProperty());
        filter.pseudoClassStateChanged(Styles.STATE_DANGER, false);
        model.filterErrorProperty().addListener((o, old, error) -> filter.pseudoClassStateChanged(Styles.STATE_DANGER, error != null));

        columnsButton.setId("columns-button");
        columnsButton.setOnShowing(event -> fillColumnsMenu());
        columnsButton.getItems().add(new MenuItem("…"));

        compareButton.setId("compare-button");
        compareButton.getStyleClass().add(Styles.ACCENT);
        compareButton.setDisable(true);
        compareButton.setOnAction(event -> compareSelected());
        detailButton.setId("open-run-button");
        detailButton.setDisable(true);
        detailButton.setOnAction(event -> openSelected());
        var count = new Label();
        count.setId("run-count");
        count.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        model.matchingProperty().addListener((o, old, n) -> count.setText(n.longValue() < 0 ? "Counting runs…"
                : String.format(Locale.ROOT, "%,d runs", n.longValue())));

        var reload = new Button("Refresh");
        reload.setId("reload-button");
        reload.setTooltip(new Tooltip("Read the experiments and runs again"));
        reload.setOnAction(event -> model.reload());
        var bar = new HBox(8, filter, apply, columnsButton, compareButton, detailButton, reload, count);
        bar.setAlignment(Pos.CENTER_LEFT);

        var message = new Label();
        message.setId("experiments-message");
        message.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.setWrapText(true);

        table.setId("runs-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("No runs to show."));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setFixedCellSize(26);
        table.getSelectionModel().getSelectedIndices().addListener((ListChangeListener<Integer>) change -> {
            int selected = table.getSelectionModel().getSelectedIndices().size();
            compareButton.setDisable(selected < 2);
            compareButton.setText(selected < 2 ? "Compare" : "Compare " + selected);
            detailButton.setDisable(selected != 1);
        });
        table.setRowFactory(view -> {
            var row = new TableRow<LazyRunList.Item>() {
                @Override
                protected javafx.scene.control.Skin<?> createDefaultSkin() {
                    return new RunRowSkin(this);
                }
            };
            row.setOnMouseClicked(event -> {
                if (event.getClickCount() == 2 && !row.isEmpty() && row.getItem().row() != null) {
                    openRun.accept(row.getItem().row().run().key());
                }
            });
            return row;
        });
        table.setSortPolicy(view -> {
            if (!updatingSort) {
                var order = view.getSortOrder();
                if (order.isEmpty()) {
                    model.sortBy(null, false);
                } else {
                    var first = order.get(0);
                    model.sortBy((Column) first.getUserData(), first.getSortType() == TableColumn.SortType.ASCENDING);
                }
            }
            return true;
        });
        model.rowsProperty().addListener((o, old, rows) -> {
            table.getSelectionModel().clearSelection();
            table.setItems(rows);
        });
        model.columns().addListener((ListChangeListener<Column>) change -> rebuildColumns());
        rebuildColumns();
        VBox.setVgrow(table, Priority.ALWAYS);

        var pane = new VBox(8, bar, filterError, message, table);
        pane.setPadding(new Insets(12));
        return pane;
    }

    private void rebuildColumns() {
        updatingSort = true;
        try {
            var columns = new ArrayList<TableColumn<LazyRunList.Item, String>>();
            columns.add(fixed("Run", 215, run -> run.key()));
            columns.add(fixed("Status", 90, Runs.Run::status));
            var started = fixed("Started", 165, run -> STARTED.format(run.startedAt()));
            started.setSortable(true);
            started.setUserData(null);
            columns.add(started);
            columns.add(fixed("Duration", 90, run -> duration(run.startedAt(), run.endedAt())));
            for (Column column : model.columns()) {
                var tableColumn = new TableColumn<LazyRunList.Item, String>(column.label());
                tableColumn.setUserData(column);
                // a header is shown whole (params.train.hyperparameters.colsample_bytree); the table scrolls sideways
                tableColumn.setPrefWidth(Math.max(110, io.pipewright.ui.common.FittedColumns.headerWidth(table, column.label())));
                Function<LazyRunList.Item, String> text = item -> item.row() == null ? "…" : format(item.row().values().get(column));
                tableColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
                RunRowSkin.text(tableColumn, text, column.kind() == Column.Kind.METRIC);
                tableColumn.setComparator((a, b) -> 0);
                tableColumn.setSortable(column.aggregate() != Column.Aggregate.AT_STEP);
                columns.add(tableColumn);
            }
            table.getSortOrder().clear();
            table.getColumns().setAll(columns);
            Column sortBy = model.sortByProperty().get();
            for (var tableColumn : columns) {
                if (tableColumn.isSortable() && java.util.Objects.equals(tableColumn.getUserData(), sortBy)
                        && (sortBy != null || tableColumn.getText().equals("Started"))) {
                    tableColumn.setSortType(model.ascending() ? TableColumn.SortType.ASCENDING : TableColumn.SortType.DESCENDING);
                    table.getSortOrder().add(tableColumn);
                }
            }
        } finally {
            updatingSort = false;
        }
    }

    private static TableColumn<LazyRunList.Item, String> fixed(String title, double width, Function<Runs.Run, String> value) {
        var column = new TableColumn<LazyRunList.Item, String>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        Function<LazyRunList.Item, String> text = item -> item.row() == null ? "…" : value.apply(item.row().run());
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        RunRowSkin.text(column, text, false);
        column.setComparator((a, b) -> 0);
        return column;
    }

    static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double number) {
            return io.pipewright.work.NumberText.precise(number);
        }
        return value.toString();
    }

    static String duration(Instant started, Instant ended) {
        if (ended == null) {
            return "";
        }
        Duration took = Duration.between(started, ended);
        long seconds = took.toSeconds();
        if (seconds < 1) {
            return took.toMillis() + " ms";
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
        }
        return seconds / 60 + " min " + seconds % 60 + " s";
    }

    /** The columns menu, built when it opens: every key the experiment's runs have, the chosen ones checked. */
    private void fillColumnsMenu() {
        RunPages.Keys keys = model.keysProperty().get();
        var chosen = new ArrayList<>(model.columns());
        var params = new Menu("Params");
        for (String key : keys.params()) {
            params.getItems().add(toggle(key, Column.param(key), chosen));
        }
        var metrics = new Menu("Metrics");
        for (String key : keys.metrics()) {
            var menu = new Menu(key);
            menu.getItems().addAll(toggle("Last value", Column.metric(key, Column.Aggregate.LAST), chosen),
                    toggle("Minimum", Column.metric(key, Column.Aggregate.MIN), chosen),
                    toggle("Maximum", Column.metric(key, Column.Aggregate.MAX), chosen));
            var atStep = new MenuItem("At step…");
            atStep.setOnAction(event -> {
                Long step = askStep.apply(Column.metric(key, Column.Aggregate.LAST));
                if (step != null) {
                    chosen.add(Column.metricAt(key, step));
                    model.setColumns(chosen);
                }
            });
            menu.getItems().add(atStep);
            chosen.stream().filter(c -> c.key().equals(key) && c.aggregate() == Column.Aggregate.AT_STEP)
                    .forEach(c -> menu.getItems().add(toggle("At step " + c.step(), c, chosen)));
            metrics.getItems().add(menu);
        }
        var tags = new Menu("Tags");
        for (String key : keys.tags()) {
            tags.getItems().add(toggle(key, Column.tag(key), chosen));
        }
        var reset = new MenuItem("Default columns");
        reset.setOnAction(event -> model.setColumns(ExperimentsViewModel.defaultColumns(keys)));
        params.setDisable(keys.params().isEmpty());
        metrics.setDisable(keys.metrics().isEmpty());
        tags.setDisable(keys.tags().isEmpty());
        columnsButton.getItems().setAll(params, metrics, tags, new SeparatorMenuItem(), reset);
    }

    private CheckMenuItem toggle(String text, Column column, List<Column> chosen) {
        var item = new CheckMenuItem(text);
        item.setSelected(chosen.contains(column));
        item.setOnAction(event -> {
            var next = new ArrayList<>(model.columns());
            if (item.isSelected()) {
                next.add(column);
            } else {
                next.remove(column);
            }
            model.setColumns(next);
        });
        return item;
    }

    private void compareSelected() {
        var indices = List.copyOf(table.getSelectionModel().getSelectedIndices());
        model.runsAt(indices.stream().sorted().toList(), rows -> {
            if (rows.size() >= 2) {
                compare.accept(rows);
            }
        });
    }

    /** The selected item may be the placeholder it was when selected: the row is looked up by index. */
    private void openSelected() {
        int index = table.getSelectionModel().getSelectedIndex();
        if (index >= 0) {
            model.runsAt(List.of(index), rows -> rows.stream().findFirst().ifPresent(row -> openRun.accept(row.run().key())));
        }
    }

    /** Whether a tab with this id is open; if so, it is shown. */
    public boolean showTab(String id) {
        for (Tab tab : tabs.getTabs()) {
            if (id.equals(tab.getId())) {
                tabs.getSelectionModel().select(tab);
                return true;
            }
        }
        return false;
    }

    /** Adds a closable tab and shows it. */
    public void addTab(String id, String title, javafx.scene.Node content) {
        var tab = new Tab(title, content);
        tab.setId(id);
        tab.setTooltip(new Tooltip(title));
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
    }

    public TableView<LazyRunList.Item> table() {
        return table;
    }

    private static final class ExperimentCell extends ListCell<RunPages.Experiment> {
        @Override
        protected void updateItem(RunPages.Experiment item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            var name = new Label(item.name());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            var runs = new Label(String.format(Locale.ROOT, "%,d runs", item.runs()));
            runs.getStyleClass().addAll(io.pipewright.ui.common.Styles.MUTED, Styles.TEXT_SMALL);
            var box = new VBox(2, name, runs);
            box.setMinWidth(Region.USE_PREF_SIZE);
            setText(null);
            setGraphic(box);
        }
    }
}
