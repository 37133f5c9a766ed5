package io.pipewright.ui.pipeline;

import java.util.ArrayList;
import java.util.List;
import io.pipewright.ui.common.ThemedSearchableComboBox;
import javafx.util.StringConverter;

/**
 * One column picked from the columns that reach a node (a target, a time column): a searchable list,
 * so a table of hundreds of columns is narrowed by typing a part of the name. Its first entry is "no
 * column" (the node's default, or the pipeline's target), shown as {@code unset}; a column named now
 * but no longer known stays in the list. While no column is known (the file is missing, nothing has
 * run) the form falls back to a field to type the name in.
 */
final class ColumnPicker {
    /** The entry that means "no column named": the parameter is cleared. */
    static final String UNSET = "";

    private ColumnPicker() {
    }

    /** A searchable picker of {@code columns}, showing {@code value} (null: {@link #UNSET}). */
    static ThemedSearchableComboBox<String> searchable(List<String> columns, String value, String unset) {
        var items = new ArrayList<String>();
        items.add(UNSET);
        items.addAll(columns);
        if (value != null && !value.isBlank() && !columns.contains(value)) {
            items.add(value);
        }
        var box = new ThemedSearchableComboBox<String>();
        box.getStyleClass().add("column-picker");
        box.getItems().setAll(items);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(String column) {
                return column == null || column.isEmpty() ? unset : column;
            }

            @Override
            public String fromString(String text) {
                return text == null || text.equals(unset) ? UNSET : text;
            }
        });
        box.setValue(value == null || value.isBlank() ? UNSET : value);
        box.setVisibleRowCount(12);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    /** The text a parameter is set to for a picked entry: blank for {@link #UNSET}. */
    static String text(String picked) {
        return picked == null ? "" : picked;
    }
}
