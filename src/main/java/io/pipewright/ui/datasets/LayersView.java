package io.pipewright.ui.datasets;

import atlantafx.base.theme.Styles;
import io.pipewright.data.lake.LayerCatalog;
import io.pipewright.data.lake.LayerReference;
import io.pipewright.data.lake.Snapshots;
import io.pipewright.track.DatasetVersions;
import io.pipewright.ui.common.FittedColumns;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The data folder by layer: its datasets (Bronze, Silver, Gold; captured tables with their rows and events), the
 * selected dataset's versions, and below, the selected version's chain: what it was made from layer by layer, what
 * was made from it, the runs that read it and the model versions registered from them. A step of the chain is
 * clicked to go to it.
 */
public final class LayersView extends BorderPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass(io.pipewright.ui.common.Styles.SELECTED_VERSION);
    private static final double STEP_WIDTH = 190;

    private final LayersViewModel model;
    private final VBox chain = new VBox(8);
    private final TableView<Snapshots.Version> versions;

    public LayersView(LayersViewModel model) {
        this.model = model;
        setId("layers-view");

        var refresh = new Button("Refresh");
        refresh.setId("layers-refresh");
        refresh.setOnAction(event -> model.refresh());
        var folder = new Label();
        folder.setId("layers-folder");
        folder.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        folder.textProperty().bind(model.folderProperty().map(path -> path.isEmpty() ? "" : "Data folder: " + path));
        folder.setMinWidth(0);
        var message = new Label();
        message.setId("layers-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());
        var toolbar = new HBox(8, DatasetsView.section("Datasets by layer"), refresh, folder);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        var top = new VBox(6, toolbar, message);
        top.setPadding(new Insets(8, 12, 0, 12));
        setTop(top);

        var datasets = new TableView<>(model.entries());
        datasets.setId("layers-datasets");
        datasets.setPlaceholder(new Label("No dataset in a layer."));
        var events = DatasetsView.<LayerCatalog.Entry>column("Events", 70, entry -> entry.kind() == LayerCatalog.Kind.CAPTURED ? count(entry.events()) : "");
        // only captured tables have events: without one the column would stand empty, taking the versions' room
        events.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.entries().stream().anyMatch(entry -> entry.kind() == LayerCatalog.Kind.CAPTURED), model.entries()));
        // the layer leads each name (bronze/orders): the list is in layer order, and the name reads as it is written elsewhere
        var name = DatasetsView.<LayerCatalog.Entry>column("Dataset", 120, LayerCatalog.Entry::reference);
        datasets.getColumns().setAll(List.of(
                name,
                DatasetsView.<LayerCatalog.Entry>column("Kept as", 90, LayersView::keptAs),
                DatasetsView.<LayerCatalog.Entry>column("Rows", 70, entry -> count(entry.rows())),
                events));
        FittedColumns.install(datasets, name, 260);
        Tooltip.install(datasets, new Tooltip("A captured table's Bronze layer is its change events, its Silver layer its current rows by key."));
        DatasetsView.followSelection(datasets, model.selectedEntryProperty(), model::selectEntry);
        model.selectedEntryProperty().addListener((o, old, entry) -> showPlaceholder(entry));

        versions = new TableView<>(model.versions());
        versions.setId("layers-versions");
        var source = DatasetsView.<Snapshots.Version>column("Source", 200, LayersView::source);
        versions.getColumns().setAll(List.of(
                DatasetsView.<Snapshots.Version>column("Version", 60, v -> "@" + v.version()),
                DatasetsView.<Snapshots.Version>column("Created", 125, v -> minute(v.created())),
                DatasetsView.<Snapshots.Version>column("Rows", 70, v -> count(v.rows())),
                DatasetsView.<Snapshots.Version>column("Columns", 60, v -> String.valueOf(v.columns().size())),
                DatasetsView.<Snapshots.Version>column("Size", 70, v -> DatasetsView.size(v.bytes())),
                DatasetsView.<Snapshots.Version>column("Stored", 70, v -> DatasetsView.size(v.storedBytes())),
                DatasetsView.<Snapshots.Version>column("Message", 150, v -> v.message() == null ? "" : v.message()),
                source));
        FittedColumns.install(versions, source, 200);
        Tooltip.install(versions, new Tooltip("Stored: the bytes a version added to the data folder; the rest it shares with earlier versions."));
        DatasetsView.followSelection(versions, model.selectedVersionProperty(), model::selectVersion);
        showPlaceholder(null);

        chain.setId("layers-chain");
        chain.setPadding(new Insets(8, 12, 12, 12));
        model.chainProperty().addListener((o, old, value) -> showChain(value));
        showChain(null);
        var chainScroll = new ScrollPane(chain);
        chainScroll.setFitToWidth(true);

        var tables = new SplitPane(datasets, versions);
        tables.setDividerPositions(0.28);
        var split = new SplitPane(tables, chainScroll);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        setCenter(split);
        BorderPane.setMargin(split, new Insets(8, 0, 0, 0));
    }

    private void showPlaceholder(LayerCatalog.Entry entry) {
        String text;
        if (entry == null) {
            text = "Select a dataset to see its versions.";
        } else if (entry.kind() == LayerCatalog.Kind.CAPTURED) {
            text = String.format(Locale.ROOT, "%s is a captured table's live %s layer (%s rows, %s change events, from %s).%n"
                            + "`pipewright datasets commit %s --name %s --layer %s` keeps it as a version.", entry.reference(), entry.layer(),
                    count(entry.rows()), count(entry.events()), entry.source(), entry.reference(), entry.name(), entry.layer());
        } else {
            text = "No version of " + entry.reference() + ".";
        }
        var label = new Label(text);
        label.setWrapText(true);
        label.setPadding(new Insets(12));
        versions.setPlaceholder(label);
    }

    private void showChain(LayersViewModel.Chain value) {
        if (value == null) {
            chain.getChildren().setAll(muted("Select a version to see what it was made from, layer by layer, and the runs and models that read it."));
            return;
        }
        Snapshots.Version version = value.lineage().version();
        var title = DatasetsView.section("Lineage of " + version.reference());
        title.setId("layers-chain-title");
        var facts = new Label(facts(value));
        facts.setId("layers-chain-facts");
        facts.setWrapText(true);
        facts.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);

        var columns = new HBox(6);
        columns.setId("layers-chain-columns");
        for (String layer : Snapshots.LAYERS) {
            var steps = new ArrayList<Node>();
            for (LayerCatalog.Step step : value.inLayer(layer)) {
                steps.add(step(step, step.version() == version));
            }
            columns.getChildren().addAll(column(capitalized(layer), steps, "–"), arrow());
        }
        var runs = new ArrayList<Node>();
        for (DatasetVersions.RunUse run : value.readers()) {
            runs.add(card(run.runKey(), run.experiment() + ", " + run.status() + ", started " + WHEN.format(run.startedAt())
                    + (run.nodeId() == null ? "" : " (node " + run.nodeId() + ")"), null));
        }
        VBox readers = column("Runs that read it", runs, "no run has read it");
        readers.setPrefWidth(STEP_WIDTH + 40); // a run's key (20261207-083731-f9c4cb) is one word, whole in bold
        columns.getChildren().addAll(readers, arrow());
        var models = new ArrayList<Node>();
        for (DatasetVersions.ModelUse registered : value.models()) {
            models.add(card(registered.reference(), registered.aliases().isEmpty() ? "registered" : "aliases: " + String.join(", ", registered.aliases()),
                    null));
        }
        columns.getChildren().add(column("Model versions", models, "none registered"));
        chain.getChildren().setAll(title, facts, columns);
    }

    private static String facts(LayersViewModel.Chain value) {
        Snapshots.Version v = value.lineage().version();
        var text = new StringBuilder(String.format(Locale.ROOT, "%s rows × %d columns, %s (%s stored), created %s; SHA-256 %s…", count(v.rows()),
                v.columns().size(), DatasetsView.size(v.bytes()), DatasetsView.size(v.storedBytes()), when(v.created()), v.sha256().substring(0, 12)));
        text.append(System.lineSeparator()).append("Source: ").append(sourceInFull(v));
        if (v.run() != null) {
            DatasetVersions.RunUse made = value.madeBy();
            text.append("; made by run ").append(v.run()).append(made == null ? " (not in this store)" : " of " + made.experiment() + ", " + made.status());
        }
        return text.toString();
    }

    private Node step(LayerCatalog.Step step, boolean selected) {
        var card = card(step.reference(), step.detail(), step.version() == null && step.reference().contains("@") ? null : step.reference());
        card.pseudoClassStateChanged(SELECTED, selected);
        return card;
    }

    /** A card of the chain: a bold line and a muted one; {@code goTo} (a layer reference) makes it a link to that step. */
    private VBox card(String what, String detail, String goTo) {
        var head = new Label(what);
        head.getStyleClass().add(Styles.TEXT_BOLD);
        var more = new Label(detail);
        more.setWrapText(true);
        more.getStyleClass().addAll(io.pipewright.ui.common.Styles.MUTED, Styles.TEXT_SMALL);
        var card = new VBox(2, head, more);
        card.getStyleClass().add(io.pipewright.ui.common.Styles.LAYERS_STEP);
        card.setMaxWidth(Double.MAX_VALUE);
        if (goTo != null && LayerReference.looksLikeOne(goTo)) {
            card.setOnMouseClicked(event -> model.show(goTo));
            Tooltip.install(card, new Tooltip("Click to show " + goTo + " above."));
        }
        return card;
    }

    private static VBox column(String title, List<Node> steps, String none) {
        var header = new Label(title);
        header.getStyleClass().add(Styles.TEXT_BOLD);
        var column = new VBox(6, header);
        column.getStyleClass().add("layers-column");
        if (steps.isEmpty()) {
            column.getChildren().add(muted(none));
        }
        column.getChildren().addAll(steps);
        column.setPrefWidth(STEP_WIDTH);
        column.setMinWidth(120);
        HBox.setHgrow(column, Priority.ALWAYS);
        return column;
    }

    private static Label arrow() {
        var arrow = new Label("→");
        arrow.getStyleClass().add(io.pipewright.ui.common.Styles.LAYERS_ARROW);
        arrow.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        arrow.setPadding(new Insets(20, 0, 0, 0));
        return arrow;
    }

    private static Label muted(String text) {
        var label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        return label;
    }

    private static String keptAs(LayerCatalog.Entry entry) {
        if (entry.kind() == LayerCatalog.Kind.CAPTURED) {
            return "captured";
        }
        return entry.versions() == 1 ? "1 version" : entry.versions() + " versions";
    }

    /**
     * Where a version came from, as the versions table shows it: the layer versions it was made from where it names any,
     * else its source (a file by its name, a database as recorded, the node that published it).
     */
    static String source(Snapshots.Version version) {
        List<String> from = version.derivedFrom();
        return from.isEmpty() ? recordedSource(version) : String.join(", ", from);
    }

    /** A version's source as recorded, a file by its name; and the layer versions it was made from, when they are not that source. */
    private static String sourceInFull(Snapshots.Version version) {
        String source = recordedSource(version);
        var from = new ArrayList<>(version.upstream());
        from.remove(source);
        return from.isEmpty() ? source : source + " (from " + String.join(", ", from) + ")";
    }

    private static String recordedSource(Snapshots.Version version) {
        String source = version.source() == null ? "" : version.source();
        if (!LayerReference.looksLikeOne(source) && !source.startsWith("jdbc:") && !source.startsWith("node ") && source.contains("/")) {
            source = source.substring(source.lastIndexOf('/') + 1);
        }
        return source;
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String capitalized(String layer) {
        return Character.toUpperCase(layer.charAt(0)) + layer.substring(1);
    }

    /** A version's time to the minute, as the versions table shows it (the chain's facts show the seconds). */
    private static String minute(String instant) {
        String shown = when(instant);
        return shown.length() == 19 ? shown.substring(0, 16) : shown;
    }

    private static String when(String instant) {
        if (instant == null) {
            return "";
        }
        try {
            return WHEN.format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }
}
