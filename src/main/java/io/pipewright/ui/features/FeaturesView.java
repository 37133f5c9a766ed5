package io.pipewright.ui.features;

import atlantafx.base.theme.Styles;
import io.pipewright.features.FeatureView;
import io.pipewright.features.PointInTimeJoin;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.Icons;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The Features tab: a folder's feature view files on the left (each with its key and ttl, or its error), the selected
 * view on the right: its facts and features, its state in the online store with Materialize and a lookup by entity
 * key, and a point-in-time join of the folder's views onto an entity table with each view's counts.
 */
public final class FeaturesView extends BorderPane {
    private final FeaturesViewModel model;
    private final DialogService dialogs;
    private final VBox detail = new VBox(12);
    private final Label title = new Label();
    private final Label description = new Label();
    private final Label fileError = new Label();
    private final GridPane facts = new GridPane();
    private final GridPane featureGrid = new GridPane();
    private final Label kindsNote = new Label("A feature's kind is known once the view is materialized or joined.");
    private final GridPane lookupGrid = new GridPane();
    private final GridPane countsGrid = new GridPane();
    private final Label joinSummary = new Label();
    private final Node viewParts;

    public FeaturesView(FeaturesViewModel model, DialogService dialogs) {
        this.model = model;
        this.dialogs = dialogs;
        setId("features-view");
        setTop(top());

        var list = new ListView<>(model.files());
        list.setId("features-files");
        list.setPlaceholder(new Label("No view files."));
        list.setCellFactory(view -> new FileCell(list));
        list.getSelectionModel().selectedItemProperty().addListener((o, old, file) -> {
            if (file != null && file != model.selectedProperty().get()) {
                model.select(file);
            }
        });
        model.selectedProperty().addListener((o, old, file) -> {
            if (file != null && list.getSelectionModel().getSelectedItem() != file) {
                list.getSelectionModel().select(file);
            }
            showSelected();
        });
        list.setMinWidth(200);

        viewParts = viewParts();
        title.setId("features-title");
        title.getStyleClass().add(Styles.TITLE_3);
        title.setMinWidth(Region.USE_PREF_SIZE);
        description.setId("features-description");
        description.setWrapText(true);
        description.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        fileError.setId("features-file-error");
        fileError.setWrapText(true);
        fileError.getStyleClass().add(Styles.DANGER);
        detail.setId("features-detail");
        detail.setPadding(new Insets(12));
        var scroll = new ScrollPane(detail);
        scroll.setFitToWidth(true);

        var split = new SplitPane(list, scroll);
        split.setDividerPositions(0.22);
        SplitPane.setResizableWithParent(list, false);
        var empty = emptyState();
        empty.visibleProperty().bind(model.emptyMessageProperty().isNotEmpty());
        split.visibleProperty().bind(empty.visibleProperty().not());
        setCenter(new StackPane(split, empty));
        BorderPane.setMargin(getCenter(), new Insets(8, 0, 0, 0));

        model.features().addListener((ListChangeListener<FeaturesViewModel.FeatureLine>) change -> showFeatures());
        model.lookupValues().addListener((ListChangeListener<FeaturesViewModel.FeatureValue>) change -> showLookup());
        model.joinResultProperty().addListener((o, old, result) -> showJoin(result));
        showSelected();
        showJoin(null);
    }

