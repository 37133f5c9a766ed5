package io.pipewright.ui.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.geometry.VPos;
import javafx.scene.control.SkinBase;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/**
 * A runs-table row drawn as one {@link Text} per column instead of one {@code TableCell} per
 * column. A table cell is a control with its own CSS: when a fast scroll hands a row a new index,
 * every cell of it is styled again, and with a dozen columns that was most of the FX thread's work.
 * A text node has a handful of styleable properties, so a scrolled row costs a fraction of that.
 * The columns stay the table's own (headers, widths, sorting, resizing); a column says what it
 * shows through {@link #text(TableColumn, Function, boolean)}.
 */
final class RunRowSkin extends SkinBase<TableRow<LazyRunList.Item>> {
    private static final String TEXT = "run-row-text";
    private static final String RIGHT = "run-row-right";
    private static final double PADDING = 7;
    /** Where a shift-click range starts: the row clicked last without shift. */
    private static final String ANCHOR = "run-row-anchor";

    private final List<Text> texts = new ArrayList<>();
    private final javafx.beans.InvalidationListener relayout = o -> getSkinnable().requestLayout();
    private final List<TableColumn<LazyRunList.Item, ?>> watched = new ArrayList<>();
    private final ListChangeListener<TableColumn<LazyRunList.Item, ?>> columnsChanged = change -> watch(change.getList());

    RunRowSkin(TableRow<LazyRunList.Item> row) {
        super(row);
        // a table selects on a click in a cell; with no cells the row does it, as a cell would
        row.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_PRESSED, this::select);
        row.itemProperty().addListener((o, old, item) -> row.requestLayout());
        row.indexProperty().addListener((o, old, index) -> row.requestLayout());
        row.tableViewProperty().addListener((o, old, table) -> {
            if (old != null) {
                old.getVisibleLeafColumns().removeListener(columnsChanged);
            }
            if (table != null) {
                table.getVisibleLeafColumns().addListener(columnsChanged);
            }
            watch(table == null ? List.of() : table.getVisibleLeafColumns());
        });
        if (row.getTableView() != null) {
            row.getTableView().getVisibleLeafColumns().addListener(columnsChanged);
            watch(row.getTableView().getVisibleLeafColumns());
        }
    }

    private void select(javafx.scene.input.MouseEvent event) {
        var row = getSkinnable();
        var table = row.getTableView();
        if (table == null || row.isEmpty() || event.getButton() != javafx.scene.input.MouseButton.PRIMARY) {
            return;
        }
        int index = row.getIndex();
        var selection = table.getSelectionModel();
        Object anchor = table.getProperties().get(ANCHOR);
        if (event.isShiftDown() && anchor instanceof Integer from && from < table.getItems().size()) {
            selection.clearSelection();
            selection.selectRange(Math.min(from, index), Math.max(from, index) + 1);
        } else if (event.isShortcutDown()) {
            if (selection.isSelected(index)) {
                selection.clearSelection(index);
            } else {
                selection.select(index);
            }
            table.getProperties().put(ANCHOR, index);
        } else {
            selection.clearAndSelect(index);
            table.getProperties().put(ANCHOR, index);
        }
        table.getFocusModel().focus(index);
        table.requestFocus();
    }

    /** Lays the row out again when a column is added, removed, moved or resized. */
    private void watch(List<? extends TableColumn<LazyRunList.Item, ?>> columns) {
        watched.forEach(column -> column.widthProperty().removeListener(relayout));
        watched.clear();
        watched.addAll(columns);
        watched.forEach(column -> column.widthProperty().addListener(relayout));
        getSkinnable().requestLayout();
    }

    /** Says what a column shows for a row's item, and whether its text is aligned right (numbers). */
    static void text(TableColumn<LazyRunList.Item, ?> column, Function<LazyRunList.Item, String> text, boolean right) {
        column.getProperties().put(TEXT, text);
        column.getProperties().put(RIGHT, right);
    }

    @Override
    public void dispose() {
        if (getSkinnable().getTableView() != null) {
            getSkinnable().getTableView().getVisibleLeafColumns().removeListener(columnsChanged);
        }
        watch(List.of());
        super.dispose();
    }

    @Override
    protected double computePrefWidth(double height, double top, double right, double bottom, double left) {
        var table = getSkinnable().getTableView();
        return table == null ? 0 : table.getVisibleLeafColumns().stream().mapToDouble(column -> snapSizeX(column.getWidth())).sum() + left + right;
    }

    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        var table = getSkinnable().getTableView();
        return table != null && table.getFixedCellSize() > 0 ? table.getFixedCellSize() : 26;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void layoutChildren(double x, double y, double width, double height) {
        var row = getSkinnable();
        var table = row.getTableView();
        var item = row.isEmpty() ? null : row.getItem();
        var columns = table == null ? List.<TableColumn<LazyRunList.Item, ?>>of() : table.getVisibleLeafColumns();
        while (texts.size() < columns.size()) {
            var text = new Text();
            text.getStyleClass().add("run-text");
            text.setTextOrigin(VPos.CENTER);
            text.setManaged(false);
            text.setClip(new Rectangle());
            texts.add(text);
            getChildren().add(text);
        }
        double left = 0;
        double middle = snapPositionY(row.getHeight() / 2);
        for (int i = 0; i < texts.size(); i++) {
            Text text = texts.get(i);
            if (i >= columns.size() || item == null) {
                text.setVisible(false);
                continue;
            }
            var column = columns.get(i);
            double columnWidth = snapSizeX(column.getWidth());
            var value = (Function<LazyRunList.Item, String>) column.getProperties().get(TEXT);
            String shown = value == null ? "" : value.apply(item);
            if (!shown.equals(text.getText())) {
                text.setText(shown);
            }
            double room = Math.max(0, columnWidth - 2 * PADDING);
            double textWidth = Boolean.TRUE.equals(column.getProperties().get(RIGHT)) ? text.getLayoutBounds().getWidth() : room;
            double at = Boolean.TRUE.equals(column.getProperties().get(RIGHT)) ? left + columnWidth - PADDING - Math.min(textWidth, room) : left + PADDING;
            text.setLayoutX(snapPositionX(at));
            text.setLayoutY(middle);
            var clip = (Rectangle) text.getClip();
            clip.setX(0);
            clip.setY(-row.getHeight() / 2);
            clip.setWidth(room);
            clip.setHeight(row.getHeight());
            text.setVisible(true);
            left += columnWidth;
        }
    }
}
