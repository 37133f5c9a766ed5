package io.pipewright.ui.data;

import io.pipewright.profile.DatasetProfile;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The Target tab: how strongly every other column goes with the chosen target, strongest first,
 * each with its measure (Pearson's r, the correlation ratio η or Cramér's V) and a bar of its size.
 */
final class TargetAssociationsPane extends VBox {
    private static final double BAR = 160;

    private final Label note = new Label();
    private final TableView<DatasetProfile.Association> table = new TableView<>();

    TargetAssociationsPane() {
        super(8);
        setId("target-pane");
        setPadding(new Insets(12));
        note.setId("target-note");
        note.setWrapText(true);
        // whole, however low the window: the table below it scrolls instead
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        note.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        table.setId("target-associations");
        table.setPlaceholder(new Label("No column could be measured against the target"));
        var column = new TableColumn<DatasetProfile.Association, String>("Column");
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().column()));
        column.setPrefWidth(190);
        var measure = new TableColumn<DatasetProfile.Association, String>("Measure");
        measure.setCellValueFactory(cell -> new ReadOnlyStringWrapper(measure(cell.getValue().measure())));
        measure.setPrefWidth(150);
        var strength = new TableColumn<DatasetProfile.Association, DatasetProfile.Association>("Strength");
        strength.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        strength.setCellFactory(c -> new StrengthCell());
        strength.setPrefWidth(BAR + 80);
        strength.setSortable(false);
        table.getColumns().add(column);
        table.getColumns().add(measure);
        table.getColumns().add(strength);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(note, table);
        show(null, false);
    }

    /** Fills the tab from a profile (null: none yet); {@code chosen} says whether a target is set. */
    void show(DatasetProfile profile, boolean chosen) {
        var target = profile == null ? null : profile.target();
        boolean shown = target != null;
        table.setVisible(shown);
        table.setManaged(shown);
        if (shown) {
            note.setText(String.format(Locale.US, "How strongly each column goes with %s, strongest first, on %,d sampled rows. "
                    + "Pearson's r for two numbers (−1 to +1), the correlation ratio η for a number and a category, "
                    + "Cramér's V for two categories (0 to 1).", target.column(), profile.sampleRows()));
            table.getItems().setAll(target.associations());
        } else {
            note.setText(!chosen ? "Choose a target above to see how strongly every other column goes with it."
                    : "The associations with the target appear when the profile is complete.");
            table.getItems().clear();
        }
    }

    static String measure(String id) {
        return switch (id) {
            case "pearson" -> "Pearson's r";
            case "correlation_ratio" -> "correlation ratio η";
            case "cramers_v" -> "Cramér's V";
            default -> id;
        };
    }

    /** A bar as long as the value's size (blue, or red for a negative r) and the value itself. */
    private static final class StrengthCell extends TableCell<DatasetProfile.Association, DatasetProfile.Association> {
        private final Region bar = new Region();
        private final Label value = new Label();
        private final HBox row;

        StrengthCell() {
            var track = new StackPane(bar);
            track.setAlignment(Pos.CENTER_LEFT);
            track.setMinWidth(BAR);
            track.setPrefWidth(BAR);
            track.setMaxWidth(BAR);
            bar.setMaxHeight(10);
            bar.setMinHeight(10);
            value.setMinWidth(Region.USE_PREF_SIZE);
            row = new HBox(8, track, value);
            row.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(DatasetProfile.Association association, boolean empty) {
            super.updateItem(association, empty);
            if (empty || association == null) {
                setGraphic(null);
                return;
            }
            double size = Math.min(1, Math.abs(association.value()));
            bar.setPrefWidth(Math.max(1, size * BAR));
            bar.setMaxWidth(Math.max(1, size * BAR));
            bar.setStyle("-fx-background-color: " + (association.value() < 0 ? "#d1242f" : "#1f6feb") + "; -fx-background-radius: 2;");
            value.setText(String.format(Locale.US, "%.2f", association.value()));
            setGraphic(row);
        }
    }
}
