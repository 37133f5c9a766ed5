package io.pipewright.ui.common;

import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.geometry.Orientation;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Table columns sized to what they show: a column is never narrower than its header (a header is never cut to
 * "R…"), as wide as its widest value up to a bound, and a value that still does not fit shows whole in a tooltip.
 * One column may be the flexible one: it takes the width the others leave (a path, a name), so that the columns
 * fill the table without a scroll bar while there is room. Widths follow the rows and the table's width: they are
 * measured again, in the table's font, when either changes.
 */
public final class FittedColumns {
    /** A cell's left and right padding, and a little room so that a value is not drawn against the next column. */
    private static final double CELL_ROOM = 18;
    /** A header label's padding, and room towards the sort arrow. */
    private static final double HEADER_ROOM = 22;
    /** The narrowest the flexible column gets while the others take their widths (never narrower than its header). */
    private static final double FLEX_FLOOR = 90;
    /** Room kept for the vertical scroll bar while it shows. */
    private static final double SCROLL_BAR = 16;
    /** Rows measured for a column's width: a long table is sized by its first rows, as JavaFX's own fit does. */
    private static final int MEASURED_ROWS = 500;
    private static final Text MEASURE = new Text();

    private FittedColumns() {
    }

    /**
     * Sizes the table's columns to their headers and values, each at most {@code maxWidth} wide (a header is
     * always shown whole), and shows a value cut by its column in a tooltip. Columns wider together than the table
     * scroll sideways.
     */
    public static <S> void install(TableView<S> table, double maxWidth) {
        install(table, null, maxWidth);
    }

    /** As {@link #install(TableView, double)}, with {@code flexible} (may be null) taking the width the other columns leave. */
    public static <S> void install(TableView<S> table, TableColumn<S, ?> flexible, double maxWidth) {
        install(table, flexible, maxWidth, false);
    }

    /** As {@link #install(TableView, TableColumn, double)}; {@code boldRows}: values are measured in bold, as some rows show them. */
    public static <S> void install(TableView<S> table, TableColumn<S, ?> flexible, double maxWidth, boolean boldRows) {
        // the widths are set here; a constrained policy would squeeze columns under their headers instead of scrolling
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        var fitter = new Fitter<>(table, flexible, maxWidth, boldRows);
        for (TableColumn<S, ?> column : table.getColumns()) {
            tooltips(column);
            watchGraphic(column, fitter);
        }
        table.getColumns().addListener((ListChangeListener<TableColumn<S, ?>>) change -> {
            table.getColumns().forEach(FittedColumns::tooltips);
            table.getColumns().forEach(column -> watchGraphic(column, fitter));
            fitter.later();
        });
        ListChangeListener<S> rows = change -> fitter.later();
        table.getItems().addListener(rows);
        table.itemsProperty().addListener((o, old, items) -> {
            if (old != null) {
                old.removeListener(rows);
            }
            if (items != null) {
                items.addListener(rows);
            }
            fitter.later();
        });
        table.skinProperty().addListener((o, old, skin) -> fitter.later());
        table.widthProperty().addListener((o, old, width) -> fitter.later());
        table.sceneProperty().addListener((o, old, scene) -> fitter.later());
        fitter.later();
    }

