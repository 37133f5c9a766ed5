package io.pipewright.ui.pipeline;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;

/**
 * What a new, empty pipeline's canvas says: how to put the first node on it, and where the sample
 * pipelines are. It lies over the canvas without taking its clicks or drops, and shows while the
 * pipeline has no node: it goes with the first node and comes back when the last one is deleted.
 */
final class EmptyCanvasHint extends VBox {
    /** The File menu's Open Pipeline… accelerator, spelled as this platform spells it (Ctrl+Shift+O, ⇧⌘O). */
    static final KeyCombination OPEN_PIPELINE = KeyCombination.keyCombination("Shortcut+Shift+O");

    EmptyCanvasHint(PipelineEditorViewModel model) {
        setId("canvas-hint");
        getStyleClass().add("canvas-hint");
        setAlignment(Pos.CENTER);
        setSpacing(6);
        setMouseTransparent(true);
        setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        var title = new Label("This pipeline has no nodes yet");
        title.setId("canvas-hint-title");
        title.getStyleClass().addAll(atlantafx.base.theme.Styles.TITLE_4, "canvas-hint-title");
        var how = new Label("Drag a node from the palette onto the canvas, or double-click it there.\n"
                + "Or open a sample pipeline from Home, or with File → Open Pipeline… (" + OPEN_PIPELINE.getDisplayText() + ").");
        how.setId("canvas-hint-text");
        how.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        how.setWrapText(true);
        how.setTextAlignment(TextAlignment.CENTER);
        how.setMaxWidth(640); // a line per sentence at 1280 pixels; narrower windows wrap them
        getChildren().addAll(title, how);
        model.revisionProperty().addListener((o, old, revision) -> update(model));
        update(model);
    }

    private void update(PipelineEditorViewModel model) {
        setVisible(model.document().nodes().isEmpty());
    }
}
