package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.NodeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The node repository: node types grouped by stage, a search box over names and descriptions, and
 * each type's description under its name. Drag a type onto the canvas, or double-click it to add it
 * after the selected node.
 */
final class NodePalette extends VBox {
    static final List<String> STAGES = List.of("Data", "Quality", "Transform", "Train", "Evaluate", "Deploy");

    private final NodeCatalog catalog;
    private final Consumer<String> add;
    private final VBox groups = new VBox(4);

    NodePalette(NodeCatalog catalog, Consumer<String> add) {
        this.catalog = catalog;
        this.add = add;
        getStyleClass().add("node-palette");
        setId("node-palette");
        setSpacing(8);
        setPadding(new Insets(12));
        setPrefWidth(230);
        var title = new Label("Nodes");
        title.getStyleClass().addAll(atlantafx.base.theme.Styles.TITLE_4, io.pipewright.ui.common.Styles.SECTION_TITLE);
        var search = new TextField();
        search.setId("palette-search");
        search.setPromptText("Search nodes");
        search.textProperty().addListener((o, old, text) -> show(text));
        var scroll = new ScrollPane(groups);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(title, search, scroll);
        show("");
    }

    /**
     * The node types matching a search (in their names or descriptions; all for a blank one), grouped
     * by stage: the standard stages in their order, then any other a node type names, in the catalog's order.
     */
    static Map<String, List<NodeType>> groups(NodeCatalog catalog, String query) {
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        var stages = new java.util.LinkedHashSet<>(STAGES);
        catalog.all().forEach(type -> stages.add(type.stage()));
        var groups = new LinkedHashMap<String, List<NodeType>>();
        for (String stage : stages) {
            var matching = catalog.all().stream().filter(type -> type.stage().equals(stage))
                    .filter(type -> q.isEmpty() || type.name().contains(q) || type.description().toLowerCase(Locale.ROOT).contains(q)).toList();
            if (!matching.isEmpty()) {
                groups.put(stage, matching);
            }
        }
        return groups;
    }

    private void show(String query) {
        groups.getChildren().clear();
        groups(catalog, query).forEach((stage, types) -> {
            var header = new Label(stage.toUpperCase(Locale.ROOT));
            header.getStyleClass().add("palette-stage");
            groups.getChildren().add(header);
            types.forEach(type -> groups.getChildren().add(entry(type)));
        });
        if (groups.getChildren().isEmpty()) {
            var none = new Label("No node matches '" + query.trim() + "'.");
            none.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            groups.getChildren().add(none);
        }
    }

    private HBox entry(NodeType type) {
        var name = new Label(type.name());
        name.getStyleClass().add("palette-name");
        String description = type.description();
        int stop = description.indexOf(". ");
        String first = stop > 0 ? description.substring(0, stop + 1) : description;
        if (first.length() > 90) {
            int cut = first.lastIndexOf(' ', 86);
            first = first.substring(0, cut > 40 ? cut : 86) + "…";
        }
        var summary = new Label(first);
        summary.getStyleClass().addAll(io.pipewright.ui.common.Styles.MUTED, "palette-summary");
        summary.setWrapText(true);
        var text = new VBox(1, name, summary);
        HBox.setHgrow(text, Priority.ALWAYS);
        var row = new HBox(8, NodeIcons.icon(type.stage(), 16), text);
        row.getStyleClass().add("palette-entry");
        row.setId("palette-" + type.name());
        row.setPadding(new Insets(5, 6, 5, 6));
        Tooltip.install(row, new io.pipewright.ui.common.WrappedTooltip(description + "\n\nDrag onto the canvas, or double-click to add after the selected node."));
        row.setOnDragDetected(event -> {
            var board = row.startDragAndDrop(TransferMode.COPY);
            var content = new ClipboardContent();
            content.putString(PipelineCanvas.NODE_FORMAT + type.name());
            board.setContent(content);
            event.consume();
        });
        row.setOnMouseClicked(event -> {
            if (event.getClickCount() == 2) {
                add.accept(type.name());
            }
        });
        return row;
    }
}