    /**
     * The width a column of {@code table} needs to show {@code title} whole in its header: for tables too long
     * to measure their values (the runs table), sized by their headers.
     */
    public static double headerWidth(TableView<?> table, String title) {
        Font font = table.lookup(".column-header .label") instanceof Labeled labeled && labeled.getFont() != null ? labeled.getFont()
                : Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, Font.getDefault().getSize());
        return textWidth(title, font) + HEADER_ROOM;
    }

    /**
     * A label as a column's header: its padding and font are known only once it is styled in the header,
     * which may come after the columns were fitted, so the columns are fitted again when it is laid out.
     */
    private static <S> void watchGraphic(TableColumn<S, ?> column, Fitter<S> fitter) {
        if (column.getGraphic() instanceof Labeled graphic && graphic.getProperties().putIfAbsent(FittedColumns.class, Boolean.TRUE) == null) {
            graphic.widthProperty().addListener(o -> fitter.later());
        }
    }

    /** The width of {@code text} drawn in {@code font}. */
    private static double textWidth(String text, Font font) {
        synchronized (MEASURE) {
            MEASURE.setFont(font);
            MEASURE.setText(text);
            return Math.ceil(MEASURE.getLayoutBounds().getWidth());
        }
    }

    /** Gives a column of plain text cells (the default cell factory) cells that show a cut value in a tooltip. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <S> void tooltips(TableColumn<S, ?> column) {
        if (column.getCellFactory() == (Object) TableColumn.DEFAULT_CELL_FACTORY) {
            ((TableColumn) column).setCellFactory(c -> new TooltipCell<>());
        }
    }

    /** A text cell whose tooltip holds its value while the column is too narrow for it. */
    private static final class TooltipCell<S, T> extends TableCell<S, T> {
        private final Tooltip tooltip = new Tooltip();

        TooltipCell() {
            widthProperty().addListener(o -> updateTooltip());
            fontProperty().addListener(o -> updateTooltip());
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
            } else if (item instanceof Node node) {
                setText(null);
                setGraphic(node);
            } else {
                setText(item.toString());
                setGraphic(null);
            }
            updateTooltip();
        }

        private void updateTooltip() {
            String text = getText();
            boolean cut = text != null && !text.isEmpty() && getWidth() > 0
                    && textWidth(text, getFont()) + snappedLeftInset() + snappedRightInset() > getWidth();
            if (cut) {
                tooltip.setText(text);
                setTooltip(tooltip);
            } else {
                setTooltip(null);
            }
        }
    }

    /** Measures the columns once per pulse however many changes asked for it. */
    private static final class Fitter<S> {
        private final TableView<S> table;
        private final TableColumn<S, ?> flexible;
        private final double maxWidth;
        private final boolean boldRows;
        private boolean pending;
        private ScrollBar watched;

        Fitter(TableView<S> table, TableColumn<S, ?> flexible, double maxWidth, boolean boldRows) {
            this.table = table;
            this.flexible = flexible;
            this.maxWidth = maxWidth;
            this.boldRows = boldRows;
        }

        void later() {
            if (pending) {
                return;
            }
            pending = true;
            Platform.runLater(() -> {
                pending = false;
                fit();
            });
        }

        private void fit() {
            if (table.getScene() != null) {
                table.applyCss(); // the fonts the table is drawn with, before they are measured
            }
            // rows just added have no cells yet: the headers, which exist, tell the table's font then
            Font headerFont = font(table.lookup(".column-header .label"), null);
            Font found = font(table.lookup(".table-cell"), headerFont != null ? headerFont : Font.getDefault());
            Font cellFont = Font.font(found.getFamily(), boldRows ? FontWeight.BOLD : FontWeight.NORMAL, found.getSize());
            if (headerFont == null) {
                headerFont = Font.font(found.getFamily(), FontWeight.BOLD, found.getSize());
            }
            ObservableList<S> items = table.getItems();
            int rows = items == null ? 0 : Math.min(items.size(), MEASURED_ROWS);
            var columns = table.getVisibleLeafColumns();
            double[] wanted = new double[columns.size()];
            double others = 0;
            for (int i = 0; i < columns.size(); i++) {
                TableColumn<S, ?> column = columns.get(i);
                double header = column.getText() == null ? 0 : textWidth(column.getText(), headerFont) + HEADER_ROOM;
                if (column.getGraphic() instanceof Labeled graphic && graphic.getText() != null) {
                    // a label as the header's graphic has padding of its own besides the header's
                    double drawn = Math.max(textWidth(graphic.getText(), headerFont), textWidth(graphic.getText(), graphic.getFont()))
                            + graphic.snappedLeftInset() + graphic.snappedRightInset();
                    header = Math.max(header, drawn + HEADER_ROOM);
                }
                double widest = 0;
                for (int row = 0; row < rows; row++) {
                    Object value = column.getCellData(row);
                    if (value != null && !(value instanceof Node)) {
                        widest = Math.max(widest, textWidth(value.toString(), cellFont) + CELL_ROOM);
                    }
                }
                column.setMinWidth(Math.max(column.getMinWidth(), header));
                wanted[i] = rows == 0 ? Math.max(column.getPrefWidth(), header) : Math.max(header, Math.min(maxWidth, widest));
                if (column != flexible) {
                    others += wanted[i];
                }
            }
            double available = table.getWidth() - table.snappedLeftInset() - table.snappedRightInset() - (verticalBar() ? SCROLL_BAR : 0);
            for (int i = 0; i < columns.size(); i++) {
                TableColumn<S, ?> column = columns.get(i);
                double width = column == flexible && available > 0
                        ? Math.max(Math.max(column.getMinWidth(), Math.min(FLEX_FLOOR, wanted[i])), available - others) : wanted[i];
                column.setPrefWidth(width);
            }
        }

        /** Whether the rows' scroll bar shows; the columns are fitted again when that changes. */
        private boolean verticalBar() {
            for (Node node : table.lookupAll(".scroll-bar")) {
                if (node instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL) {
                    if (bar != watched) {
                        watched = bar;
                        bar.visibleProperty().addListener(o -> later());
                    }
                    return bar.isVisible();
                }
            }
            return false;
        }

        private static Font font(Node node, Font fallback) {
            return node instanceof Labeled labeled && labeled.getFont() != null ? labeled.getFont() : fallback;
        }
    }
}
