package io.pipewright.ui.datasets;

import atlantafx.base.theme.Styles;
import io.pipewright.track.DatasetVersion;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.SchemaColumn;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.FittedColumns;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Dataset versions and lineage: every version in the store (a path's versions together), the
 * selected version's facts, schema, history and the runs and model versions that used it; below,
 * a registered model version's chain back to the data it was trained on.
 */
public final class DatasetsView extends BorderPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final DatasetsViewModel model;
    private final Label facts = new Label();
    private final VBox lineage = new VBox(6);

    public DatasetsView(DatasetsViewModel model, DialogService dialogs) {
        this.model = model;
        setId("datasets-view");

        var refresh = new Button("Refresh");
        refresh.setId("datasets-refresh");
        refresh.setOnAction(event -> model.refresh());
        var message = new Label();
        message.setId("datasets-message");
        message.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        message.textProperty().bind(model.messageProperty());
        var toolbar = new HBox(8, section("Dataset versions"), refresh, message);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(8, 12, 0, 12));
        setTop(toolbar);

        var list = new TableView<DatasetVersion>(model.versions());
        list.setId("datasets-list");
        list.setPlaceholder(new Label("No dataset versions."));
        var path = column("Path", 260, DatasetVersion::path);
        // a path cut at its start keeps its file name in sight; the whole path is in the tooltip
        path.setStyle("-fx-text-overrun: leading-ellipsis;");
        list.getColumns().setAll(List.of(
                path,
                column("Version", 60, v -> String.valueOf(v.id())),
                column("Rows", 75, v -> String.format(Locale.ROOT, "%,d", v.rows())),
                column("Columns", 65, v -> String.valueOf(v.columns())),
                column("Size", 70, v -> size(v.sizeBytes())),
                column("Recorded", 140, v -> WHEN.format(v.createdAt())),
                column("Runs", 45, v -> String.valueOf(v.runs()))));
        FittedColumns.install(list, path, 400);
        Tooltip.install(list, new Tooltip("A path's versions sit together, newest first; Runs counts the runs that read the same content."));
        followSelection(list, model.selectedProperty(), model::select);

        facts.setId("datasets-facts");
        facts.setWrapText(true);
        facts.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        model.detailProperty().addListener((o, old, detail) -> showFacts(detail));
        showFacts(null);

        var schema = new TableView<SchemaColumn>(model.schema());
        schema.setId("datasets-schema");
        schema.setPlaceholder(new Label("No schema recorded."));
        schema.getColumns().setAll(List.of(
                DatasetsView.<SchemaColumn>column("Column", 200, SchemaColumn::name),
                DatasetsView.<SchemaColumn>column("Type", 120, c -> c.type() == null ? "" : c.type())));
        schema.setPrefHeight(160);
        FittedColumns.install(schema, schema.getColumns().get(0), 300);

        var history = new TableView<DatasetVersion>(model.history());
        history.setId("datasets-history");
        history.setPlaceholder(new Label("No other version of this path."));
        history.getColumns().setAll(List.of(
                column("Version", 75, v -> String.valueOf(v.id()) + (isSelected(v) ? " (this)" : "")),
                column("Recorded", 140, v -> WHEN.format(v.createdAt())),
                column("SHA-256", 110, v -> v.sha256().substring(0, 12) + "…"),
                column("Rows", 75, v -> String.format(Locale.ROOT, "%,d", v.rows())),
                column("Size", 70, v -> size(v.sizeBytes())),
                column("Runs", 45, v -> String.valueOf(v.runs()))));
        history.setPrefHeight(130);
        FittedColumns.install(history, 300);
        history.setOnMouseClicked(event -> {
            var other = history.getSelectionModel().getSelectedItem();
            if (event.getClickCount() == 2 && other != null) {
                model.selectId(other.id());
            }
        });
        Tooltip.install(history, new Tooltip("Double-click a version to select it."));

        var usage = new TableView<DatasetsViewModel.Usage>(model.usage());
        usage.setId("datasets-usage");
        usage.setPlaceholder(new Label("No run has read this version."));
        usage.getColumns().setAll(List.of(
                DatasetsView.<DatasetsViewModel.Usage>column("Run", 170, u -> u.run().runKey()),
                DatasetsView.<DatasetsViewModel.Usage>column("Experiment", 100, u -> u.run().experiment()),
                DatasetsView.<DatasetsViewModel.Usage>column("Status", 70, u -> u.run().status()),
                DatasetsView.<DatasetsViewModel.Usage>column("Started", 140, u -> WHEN.format(u.run().startedAt())),
                DatasetsView.<DatasetsViewModel.Usage>column("Node", 60, u -> u.run().nodeId() == null ? "" : u.run().nodeId()),
                DatasetsView.<DatasetsViewModel.Usage>column("Model version", 110, u -> u.model() == null ? "–" : u.model().reference()),
                DatasetsView.<DatasetsViewModel.Usage>column("Aliases", 90, u -> u.model() == null ? "" : String.join(", ", u.model().aliases()))));
        usage.setPrefHeight(150);
        FittedColumns.install(usage, 300);

        var detail = new VBox(8, facts, section("Schema"), schema, section("History of this path"), history, section("Used by"), usage);
        detail.setPadding(new Insets(8, 12, 8, 12));
        VBox.setVgrow(usage, Priority.ALWAYS);
        // the tables keep room for a few rows each; a short window scrolls the detail instead of squeezing them
        schema.setMinHeight(130);
        history.setMinHeight(110);
        usage.setMinHeight(110);
        var detailScroll = new javafx.scene.control.ScrollPane(detail);
        detailScroll.setFitToWidth(true);
        detailScroll.setFitToHeight(true);
        var top = new SplitPane(list, detailScroll);
        top.setDividerPositions(0.6);

        var models = new ComboBox<String>(model.modelVersions());
        models.setId("datasets-model");
        models.setPromptText("Model version");
        models.valueProperty().addListener((o, old, reference) -> {
            if (reference != null && !reference.equals(model.modelProperty().get())) {
                model.showLineage(reference);
            }
        });
        model.modelProperty().addListener((o, old, reference) -> models.setValue(reference));
        lineage.setId("datasets-lineage");
        model.lineageProperty().addListener((o, old, value) -> showLineage(value));
        showLineage(null);
        var chooser = new HBox(8, section("Model lineage"), models);
        chooser.setAlignment(Pos.CENTER_LEFT);
        var bottom = new VBox(8, chooser, lineage);
        bottom.setPadding(new Insets(8, 12, 12, 12));

        var split = new SplitPane(top, bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.8);
        setCenter(split);
    }

    private boolean isSelected(DatasetVersion version) {
        var selected = model.selectedProperty().get();
        return selected != null && selected.id() == version.id();
    }

    private void showFacts(DatasetsViewModel.Detail detail) {
        if (detail == null) {
            facts.setText("Select a version to see its schema, its history and the runs that used it.");
            return;
        }
        DatasetVersion v = detail.version();
        facts.setText(String.format(Locale.ROOT, "Version %d of %s%n%s, %,d rows × %d columns, %s%nSHA-256 %s%nRecorded %s%s; %s", v.id(), v.path(),
                v.format(), v.rows(), v.columns(), size(v.sizeBytes()), v.sha256(), WHEN.format(v.createdAt()),
                v.readBy() == null ? "" : " (first read by " + v.readBy() + ")",
                v.hasProfile() ? "profiled " + WHEN.format(v.profiledAt()) : "no profile"));
    }

    private void showLineage(DatasetVersions.Lineage value) {
        if (value == null) {
            var hint = new Label("Choose a registered model version to see the run and the dataset versions it came from.");
            hint.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            lineage.getChildren().setAll(hint);
            return;
        }
        var version = value.model();
        lineage.getChildren().setAll(line("Model", version.name() + ":" + version.version()
                + (version.aliases().isEmpty() ? "" : " (" + String.join(", ", version.aliases()) + ")") + ", registered " + when(version.createdAt())));
        var run = value.run();
        if (run == null) {
            lineage.getChildren().add(line("← Run", version.runKey() == null ? "registered without a run" : version.runKey() + " (not in this store)"));
            return;
        }
        lineage.getChildren().add(line("← Run", run.runKey() + " of " + run.experiment() + ", " + run.status() + ", started " + when(run.startedAt())));
        if (value.datasets().isEmpty()) {
            lineage.getChildren().add(line("← Data", "no dataset recorded"));
        }
        for (DatasetVersions.DataUse use : value.datasets()) {
            DatasetVersion data = use.version();
            String text = data == null ? "SHA-256 " + use.sha256().substring(0, 12) + "… (no version recorded)"
                    : String.format(Locale.ROOT, "version %d, %s, %,d rows, SHA-256 %s…", data.id(), data.path(), data.rows(), data.sha256().substring(0, 12));
            if (use.history().size() > 1) {
                text += String.format(Locale.ROOT, "; %d versions of this path", use.history().size());
            }
            var line = line("← Data (" + use.nodeId() + ")", text);
            if (data != null) {
                line.setOnMouseClicked(event -> model.selectId(data.id()));
                Tooltip.install(line, new Tooltip("Click to show this version above."));
            }
            lineage.getChildren().add(line);
        }
    }

    private static String when(Instant at) {
        return WHEN.format(at);
    }

    static String size(long bytes) {
        return io.pipewright.work.ByteSizes.human(bytes);
    }

    static Label section(String text) {
        var label = new Label(text);
        label.getStyleClass().addAll(Styles.TITLE_4, io.pipewright.ui.common.Styles.SECTION_TITLE);
        return label;
    }

    private static HBox line(String what, String text) {
        var key = new Label(what);
        key.getStyleClass().add(Styles.TEXT_BOLD);
        key.setMinWidth(120);
        var value = new Label(text);
        value.setWrapText(true);
        value.setMinWidth(0);
        HBox.setHgrow(value, Priority.ALWAYS);
        var box = new HBox(8, key, value);
        box.getStyleClass().add("lineage-line");
        return box;
    }

    /**
     * Keeps a table's selection and the view model's together: a row a person selects is {@code select}ed in the model,
     * and what the model selects (a refresh, a link followed) is selected in the table.
     */
    static <T> void followSelection(TableView<T> table, javafx.beans.value.ObservableValue<T> selected, java.util.function.Consumer<T> select) {
        table.getSelectionModel().selectedItemProperty().addListener((o, old, item) -> {
            if (item != null && item != selected.getValue()) {
                select.accept(item);
            }
        });
        selected.addListener((o, old, item) -> {
            if (item != null && table.getSelectionModel().getSelectedItem() != item) {
                table.getSelectionModel().select(item);
            }
        });
    }

    /** A column of text, {@code width} wide to start with. */
    static <T> TableColumn<T, String> column(String title, double width, Function<T, String> value) {
        var column = new TableColumn<T, String>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
