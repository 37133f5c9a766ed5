package io.pipewright.ui.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.controlsfx.control.CheckListView;
import org.controlsfx.control.IndexedCheckModel;

/**
 * A parameter that lists columns (select's keep and drop, encode's, impute's and scale's columns, train's
 * exclude), as a checkable list of the columns that reach the node instead of YAML typed by hand. The
 * columns are written in the order they were checked (select keeps them in that order); a column named
 * now but no longer among the known ones stays in the list, checked, so nothing is dropped unseen. Above
 * a dozen columns a filter narrows the list; Enter in it checks the column of that name, or adds a name
 * not listed (a column made upstream that no run has shown yet).
 */
final class ColumnChecklist extends VBox {
    /** Above this many columns the list gets a filter. */
    static final int FILTER_AT = 12;
    /** The rows the list shows before it scrolls. */
    private static final int ROWS = 8;
    private static final double ROW_HEIGHT = 28;

    private final List<String> known;
    private final LinkedHashSet<String> chosen;
    private Consumer<List<String>> changed = checked -> { };
    private final CheckListView<String> list = new CheckListView<>();
    private final TextField filter = new TextField();
    private final Label summary = new Label();
    /** True while the list is refilled from {@link #chosen}: its check events are not the person's. */
    private boolean syncing;

    /**
     * @param id      the id of this box; the list is {@code id-list}, the filter {@code id-filter}
     * @param columns the columns known to reach the node
     * @param checked the columns the parameter names now, in its order
     */
    ColumnChecklist(String id, List<String> columns, List<String> checked) {
        this.known = new ArrayList<>(columns);
        checked.stream().filter(name -> !known.contains(name)).forEach(known::add);
        this.chosen = new LinkedHashSet<>(checked);
        setId(id);
        getStyleClass().add("column-checklist");
        setSpacing(4);
        list.setId(id + "-list");
        list.setFixedCellSize(ROW_HEIGHT);
        // CheckListView's own cells hand the focus to the list whenever a cell becomes the focused row, which a refilled list
        // does at once: typing in the filter would lose its field after the first letter
        list.setCellFactory(view -> new javafx.scene.control.cell.CheckBoxListCell<>(list::getItemBooleanProperty));
        list.setPrefHeight(Math.min(Math.max(known.size(), 2), ROWS) * ROW_HEIGHT + 2);
        list.checkModelProperty().addListener((o, old, model) -> listen(model));
        listen(list.getCheckModel());
        filter.setId(id + "-filter");
        filter.setPromptText("Filter " + known.size() + " columns");
        filter.setTooltip(new javafx.scene.control.Tooltip("Narrows the list as you type; Enter checks the column of that name, or adds a name not listed"));
        filter.textProperty().addListener((o, old, text) -> show());
        filter.setOnAction(event -> enter(filter.getText().strip()));
        summary.setId(id + "-summary");
        summary.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        summary.setWrapText(true);
        if (known.size() > FILTER_AT) {
            getChildren().add(filter);
        }
        getChildren().addAll(list, summary);
        show();
    }

    /** Tells {@code changed} the columns checked, in order, after each change the person makes. */
    void setOnChange(Consumer<List<String>> changed) {
        this.changed = changed;
    }

    /** The list itself (where a validation decoration goes). */
    CheckListView<String> list() {
        return list;
    }

    /** The columns checked, in the order they were checked. */
    List<String> chosen() {
        return List.copyOf(chosen);
    }

    private void listen(IndexedCheckModel<String> model) {
        if (model != null) {
            model.getCheckedItems().addListener((ListChangeListener<String>) change -> checkedByPerson());
        }
    }

    /** The items the filter lets through, with the chosen ones checked. */
    private void show() {
        String query = filter.getText() == null ? "" : filter.getText().strip().toLowerCase(Locale.ROOT);
        syncing = true;
        try {
            // a new list each time: the check model is indexed by position and does not follow a list that changes in place
            list.setItems(FXCollections.observableArrayList(known.stream().filter(name -> name.toLowerCase(Locale.ROOT).contains(query)).toList()));
            chosen.stream().filter(list.getItems()::contains).forEach(list.getCheckModel()::check);
        } finally {
            syncing = false;
        }
        summarize();
    }

    private void summarize() {
        summary.setText(chosen.isEmpty() ? "None checked: the parameter's default."
                : chosen.size() + " of " + known.size() + " checked, in this order: " + String.join(", ", chosen));
    }

    private void checkedByPerson() {
        if (syncing) {
            return;
        }
        var model = list.getCheckModel();
        boolean any = false;
        for (String item : list.getItems()) {
            boolean checked = model.isChecked(item);
            any |= checked ? chosen.add(item) : chosen.remove(item);
        }
        if (any) {
            summarize();
            changed.accept(chosen());
        }
    }

    /** Enter in the filter: the column of that name is checked; a name no column has is added, checked. */
    private void enter(String name) {
        if (name.isEmpty() || chosen.contains(name)) {
            return;
        }
        boolean listed = known.contains(name);
        if (!listed && known.stream().anyMatch(column -> column.toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT)))) {
            return; // a part of some names: the person picks one of them in the list
        }
        if (!listed) {
            known.add(name);
        }
        chosen.add(name);
        filter.clear();
        show();
        changed.accept(chosen());
    }
}