    private Node top() {
        var choose = new Button("Choose folder…");
        choose.setId("features-choose-folder");
        choose.setOnAction(event -> chooseFolder());
        var reload = new Button("Reload");
        reload.setId("features-reload");
        reload.setOnAction(event -> model.refresh());
        var folder = new Label();
        folder.setId("features-folder");
        folder.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        folder.textProperty().bind(model.folderProperty().map(path -> "Folder: " + path));
        folder.setMinWidth(0);
        var spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        var what = new Label();
        what.setId("features-running");
        what.textProperty().bind(model.runningWhatProperty());
        var stop = new Button("Stop");
        stop.setId("features-stop");
        stop.setOnAction(event -> model.cancel());
        var running = new HBox(8, spinner, what, stop);
        running.setAlignment(Pos.CENTER_LEFT);
        running.visibleProperty().bind(model.runningProperty());
        running.managedProperty().bind(running.visibleProperty());
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var toolbar = new HBox(8, section("Feature views"), choose, reload, folder, spacer, running);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        var problem = new Label();
        problem.setId("features-problem");
        problem.setWrapText(true);
        problem.getStyleClass().add(Styles.DANGER);
        problem.textProperty().bind(model.problemProperty());
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());
        var top = new VBox(6, toolbar, problem);
        top.setPadding(new Insets(8, 12, 0, 12));
        return top;
    }

    private void chooseFolder() {
        dialogs.chooseFolder("Choose a folder of feature views").ifPresent(model::chooseFolder);
    }

    private Node emptyState() {
        var heading = new Label("No feature views here");
        heading.getStyleClass().add(Styles.TITLE_3);
        var text = new Label();
        text.setId("features-empty");
        text.textProperty().bind(model.emptyMessageProperty());
        text.setWrapText(true);
        text.setMaxWidth(620);
        text.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        var sample = new Button("Add the sample view here");
        sample.setId("features-add-sample");
        sample.getStyleClass().add(Styles.ACCENT);
        sample.setOnAction(event -> model.addSample());
        var choose = new Button("Choose folder…");
        choose.setOnAction(event -> chooseFolder());
        var buttons = new HBox(8, sample, choose);
        buttons.setAlignment(Pos.CENTER);
        var box = new VBox(12, Icons.icon(Icons.DATABASE, 40), heading, text, buttons);
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(24));
        return box;
    }

    /** Everything shown of a view that reads: facts and features, then the online store and the join side by side. */
    private Node viewParts() {
        facts.setId("features-facts");
        facts.setHgap(12);
        facts.setVgap(4);
        featureGrid.setId("features-features");
        featureGrid.setHgap(16);
        featureGrid.setVgap(4);
        kindsNote.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        kindsNote.managedProperty().bind(kindsNote.visibleProperty());
        kindsNote.setWrapText(true);
        var featuresBox = new VBox(6, featureGrid, kindsNote);
        HBox.setHgrow(featuresBox, Priority.ALWAYS);
        var upper = new HBox(32, facts, featuresBox);

        VBox online = onlineCard();
        VBox join = joinCard();
        // the join's paths want the room more than the lookup's values
        online.setPrefWidth(320);
        join.setPrefWidth(540);
        var cards = new HBox(12, online, join);
        cards.getChildren().forEach(card -> {
            HBox.setHgrow(card, Priority.ALWAYS);
            ((Region) card).setMaxWidth(Double.MAX_VALUE);
        });
        return new VBox(16, upper, cards);
    }

    private VBox onlineCard() {
        var state = new Label();
        state.setId("features-online-state");
        state.setWrapText(true);
        state.textProperty().bind(model.onlineStateProperty());
        var materialize = new Button("Materialize up to now");
        materialize.setId("features-materialize");
        materialize.disableProperty().bind(model.runningProperty());
        materialize.setOnAction(event -> model.materialize());
        materialize.setTooltip(new Tooltip("Writes each entity's latest values (up to now) into the online store of the data folder, for serving."));

        var key = new TextField();
        key.setId("features-key");
        key.textProperty().bindBidirectional(model.lookupKeyProperty());
        key.promptTextProperty().bind(model.selectedProperty().map(file -> file.valid() ? String.join(", ", file.view().entities()) : ""));
        key.setOnAction(event -> model.lookUp());
        HBox.setHgrow(key, Priority.ALWAYS);
        var lookUp = new Button("Look up");
        lookUp.setId("features-lookup");
        lookUp.disableProperty().bind(model.runningProperty().or(model.materializedProperty().not()));
        lookUp.setOnAction(event -> model.lookUp());
        var keyRow = new HBox(8, key, lookUp);
        keyRow.setAlignment(Pos.CENTER_LEFT);
        var found = new Label();
        found.setId("features-lookup-state");
        found.setWrapText(true);
        found.textProperty().bind(model.lookupStateProperty());
        found.managedProperty().bind(found.textProperty().isNotEmpty());
        found.visibleProperty().bind(found.managedProperty());
        lookupGrid.setId("features-lookup-values");
        lookupGrid.setHgap(16);
        lookupGrid.setVgap(4);
        return card(section("Online store"), state, materialize, bold("Look up an entity"), keyRow, found, lookupGrid);
    }

    private VBox joinCard() {
        var what = new Label();
        what.setWrapText(true);
        what.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        what.textProperty().bind(Bindings.createStringBinding(() -> {
            List<FeatureView> views = model.views();
            return views.isEmpty() ? "" : "Each row gets the values of " + String.join(", ", views.stream().map(FeatureView::name).toList())
                    + " as they were at its " + String.join(", ", views.stream().map(FeatureView::timestamp).distinct().toList())
                    + ", never later ones.";
        }, model.files()));
        var entities = new TextField();
        entities.setId("features-join-entities");
        entities.setPromptText("entity table (CSV)");
        entities.textProperty().bindBidirectional(model.joinEntitiesProperty());
        var chooseEntities = new Button("Choose…");
        chooseEntities.setId("features-join-choose-entities");
        chooseEntities.setOnAction(event -> dialogs.chooseDatasetToOpen(model.folderProperty().get()).ifPresent(model::chooseEntities));
        var out = new TextField();
        out.setId("features-join-out");
        out.setPromptText("joined table to write (CSV)");
        out.textProperty().bindBidirectional(model.joinOutProperty());
        var chooseOut = new Button("Choose…");
        chooseOut.setId("features-join-choose-out");
        chooseOut.setOnAction(event -> dialogs.chooseFileToSave("Write the joined table", "training.csv", "csv")
                .ifPresent(file -> model.joinOutProperty().set(file.toString())));
        // each path on a line of its own, as wide as the card: the file's name shows, not only its folders
        for (TextField path : List.of(entities, out)) {
            path.textProperty().addListener((o, before, text) -> {
                if (!path.isFocused()) {
                    // a chosen file's name is the part to see; after the skin has taken the new text
                    javafx.application.Platform.runLater(path::end);
                }
            });
        }
        var fields = new GridPane();
        fields.setHgap(8);
        fields.setVgap(4);
        fields.add(fixed("Entity table"), 0, 0);
        fields.addRow(1, entities, chooseEntities);
        fields.add(fixed("Output (CSV)"), 0, 2);
        fields.addRow(3, out, chooseOut);
        GridPane.setHgrow(entities, Priority.ALWAYS);
        GridPane.setHgrow(out, Priority.ALWAYS);
        var join = new Button("Join");
        join.setId("features-join");
        join.disableProperty().bind(model.runningProperty());
        join.setOnAction(event -> model.join());
        joinSummary.setId("features-join-summary");
        joinSummary.setWrapText(true);
        countsGrid.setId("features-join-counts");
        countsGrid.setHgap(16);
        countsGrid.setVgap(4);
        Tooltip.install(countsGrid, new Tooltip("Rows given a view's values at their time; rows whose latest values were older than the ttl; "
                + "rows with no value at or before their time."));
        return card(section("Join onto an entity table"), what, fields, join, joinSummary, countsGrid);
    }

    private static VBox card(Node... children) {
        var card = new VBox(8, children);
        card.getStyleClass().add(io.pipewright.ui.common.Styles.CARD);
        card.setPadding(new Insets(12));
        return card;
    }

    private void showSelected() {
        FeaturesViewModel.ViewFile file = model.selectedProperty().get();
        if (file == null) {
            detail.getChildren().setAll(muted("Select a view file to see its features."));
            return;
        }
        title.setText(file.name());
        if (!file.valid()) {
            fileError.setText("Not a feature view: " + file.error());
            detail.getChildren().setAll(title, muted(file.file().toString()), fileError);
            return;
        }
        FeatureView view = file.view();
        description.setText(view.description() == null ? "" : view.description());
        description.setManaged(view.description() != null);
        description.setVisible(view.description() != null);
        facts.getChildren().clear();
        fact(0, "Entities", String.join(", ", view.entities()), "entities");
        fact(1, "Timestamp", view.timestamp(), "timestamp");
        fact(2, "Source", view.source().text(), "source");
        fact(3, "TTL", view.ttl() == null ? "none: values never expire" : FeaturesViewModel.duration(view.ttl()), "ttl");
        fact(4, "File", file.file().getFileName().toString(), "file");
        detail.getChildren().setAll(title, description, viewParts);
        showFeatures();
    }

    private void fact(int row, String name, String value, String id) {
        var key = bold(name);
        var shown = new Label(value);
        shown.setId("features-fact-" + id);
        shown.setMinWidth(Region.USE_PREF_SIZE);
        facts.addRow(row, key, shown);
    }

    private void showFeatures() {
        featureGrid.getChildren().clear();
        featureGrid.addRow(0, bold("Feature"), bold("Kind"), bold("Definition"));
        int row = 1;
        boolean unknown = false;
        for (FeaturesViewModel.FeatureLine line : model.features()) {
            var kind = new Label(line.kind() == null ? "–" : line.kind());
            kind.setId("features-kind-" + line.name());
            unknown |= line.kind() == null;
            var definition = new Label(line.definition());
            definition.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            featureGrid.addRow(row++, fixed(line.name()), kind, definition);
        }
        kindsNote.setVisible(unknown);
    }

    private void showLookup() {
        lookupGrid.getChildren().clear();
        int row = 0;
        for (FeaturesViewModel.FeatureValue value : model.lookupValues()) {
            var shown = fixed(value.value());
            shown.setId("features-value-" + value.name());
            lookupGrid.addRow(row++, bold(value.name()), shown);
        }
    }

    private void showJoin(PointInTimeJoin.Result result) {
        countsGrid.getChildren().clear();
        if (result == null) {
            joinSummary.setText("");
            joinSummary.setManaged(false);
            countsGrid.setManaged(false);
            return;
        }
        joinSummary.setManaged(true);
        countsGrid.setManaged(true);
        joinSummary.setText(String.format(Locale.ROOT, "%,d rows × %d columns written to %s", result.rows(), result.columns().size(), result.out()));
        countsGrid.addRow(0, bold("View"), bold("With values"), bold("Past the ttl"), bold("None"));
        int row = 1;
        for (PointInTimeJoin.ViewResult view : result.views()) {
            countsGrid.addRow(row++, fixed(view.view()), count(view.matched(), "matched", view.view()), count(view.expired(), "expired", view.view()),
                    count(view.missing(), "missing", view.view()));
        }
    }

    private static Label count(long value, String what, String view) {
        var label = fixed(String.format(Locale.ROOT, "%,d", value));
        label.setId("features-join-" + what + "-" + view);
        return label;
    }

    private static Label fixed(String text) {
        var label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static Label bold(String text) {
        var label = fixed(text);
        label.getStyleClass().add(Styles.TEXT_BOLD);
        return label;
    }

    private static Label muted(String text) {
        var label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        return label;
    }

    private static Label section(String text) {
        var label = new Label(text);
        label.getStyleClass().addAll(Styles.TITLE_4, io.pipewright.ui.common.Styles.SECTION_TITLE);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    /** A view file: its name in bold, and below it its key and ttl, or why it is not a view. */
    private static final class FileCell extends ListCell<FeaturesViewModel.ViewFile> {
        private final Label name = new Label();
        private final Label below = new Label();
        private final VBox box = new VBox(2, name, below);

        FileCell(ListView<?> list) {
            name.getStyleClass().add(Styles.TEXT_BOLD);
            below.setWrapText(true);
            // as wide as the list, less its padding and scroll bar: a long error wraps instead of being cut
            below.maxWidthProperty().bind(list.widthProperty().subtract(40));
            name.maxWidthProperty().bind(below.maxWidthProperty());
            name.setWrapText(true);
            box.setMinHeight(Region.USE_PREF_SIZE);
        }

        @Override
        protected void updateItem(FeaturesViewModel.ViewFile file, boolean empty) {
            super.updateItem(file, empty);
            setText(null);
            if (empty || file == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            name.setText(file.name());
            below.getStyleClass().removeAll(Styles.DANGER, io.pipewright.ui.common.Styles.MUTED);
            if (file.valid()) {
                FeatureView view = file.view();
                below.setText("by " + String.join(", ", view.entities()) + " · " + view.features().size() + " features"
                        + (view.ttl() == null ? "" : " · ttl " + FeaturesViewModel.duration(view.ttl())));
                below.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            } else {
                below.setText(file.error());
                below.getStyleClass().add(Styles.DANGER);
            }
            setTooltip(new Tooltip(file.file().toString()));
            setGraphic(box);
        }
    }
}
