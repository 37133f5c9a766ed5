package io.pipewright.ui.data;

import io.pipewright.profile.DatasetProfile;
import io.pipewright.ui.common.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * An alert in the Data workspace's list: its type as a tag, then its message. The nodes are made
 * once per cell and relabelled: a partial profile refills the list about once a second, and new
 * nodes in every cell each time cost a CSS pass of their own on the FX thread.
 */
final class AlertListCell extends ListCell<DatasetProfile.Alert> {
    private final Label type = new Label();
    private final Label message = new Label();
    private final HBox row = new HBox(8, type, message);

    AlertListCell() {
        type.getStyleClass().add(Styles.TAG);
        type.setMinWidth(Region.USE_PREF_SIZE);
        message.setWrapText(true);
        row.setAlignment(Pos.CENTER_LEFT);
    }

    /** A profile's records are replaced whole: a new object is a new item (a record's equals would walk all its components). */
    @Override
    protected boolean isItemChanged(DatasetProfile.Alert before, DatasetProfile.Alert after) {
        return before != after;
    }

    @Override
    protected void updateItem(DatasetProfile.Alert alert, boolean empty) {
        super.updateItem(alert, empty);
        setText(null);
        if (empty || alert == null) {
            setGraphic(null);
            return;
        }
        type.setText(alert.type().name());
        message.setText(alert.message());
        setGraphic(row);
    }
}
