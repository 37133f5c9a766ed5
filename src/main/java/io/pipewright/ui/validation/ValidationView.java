package io.pipewright.ui.validation;

import atlantafx.base.theme.Styles;
import io.pipewright.quality.ValidationReport;
import io.pipewright.ui.common.DialogService;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Validation view: a dataset, its suite edited in a form (columns on the left, the selected column's
 * expectations and the table's in the middle, each field with its problem beside it), and the report of the last
 * validation: a pass/fail banner, the expectations failing first, the examples (line, value) of the selected one.
 */
public final class ValidationView extends BorderPane {
    private final ValidationViewModel model;
    private final DialogService dialogs;
    private final javafx.beans.value.ObservableValue<java.nio.file.Path> offered;

    public ValidationView(ValidationViewModel model, DialogService dialogs) {
        this(model, dialogs, new javafx.beans.property.SimpleObjectProperty<>());
    }

    /** {@code offered}: the dataset open in the Data workspace (or null), offered while no dataset is chosen here. */
    public ValidationView(ValidationViewModel model, DialogService dialogs, javafx.beans.value.ObservableValue<java.nio.file.Path> offered) {
        this.model = model;
        this.dialogs = dialogs;
        this.offered = offered;
        setId("validation-view");
        setTop(toolbar());
        var editor = new SplitPane(columnsPane(), new ScrollPane(form()));
        editor.setDividerPositions(0.22);
        var body = new SplitPane(editor, reportPane());
        body.setOrientation(Orientation.VERTICAL);
        body.setDividerPositions(0.55);
        setCenter(body);
        // a dataset dropped here is the one to validate; a suite file (.yaml) is opened in the editor
        io.pipewright.ui.common.FileDrops.install(this, files -> files.size() == 1
                && (io.pipewright.ui.common.FileDrops.datasets(files) || isSuite(files.get(0))), files -> {
                    if (isSuite(files.get(0))) {
                        model.open(files.get(0));
                    } else {
                        model.datasetProperty().set(files.get(0));
                    }
                });
    }

    private static boolean isSuite(java.nio.file.Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private Node toolbar() {
        var datasetLabel = new Label();
        datasetLabel.setId("validation-dataset-label");
        datasetLabel.textProperty().bind(model.datasetProperty().map(path -> path.getFileName().toString()).orElse("no dataset"));
        var dataset = new Button("Dataset…");
        dataset.setId("validation-dataset");
        dataset.setOnAction(event -> dialogs.chooseDatasetToOpen(null).ifPresent(model.datasetProperty()::set));
        var generate = new Button("Generate suite");
        generate.setId("validation-generate");
        generate.disableProperty().bind(model.datasetProperty().isNull().or(model.busyProperty()));
        generate.setOnAction(event -> model.generate());
        var open = new Button("Open suite…");
        open.setId("validation-open");
        open.disableProperty().bind(model.busyProperty());
        open.setOnAction(event -> dialogs.chooseFileToOpen("Open a validation suite", "yaml").ifPresent(model::open));
        var save = new Button("Save suite…");
        save.setId("validation-save");
        save.disableProperty().bind(model.busyProperty());
        save.setOnAction(event -> dialogs.chooseFileToSave("Save the validation suite", suggested(), "yaml").ifPresent(model::save));
        var validate = new Button("Validate");
        validate.setId("validation-validate");
        validate.getStyleClass().add(Styles.ACCENT);
        validate.disableProperty().bind(model.validatableProperty().not());
        validate.setOnAction(event -> model.validate());
        var cancel = new Button("Cancel");
        cancel.setId("validation-cancel");
        cancel.visibleProperty().bind(model.busyProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(event -> model.cancel());
        var spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(model.busyProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        var message = new Label();
        message.setId("validation-message");
        message.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        message.textProperty().bind(model.messageProperty());
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        var fromData = io.pipewright.ui.common.OfferedDataset.button("validation-use-data", offered, model.datasetProperty(), null);
        var buttons = new HBox(8, dataset, datasetLabel, fromData, generate, open, save, validate, cancel, spinner);
        buttons.getChildren().forEach(node -> ((Region) node).setMinWidth(Region.USE_PREF_SIZE));
        buttons.setAlignment(Pos.CENTER_LEFT);
        // what was done last gets a line of its own under the buttons: beside them, at 1280 pixels, it and the buttons were cut
        var bar = new VBox(6, buttons, message);
        bar.setPadding(new Insets(8, 12, 6, 12));
        return bar;
    }

    private String suggested() {
        var file = model.suiteFileProperty().get();
        if (file != null) {
            return file.getFileName().toString();
        }
        var data = model.datasetProperty().get();
        String name = data == null ? "suite" : data.getFileName().toString().replaceAll("\\.[^.]*$", "");
        return name + ".suite.yaml";
    }

    private Node columnsPane() {
        var title = new Label("Columns");
        title.getStyleClass().add(Styles.TITLE_4);
        var list = new ListView<>(model.columns());
        list.setId("validation-columns");
        list.getSelectionModel().selectedItemProperty().addListener((o, old, name) -> {
            if (name != null) {
                model.selectedColumnProperty().set(name);
            }
        });
        model.selectedColumnProperty().addListener((o, old, name) -> list.getSelectionModel().select(name));
        VBox.setVgrow(list, Priority.ALWAYS);
        var add = new Button("Add…");
        add.setId("validation-add-column");
        add.setOnAction(event -> dialogs.askText("Add a column", "Column name", "").ifPresent(model::addColumn));
        var remove = new Button("Remove");
        remove.setId("validation-remove-column");
        remove.disableProperty().bind(model.selectedColumnProperty().isNull());
        remove.setOnAction(event -> model.removeColumn(model.selectedColumnProperty().get()));
        var box = new VBox(6, title, list, new HBox(6, add, remove));
        box.setPadding(new Insets(8));
        box.setMinWidth(160);
        return box;
    }

    private Node form() {
        var grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(8, 12, 8, 12));
        int row = 0;
        var columnTitle = new Label();
        columnTitle.getStyleClass().add(Styles.TITLE_4);
        columnTitle.textProperty().bind(model.selectedColumnProperty().map(name -> "Column " + name).orElse("Column (none selected)"));
        grid.add(columnTitle, 0, row++, 4, 1);

        var type = new ComboBox<String>();
        type.setId("suite-type");
        type.getItems().setAll("", "numeric", "boolean", "datetime", "categorical", "text", "identifier");
        type.valueProperty().bindBidirectional(model.typeProperty());
        row = field(grid, row, "Type", type, "type");
        var notNull = new CheckBox("not null");
        notNull.setId("suite-not-null");
        notNull.selectedProperty().bindBidirectional(model.notNullProperty());
        var maxMissing = text("suite-max-missing", model.maxMissingProperty(), "max missing share, e.g. 0.02");
        maxMissing.disableProperty().bind(model.notNullProperty());
        maxMissing.setPrefColumnCount(18);
        row = field(grid, row, "Missing", new HBox(8, notNull, maxMissing), "maxMissing");
        var unique = new CheckBox("every value distinct");
        unique.setId("suite-unique");
        unique.selectedProperty().bindBidirectional(model.uniqueProperty());
        row = field(grid, row, "Unique", unique, "unique");
        row = field(grid, row, "Min", text("suite-min", model.minProperty(), "number or date"), "min");
        row = field(grid, row, "Max", text("suite-max", model.maxProperty(), "number or date"), "max");
        row = field(grid, row, "Allowed", text("suite-allowed", model.allowedProperty(), "values separated by commas"), "allowed");
        row = field(grid, row, "Regex", text("suite-regex", model.regexProperty(), "e.g. ^[A-D]$"), "regex");
        row = field(grid, row, "Length", pair("suite-length", model.lengthMinProperty(), model.lengthMaxProperty()), "length");
        row = field(grid, row, "Mean", pair("suite-mean", model.meanMinProperty(), model.meanMaxProperty()), "mean");
        row = field(grid, row, "Std. dev.", pair("suite-stddev", model.stddevMinProperty(), model.stddevMaxProperty()), "stddev");

        var tableTitle = new Label("Table");
        tableTitle.getStyleClass().add(Styles.TITLE_4);
        grid.add(tableTitle, 0, row++, 4, 1);
        row = field(grid, row, "Rows", pair("suite-rows", model.rowsMinProperty(), model.rowsMaxProperty()), "rows");
        row = field(grid, row, "Threshold", text("suite-threshold", model.thresholdProperty(), "share of rows allowed to fail, e.g. 0.001"), "threshold");
        var mode = new ComboBox<String>();
        mode.setId("suite-columns-mode");
        mode.getItems().setAll("none", "exact", "superset");
        mode.valueProperty().bindBidirectional(model.columnsModeProperty());
        var listed = text("suite-columns", model.columnsListProperty(), "column names separated by commas");
        HBox.setHgrow(listed, Priority.ALWAYS);
        row = field(grid, row, "Column set", new HBox(8, mode, listed), "columns");
        row = field(grid, row, "Rules", rules(), "rules");
        return grid;
    }

    private Node rules() {
        var table = new TableView<>(model.rules());
        table.setId("suite-rules");
        table.setEditable(true);
        table.setPrefHeight(120);
        var name = new TableColumn<ValidationViewModel.RuleRow, String>("Name");
        name.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().name()));
        name.setCellFactory(TextFieldTableCell.forTableColumn());
        name.setOnEditCommit(edit -> model.setRule(edit.getTablePosition().getRow(), edit.getNewValue(), edit.getRowValue().expression()));
        name.setPrefWidth(160);
        var expression = new TableColumn<ValidationViewModel.RuleRow, String>("Expression (true on every row)");
        expression.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().expression()));
        expression.setCellFactory(TextFieldTableCell.forTableColumn());
        expression.setOnEditCommit(edit -> model.setRule(edit.getTablePosition().getRow(), edit.getRowValue().name(), edit.getNewValue()));
        expression.setPrefWidth(360);
        table.getColumns().setAll(List.of(name, expression));
        var add = new Button("Add rule");
        add.setId("suite-add-rule");
        add.setOnAction(event -> model.addRule("rule " + (model.rules().size() + 1), "true"));
        var remove = new Button("Remove rule");
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(event -> model.removeRule(table.getSelectionModel().getSelectedIndex()));
        return new VBox(4, table, new HBox(6, add, remove));
    }

    private static TextField text(String id, StringProperty property, String prompt) {
        var field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(property);
        return field;
    }

    private static Node pair(String id, StringProperty low, StringProperty high) {
        var from = text(id + "-min", low, "min");
        var to = text(id + "-max", high, "max");
        from.setPrefColumnCount(8);
        to.setPrefColumnCount(8);
        return new HBox(6, from, new Label("to"), to);
    }

    /** A labelled input with its problem beside it, shown in red while there is one. */
    private int field(GridPane grid, int row, String label, Node input, String key) {
        var problem = new Label();
        problem.setId("problem-" + key);
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.setMaxWidth(360);
        Runnable update = () -> problem.setText(model.problems().getOrDefault(key, ""));
        model.problems().addListener((MapChangeListener<String, String>) change -> update.run());
        update.run();
        grid.add(new Label(label), 0, row);
        grid.add(input, 1, row);
        grid.add(problem, 2, row);
        return row + 1;
    }

    private Node reportPane() {
        var banner = new Label();
        banner.setId("validation-banner");
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.setPadding(new Insets(8, 12, 8, 12));
        banner.setStyle("-fx-font-weight: bold; -fx-font-size: 1.1em;");
        banner.textProperty().bind(model.bannerProperty());
        banner.visibleProperty().bind(model.bannerProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        model.verdictProperty().addListener((o, old, verdict) -> {
            banner.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
            if (verdict != null) {
                banner.getStyleClass().add(verdict == ValidationViewModel.Verdict.PASSED ? Styles.SUCCESS : Styles.DANGER);
            }
        });
        banner.setWrapText(true);
        banner.setMinHeight(Region.USE_PREF_SIZE); // a long refusal wraps onto more lines instead of being cut

        var results = new TableView<>(model.results());
        results.setId("validation-results");
        results.setPlaceholder(new Label("Validate to see each expectation's result."));
        results.getColumns().setAll(List.of(
                column("Expectation", 260, ValidationReport.Result::id),
                column("Status", 70, result -> result.passed() ? "pass" : "FAIL"),
                column("Scope", 60, result -> result.scope().id()),
                column("Expected", 200, ValidationReport.Result::expected),
                column("Failing", 80, result -> String.format(Locale.US, "%,d", result.failing())),
                column("Fraction", 80, result -> String.format(Locale.US, "%.3f %%", 100 * result.fraction())),
                column("Observed", 160, ValidationReport.Result::observedText),
                column("Note", 260, result -> result.message() == null ? "" : result.message())));
        io.pipewright.ui.common.FittedColumns.install(results, results.getColumns().get(7), 360);
        results.getSelectionModel().selectedItemProperty().addListener((o, old, result) -> model.selectedResultProperty().set(result));
        model.selectedResultProperty().addListener((o, old, result) -> {
            if (result != results.getSelectionModel().getSelectedItem()) {
                results.getSelectionModel().select(result);
            }
        });

        var examples = new TableView<>(model.examples());
        examples.setId("validation-examples");
        examples.setPlaceholder(new Label("No failing values."));
        examples.getColumns().setAll(List.of(
                exampleColumn("Line", 80, example -> Long.toString(example.line())),
                exampleColumn("Value", 320, ValidationReport.Example::value)));
        io.pipewright.ui.common.FittedColumns.install(examples, examples.getColumns().get(1), 320);
        examples.setPrefWidth(420);

        var json = new Button("Save JSON…");
        json.setId("validation-save-json");
        json.disableProperty().bind(model.reportProperty().isNull());
        json.setOnAction(event -> dialogs.chooseFileToSave("Save the validation report", "validation.json", "json").ifPresent(model::saveReportJson));
        var html = new Button("Save HTML…");
        html.setId("validation-save-html");
        html.disableProperty().bind(model.reportProperty().isNull());
        html.setOnAction(event -> dialogs.chooseFileToSave("Save the validation report", "validation.html", "html").ifPresent(model::saveReportHtml));
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var title = new Label("Report");
        title.getStyleClass().add(Styles.TITLE_4);
        var header = new HBox(8, title, spacer, json, html);
        header.setAlignment(Pos.CENTER_LEFT);
        var split = new SplitPane(results, examples);
        split.setDividerPositions(0.7);
        VBox.setVgrow(split, Priority.ALWAYS);
        var box = new VBox(6, header, banner, split);
        box.setPadding(new Insets(8, 12, 8, 12));
        return box;
    }

    private static TableColumn<ValidationReport.Result, String> column(String title, double width, Function<ValidationReport.Result, String> value) {
        var column = new TableColumn<ValidationReport.Result, String>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    private static TableColumn<ValidationReport.Example, String> exampleColumn(String title, double width, Function<ValidationReport.Example, String> value) {
        var column = new TableColumn<ValidationReport.Example, String>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
    }
}
