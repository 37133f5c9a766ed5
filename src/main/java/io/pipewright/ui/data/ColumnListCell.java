package io.pipewright.ui.data;

import atlantafx.base.theme.Styles;
import io.pipewright.profile.ColumnProfile;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * A column in the Data workspace's list: type badge, name, missing share and distinct count, and a
 * sparkline. The list is made as wide as its widest cell ({@link #width}); a tooltip carries the
 * whole line for whatever a narrower list still cuts.
 */
final class ColumnListCell extends ListCell<ColumnProfile> {
    private static final double BADGE = 52; // "DATE" fits with the tag's padding
    private static final double SPARKLINE = 80;
    private static final double GAPS = 2 * 8;
    /** The cell's padding, the list's border and its vertical scroll bar. */
    private static final double CHROME = 12 + 4 + 16;

    private final Label badge = new Label();
    private final Label name = new Label();
    private final Label facts = new Label();
    private final Canvas sparkline = new Canvas(SPARKLINE, 24);
    private final Tooltip tip = new Tooltip(); // one per cell: a tooltip is a window, costly to make on every update
    private final HBox row;

    ColumnListCell(ListView<ColumnProfile> list) {
        badge.getStyleClass().add(io.pipewright.ui.common.Styles.TAG);
        badge.setMinWidth(BADGE);
        badge.setPrefWidth(BADGE);
        badge.setAlignment(Pos.CENTER);
        setPrefWidth(0); // fit the list's width instead of widening it
        name.getStyleClass().add(Styles.TEXT_BOLD);
        facts.getStyleClass().addAll(io.pipewright.ui.common.Styles.MUTED, Styles.TEXT_SMALL);
        var text = new VBox(1, name, facts);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMinWidth(0);
        name.setMinWidth(0);
        facts.setMinWidth(0);
        row = new HBox(8, badge, text, sparkline);
        row.setAlignment(Pos.CENTER_LEFT);
        // as wide as the list, so that what does not fit is cut (with the tooltip) rather than scrolled
        row.prefWidthProperty().bind(list.widthProperty().subtract(28));
        row.maxWidthProperty().bind(row.prefWidthProperty());
        row.setMinWidth(0);
        setTooltip(tip);
    }

    /** The missing share and distinct count under the name (the badge says the type). */
    static String facts(ColumnProfile column) {
        long total = column.count() + column.missing();
        return String.format(Locale.US, "%.1f %% missing · %s%,d distinct", total == 0 ? 0.0 : 100.0 * column.missing() / total,
                column.distinctExact() ? "" : "≈ ", column.distinct());
    }

    /** The width a list needs to show every cell's name and facts whole, in the theme's {@code font}. */
    static double width(List<ColumnProfile> columns, Font font) {
        // the name is bold, the facts small (AtlantaFX's text-small: 0.8 em)
        var bold = new Text();
        bold.setFont(Font.font(font.getFamily(), FontWeight.BOLD, font.getSize()));
        var small = new Text();
        small.setFont(Font.font(font.getFamily(), font.getSize() * 0.8));
        double text = 0;
        for (ColumnProfile column : columns) {
            bold.setText(column.name());
            small.setText(facts(column));
            text = Math.max(text, Math.max(bold.getLayoutBounds().getWidth(), small.getLayoutBounds().getWidth()));
        }
        return Math.ceil(BADGE + SPARKLINE + GAPS + text + CHROME + 28);
    }

    /** A profile's records are replaced whole: a new object is a new item (a record's equals would walk all its components). */
    @Override
    protected boolean isItemChanged(ColumnProfile before, ColumnProfile after) {
        return before != after;
    }

    @Override
    protected void updateItem(ColumnProfile column, boolean empty) {
        super.updateItem(column, empty);
        if (empty || column == null) {
            setGraphic(null);
            return;
        }
        badge.setText(badge(column.type()));
        name.setText(column.name());
        facts.setText(facts(column));
        tip.setText(column.name() + "\n" + column.type() + " · " + facts(column));
        Charts.sparkline(sparkline, column);
        setGraphic(row);
    }

    static String badge(String type) {
        return switch (type) {
            case "numeric" -> "123";
            case "boolean" -> "T/F";
            case "datetime" -> "DATE";
            case "categorical" -> "ABC";
            case "text" -> "TXT";
            case "identifier" -> "ID";
            default -> "?";
        };
    }
}
