package io.pipewright.ui.common;

import javafx.scene.control.Skin;
import javafx.scene.control.SkinBase;
import org.controlsfx.control.SearchableComboBox;
import org.controlsfx.control.textfield.CustomTextField;

/**
 * ControlsFX's {@link SearchableComboBox} (type to narrow a long list, pick with a click or Enter) with
 * its search field drawn by the theme: a vector magnifier coloured by the {@code icon} rule instead of
 * ControlsFX's grey funnel image, which is lost on the dark theme; the field's colours come from the
 * stylesheet's {@code .searchable-combo-box} rules. Give it new items with {@code setItems(newList)}, never
 * by changing its list in place: its skin shows a filtered view of that list, which a selection that
 * follows the change reads before the view has caught up (an IndexOutOfBoundsException).
 */
public class ThemedSearchableComboBox<T> extends SearchableComboBox<T> {
    /** A magnifier on the 24×24 grid of {@link Icons}. */
    static final String MAGNIFIER = "M10 3 C13.9 3 17 6.1 17 10 C17 11.6 16.5 13 15.6 14.2 L21 19.6 L19.6 21 L14.2 15.6 C13 16.5 11.6 17 10 17 "
            + "C6.1 17 3 13.9 3 10 C3 6.1 6.1 3 10 3 Z M10 5 C7.2 5 5 7.2 5 10 C5 12.8 7.2 15 10 15 C12.8 15 15 12.8 15 10 C15 7.2 12.8 5 10 5 Z";

    private java.util.function.Consumer<T> onPick = picked -> { };
    /** The value when the list opened: what a pick is compared with, and what a list closed on no match goes back to. */
    private T opened;

    public ThemedSearchableComboBox() {
        getStyleClass().add("themed-search");
        showingProperty().addListener((o, was, showing) -> {
            if (showing) {
                opened = getValue();
                return;
            }
            T value = getValue();
            if (value == null && opened != null) {
                setValue(opened); // closed with nothing matching the search: nothing was picked
            } else if (!java.util.Objects.equals(value, opened)) {
                onPick.accept(value);
            }
        });
    }

    /**
     * Tells {@code onPick} the entry a person picked, once, when the list closes on a value other than the one it
     * opened on. Use it instead of {@code setOnAction}: while the search narrows the list, the value passes through
     * null and back with each letter, and every one of those changes fires an action.
     */
    public void setOnPick(java.util.function.Consumer<T> onPick) {
        this.onPick = onPick;
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        Skin<?> skin = super.createDefaultSkin();
        if (skin instanceof SkinBase<?> base) {
            base.getChildren().stream().filter(CustomTextField.class::isInstance).map(CustomTextField.class::cast).forEach(search -> {
                search.setLeft(new javafx.scene.Group(Icons.icon(MAGNIFIER, 14))); // a group: its size is the scaled icon's
                search.setPromptText("Type to narrow the list");
            });
        }
        return skin;
    }
}
