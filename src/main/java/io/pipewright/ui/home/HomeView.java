package io.pipewright.ui.home;

import atlantafx.base.theme.Styles;
import io.pipewright.data.SampleDataset;
import io.pipewright.data.DatasetFormat;
import io.pipewright.pipeline.SamplePipeline;
import io.pipewright.track.RecentFile;
import io.pipewright.ui.common.Icons;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The Home workspace: a drop target, recent files, the store, and the sample datasets and pipelines. */
public final class HomeView extends ScrollPane {
    private static final PseudoClass ACCEPTING = PseudoClass.getPseudoClass(io.pipewright.ui.common.Styles.ACCEPTING);
    private static final DateTimeFormatter OPENED = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH)
            .withZone(ZoneId.systemDefault());

    private final HomeViewModel model;
    private final Runnable openDialog;
    private final StackPane dropTarget;
    private final HBox columns = new HBox(24);
    private final VBox recent;
    private final VBox sampleDatasets;
    private final VBox samplePipelines;
    private boolean wide;

    public HomeView(HomeViewModel model, Runnable openDialog) {
        this.model = model;
        this.openDialog = openDialog;
        setId("home-view");
        setFitToWidth(true);
        setFitToHeight(true);
        getStyleClass().add("edge-to-edge");

        var title = new Label("Welcome to Pipewright");
        title.getStyleClass().add(Styles.TITLE_1);
        var subtitle = new Label("Profile a dataset, build a pipeline, train and compare models. Start by dropping a dataset anywhere on this window.");
        subtitle.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        subtitle.setWrapText(true);

        dropTarget = buildDropTarget();

        recent = new VBox(24, buildRecentFiles(), buildStore());
        VBox.setVgrow(recent.getChildren().get(0), Priority.ALWAYS);
        HBox.setHgrow(recent, Priority.ALWAYS);
        recent.setMinWidth(300);
        sampleDatasets = buildSamples();
        samplePipelines = buildSamplePipelines();
        arrange(false);
        // the samples stand in two columns beside the recent files where the window is wide enough, else in one
        columns.widthProperty().addListener((observable, before, width) -> arrange(width.doubleValue() >= WIDE));

        var content = new VBox(20, new VBox(6, title, subtitle), dropTarget, columns);
        VBox.setVgrow(columns, Priority.ALWAYS);
        content.setPadding(new Insets(28, 32, 32, 32));
        content.setMaxWidth(1280);
        setContent(content);
    }

    /** The width from which the sample datasets and pipelines stand side by side. */
    private static final double WIDE = 1040;
    private static final double SAMPLE_COLUMN = 320;

    private void arrange(boolean wideLayout) {
        if (wideLayout == wide && !columns.getChildren().isEmpty()) {
            return;
        }
        wide = wideLayout;
        if (wide) {
            for (VBox column : new VBox[] {sampleDatasets, samplePipelines}) {
                column.setPrefWidth(SAMPLE_COLUMN);
                column.setMinWidth(SAMPLE_COLUMN);
            }
            columns.getChildren().setAll(recent, sampleDatasets, samplePipelines);
        } else {
            var side = new VBox(24, sampleDatasets, samplePipelines);
            side.setPrefWidth(380);
            side.setMinWidth(300);
            for (VBox column : new VBox[] {sampleDatasets, samplePipelines}) {
                column.setPrefWidth(Region.USE_COMPUTED_SIZE);
                column.setMinWidth(Region.USE_COMPUTED_SIZE);
            }
            columns.getChildren().setAll(recent, side);
        }
    }

    /** Shows that a file dragged over the window would be accepted. */
    public void setAccepting(boolean accepting) {
        dropTarget.pseudoClassStateChanged(ACCEPTING, accepting);
    }

    private StackPane buildDropTarget() {
        var icon = Icons.icon(Icons.DROP, 36);
        var headline = new Label("Drop a dataset here");
        headline.getStyleClass().add(Styles.TITLE_3);
        var formats = new Label(DatasetFormat.supportedList() + " · gzip-compressed text files too");
        formats.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        var open = new Button("Open dataset…");
        open.setId("open-dataset");
        open.getStyleClass().add(Styles.ACCENT);
        open.setOnAction(event -> openDialog.run());
        var text = new VBox(4, headline, formats);
        text.setAlignment(Pos.CENTER_LEFT);
        var row = new HBox(18, new StackPane(icon), text, spacer(), open);
        row.setAlignment(Pos.CENTER_LEFT);
        var pane = new StackPane(row);
        pane.setId("drop-target");
        pane.getStyleClass().add(io.pipewright.ui.common.Styles.DROP_TARGET);
        return pane;
    }

    private static Region spacer() {
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }

    private VBox buildRecentFiles() {
        var heading = sectionTitle("Recent files");
        ListView<RecentFile> list = new ListView<>(model.recentFiles());
        list.setId("recent-files");
        list.setPrefHeight(320);
        list.setPlaceholder(placeholder());
        list.setCellFactory(view -> new RecentFileCell());
        list.setOnMouseClicked(event -> {
            RecentFile selected = list.getSelectionModel().getSelectedItem();
            if (selected != null && event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2) {
                model.openFile(selected.path());
            }
        });
        list.setOnKeyPressed(event -> {
            RecentFile selected = list.getSelectionModel().getSelectedItem();
            if (selected == null) {
                return;
            }
            if (event.getCode() == KeyCode.ENTER) {
                model.openFile(selected.path());
            } else if (event.getCode() == KeyCode.DELETE) {
                model.forget(selected);
            }
        });
        var reopen = new MenuItem("Profile again");
        reopen.setOnAction(event -> {
            RecentFile selected = list.getSelectionModel().getSelectedItem();
            if (selected != null) {
                model.openFile(selected.path());
            }
        });
        var forget = new MenuItem("Remove from list");
        forget.setOnAction(event -> {
            RecentFile selected = list.getSelectionModel().getSelectedItem();
            if (selected != null) {
                model.forget(selected);
            }
        });
        list.setContextMenu(new ContextMenu(reopen, forget));
        var box = new VBox(10, heading, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        return box;
    }

    private static Label placeholder() {
        var label = new Label("Nothing opened yet.\nDrop a dataset on the window, or open one of the samples.");
        label.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        label.setWrapText(true);
        label.setStyle("-fx-text-alignment: center;");
        return label;
    }

    private static Label sectionTitle(String text) {
        var label = new Label(text);
        label.getStyleClass().addAll(Styles.TITLE_4, io.pipewright.ui.common.Styles.SECTION_TITLE);
        return label;
    }

    private VBox buildSamples() {
        var box = new VBox(10, sectionTitle("Sample datasets"));
        box.setId("samples");
        for (SampleDataset sample : model.samples()) {
            var name = new Label(sample.title());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            var task = new Label(sample.task());
            task.getStyleClass().add(io.pipewright.ui.common.Styles.TAG);
            var shape = new Label(String.format(Locale.US, "%,d rows × %d columns · target %s", sample.rows(), sample.columns(), sample.target()));
            shape.getStyleClass().addAll(io.pipewright.ui.common.Styles.MUTED, Styles.TEXT_SMALL);
            var description = new Label(sample.description());
            description.setWrapText(true);
            description.setMinHeight(Region.USE_PREF_SIZE); // wrap rather than cut the text
            description.getStyleClass().add(Styles.TEXT_SMALL);
            var open = new Button("Open");
            open.setId("open-sample-" + sample.file().substring(0, sample.file().indexOf('/')));
            open.getStyleClass().add(Styles.SMALL);
            open.setMinWidth(Region.USE_PREF_SIZE);
            open.setOnAction(event -> model.openSample(sample));
            var header = cardHeader(name, open);
            var facts = new FlowPane(8, 4, task, shape);
            facts.setAlignment(Pos.CENTER_LEFT);
            var card = new VBox(4, header, facts, description);
            card.getStyleClass().add(io.pipewright.ui.common.Styles.CARD);
            box.getChildren().add(card);
        }
        return box;
    }

    /** A card's first line: its name, wrapping rather than cut where the column is narrow, and its Open button. */
    private static HBox cardHeader(Label name, Button open) {
        name.setWrapText(true);
        name.setMinHeight(Region.USE_PREF_SIZE);
        open.setMinWidth(Region.USE_PREF_SIZE);
        var header = new HBox(8, name, spacer(), open);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private VBox buildSamplePipelines() {
        var box = new VBox(10, sectionTitle("Sample pipelines"));
        box.setId("sample-pipelines");
        for (SamplePipeline sample : model.samplePipelines()) {
            var name = new Label(sample.title());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            var shows = new Label(sample.shows());
            shows.getStyleClass().add(io.pipewright.ui.common.Styles.TAG);
            shows.setMinWidth(Region.USE_PREF_SIZE);
            var description = new Label(sample.description());
            description.setWrapText(true);
            description.setMinHeight(Region.USE_PREF_SIZE); // wrap rather than cut the text
            description.getStyleClass().add(Styles.TEXT_SMALL);
            var open = new Button("Open");
            open.setId("open-sample-pipeline-" + sample.file().replaceFirst("\\.ya?ml$", ""));
            open.getStyleClass().add(Styles.SMALL);
            open.setMinWidth(Region.USE_PREF_SIZE);
            open.setTooltip(new Tooltip("Open " + sample.file() + " in the Pipelines workspace; Run (F5) runs it"));
            open.setOnAction(event -> model.openSamplePipeline(sample));
            var header = cardHeader(name, open);
            header.getChildren().add(1, shows);
            var card = new VBox(4, header, description);
            card.getStyleClass().add(io.pipewright.ui.common.Styles.CARD);
            box.getChildren().add(card);
        }
        return box;
    }

    private VBox buildStore() {
        var location = new Label();
        location.setId("store-location");
        location.textProperty().bind(model.storeLocationProperty());
        location.setWrapText(true);
        location.setMinHeight(Region.USE_PREF_SIZE);
        location.getStyleClass().add(Styles.TEXT_SMALL);
        var status = new Label();
        status.setId("store-status");
        status.textProperty().bind(model.storeStatusProperty());
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.getStyleClass().addAll(io.pipewright.ui.common.Styles.MUTED, Styles.TEXT_SMALL);
        var header = new HBox(8, Icons.icon(Icons.DATABASE, 16), new Label("Embedded H2 store"));
        header.setAlignment(Pos.CENTER_LEFT);
        var card = new VBox(4, header, location, status);
        card.getStyleClass().add(io.pipewright.ui.common.Styles.CARD);
        return new VBox(10, sectionTitle("Store"), card);
    }

    private final class RecentFileCell extends ListCell<RecentFile> {
        private final Label name = new Label();
        private final Label path = new Label();
        private final Label details = new Label();
        private final HBox row;

        RecentFileCell() {
            name.getStyleClass().add(Styles.TEXT_BOLD);
            path.getStyleClass().addAll(io.pipewright.ui.common.Styles.MUTED, Styles.TEXT_SMALL);
            details.getStyleClass().add(Styles.TEXT_SMALL);
            // the cell takes the list's width and its lines wrap: no sideways scrolling to read when a file was opened
            setPrefWidth(0);
            for (Label label : new Label[] {name, details, path}) {
                label.setWrapText(true);
                label.setMinHeight(Region.USE_PREF_SIZE);
            }
            var text = new VBox(2, name, details, path);
            HBox.setHgrow(text, Priority.ALWAYS);
            text.setMinWidth(0);
            row = new HBox(12, Icons.icon(Icons.TABLE, 20), text);
            row.setAlignment(Pos.CENTER_LEFT);
            row.setPadding(new Insets(4, 0, 4, 0));
        }

        @Override
        protected void updateItem(RecentFile file, boolean empty) {
            super.updateItem(file, empty);
            if (empty || file == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            name.setText(file.fileName());
            details.setText(HomeViewModel.describe(file) + " · opened " + OPENED.format(file.openedAt()));
            path.setText(file.path().toString());
            setGraphic(row);
        }
    }
}
