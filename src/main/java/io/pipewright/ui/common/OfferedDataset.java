package io.pipewright.ui.common;

import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

/**
 * The dataset open in the Data workspace, offered where another workspace asks for one: a button
 * "Use credit.csv from Data" beside an empty slot, so the file needs no second dialog. It only fills
 * a slot that is empty: a file the person chose there is never replaced.
 */
public final class OfferedDataset {
    private OfferedDataset() {
    }

    /**
     * The button that puts {@code offered} into {@code slot}: shown while there is a file to offer, the slot is
     * empty, and {@code other} (another slot of the same view, or null) does not hold that file already.
     */
    public static Button button(String id, ObservableValue<Path> offered, ObjectProperty<Path> slot, ObservableValue<Path> other) {
        var button = new Button();
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.textProperty().bind(Bindings.createStringBinding(
                () -> offered.getValue() == null ? "" : "Use " + offered.getValue().getFileName() + " from Data", offered));
        var tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(
                () -> offered.getValue() == null ? "" : "The dataset open in the Data workspace: " + offered.getValue(), offered));
        button.setTooltip(tip);
        button.visibleProperty().bind(Bindings.createBooleanBinding(() -> offered.getValue() != null && slot.get() == null
                && (other == null || !offered.getValue().equals(other.getValue())), offered, slot, other == null ? slot : other));
        button.managedProperty().bind(button.visibleProperty());
        button.setOnAction(event -> {
            if (slot.get() == null && offered.getValue() != null) {
                slot.set(offered.getValue());
            }
        });
        return button;
    }
}
