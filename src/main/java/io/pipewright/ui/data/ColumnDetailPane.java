package io.pipewright.ui.data;

import atlantafx.base.theme.Styles;
import io.pipewright.data.ColumnType;
import io.pipewright.profile.ColumnProfile;
import io.pipewright.profile.DatasetProfile;
import io.pipewright.work.NumberText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.value.ObservableDoubleValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * The Column tab: the selected column's name and type box, its statistics, and beside them its
 * histogram (with a count axis) and most frequent values, so that the chart is in view without
 * scrolling; the histogram takes the width the statistics leave.
 */
final class ColumnDetailPane extends VBox {
    private static final double GAP = 28;
    private static final double MIN_CHART = 240;
    private static final double MAX_CHART = 560;

    private final DataViewModel model;
    private final Supplier<Color> textColour;
    private final ObservableDoubleValue available;
    private final Label name = new Label();
    private final ComboBox<String> type = new ComboBox<>();
    private final HBox heading = new HBox(12, name, type);
    private ColumnProfile column;
    private boolean updatingType;
    private GridPane statistics;
    private CountHistogram histogram;

    /** {@code available}: the width the tab gives (its viewport), which the histogram follows. */
    ColumnDetailPane(DataViewModel model, Supplier<Color> textColour, ObservableDoubleValue available) {
        super(12);
        this.model = model;
        this.textColour = textColour;
        this.available = available;
        setPadding(new Insets(12));
        setId("column-detail");
        name.setId("detail-name");
        name.getStyleClass().add(Styles.TITLE_3);
        type.setId("detail-type");
        for (ColumnType value : ColumnType.values()) {
            type.getItems().add(value.id());
        }
        type.setOnAction(event -> {
            ColumnProfile shown = column;
            if (!updatingType && shown != null && type.getValue() != null && !type.getValue().equals(shown.type())) {
                model.setType(shown.name(), ColumnType.parse(type.getValue()));
            }
        });
        type.setTooltip(new Tooltip("Change the type and profile again"));
        heading.setAlignment(Pos.CENTER_LEFT);
        available.addListener((observable, before, now) -> fitHistogram());
    }

    void clear() {
        getChildren().clear();
        statistics = null;
        histogram = null;
    }

    boolean isEmpty() {
        return getChildren().isEmpty();
    }

    /** Shows a column of {@code profile} (which may be null while a profile is made up for warming up). */
    void show(ColumnProfile shown, DatasetProfile profile) {
        // the heading is made once and refilled: a new ComboBox each time cost a skin and a popup
        name.setText(shown.name());
        column = shown;
        getChildren().clear();
        updatingType = true;
        type.setValue(shown.type());
        updatingType = false;
        getChildren().add(heading);
        if (shown.inferredType() != null) {
            var inferred = new Label("Set by you; the data alone looks " + shown.inferredType() + ".");
            inferred.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            getChildren().add(inferred);
        }
        if (shown.naSuggestions() != null) {
            var suggestions = new FlowPane(8, 8);
            suggestions.getChildren().add(new Label("Looks like a missing-value marker:"));
            for (String token : shown.naSuggestions()) {
                var button = new Button("Treat '" + token + "' as missing");
                button.getStyleClass().add(Styles.SMALL);
                button.setId("na-suggestion-" + token.replaceAll("[^A-Za-z0-9]", "_"));
                button.setOnAction(event -> model.addNaToken(token));
                suggestions.getChildren().add(button);
            }
            getChildren().add(suggestions);
        }
        var charts = new VBox(8);
        Color text = textColour.get();
        histogram = null;
        if (shown.histogram() != null && shown.histogram().counts().length > 1) {
            histogram = new CountHistogram(420, 190);
            histogram.show(shown.histogram(), text);
            var title = new HBox(8, sectionTitle("Distribution"), muted("rows per bin"));
            title.setAlignment(Pos.BASELINE_LEFT);
            charts.getChildren().addAll(title, histogram);
        }
        boolean allDistinct = shown.top() != null && shown.top().stream().allMatch(value -> value.count() == 1);
        if (allDistinct) {
            var note = muted("Every value occurs once: there are no frequent values to show.");
            note.setWrapText(true);
            charts.getChildren().add(note);
        } else if (shown.top() != null && !shown.top().isEmpty()) {
            var canvas = new Canvas(420, shown.top().size() * 20 + 4);
            canvas.setId("detail-top");
            Charts.topValues(canvas, shown.top(), text);
            charts.getChildren().addAll(sectionTitle("Most frequent values"), canvas);
        }
        statistics = statistics(shown, profile);
        statistics.setMinWidth(GridPane.USE_PREF_SIZE);
        statistics.widthProperty().addListener((observable, before, now) -> fitHistogram());
        var body = new HBox(GAP, statistics, charts);
        getChildren().add(body);
        fitHistogram();
    }

    /** The histogram takes the room beside the statistics, within bounds that keep it readable. */
    private void fitHistogram() {
        if (histogram == null || statistics == null) {
            return;
        }
        double stats = statistics.getWidth() > 0 ? statistics.getWidth() : statistics.prefWidth(-1);
        double room = available.get() - getPadding().getLeft() - getPadding().getRight() - stats - GAP - 4;
        histogram.setWidth(Math.max(MIN_CHART, Math.min(MAX_CHART, room)));
    }

    private static Label sectionTitle(String text) {
        var label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_BOLD);
        return label;
    }

    private static Label muted(String text) {
        var label = new Label(text);
        label.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        return label;
    }

    private static GridPane statistics(ColumnProfile column, DatasetProfile profile) {
        var grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(4);
        grid.setId("detail-statistics");
        var rows = new ArrayList<String[]>();
        long total = column.count() + column.missing();
        rows.add(new String[] {"Count", String.format(Locale.US, "%,d", column.count())});
        rows.add(new String[] {"Missing", String.format(Locale.US, "%,d (%.1f %%)", column.missing(), total == 0 ? 0.0 : 100.0 * column.missing() / total)});
        rows.add(new String[] {"Distinct", (column.distinctExact() ? "" : "≈ ") + String.format(Locale.US, "%,d", column.distinct())});
        if (profile != null && profile.target() != null) {
            profile.target().associations().stream().filter(association -> association.column().equals(column.name())).findFirst()
                    .ifPresent(association -> rows.add(new String[] {"With " + profile.target().column(),
                        String.format(Locale.US, "%.2f (%s)", association.value(), TargetAssociationsPane.measure(association.measure()))}));
        }
        add(rows, "Min", column.min(), ColumnDetailPane::value);
        add(rows, "Max", column.max(), ColumnDetailPane::value);
        add(rows, "Mean", column.mean(), ColumnDetailPane::value);
        add(rows, "Std. deviation", column.stddev(), ColumnDetailPane::value);
        if (column.quantiles() != null) {
            var q = column.quantiles();
            // three short rows rather than one long one: the statistics leave the histogram its room
            rows.add(new String[] {"Median", number(q.p50())});
            rows.add(new String[] {"Middle 50 % (25–75 %)", number(q.p25()) + " – " + number(q.p75())});
            rows.add(new String[] {"Middle 90 % (5–95 %)", number(q.p05()) + " – " + number(q.p95())});
        }
        add(rows, "Skewness", column.skewness(), ColumnDetailPane::value);
        add(rows, "Kurtosis", column.kurtosis(), ColumnDetailPane::value);
        add(rows, "Zeros", column.zeros(), ColumnDetailPane::value);
        add(rows, "Negatives", column.negatives(), ColumnDetailPane::value);
        add(rows, "Infinite", column.infinite(), ColumnDetailPane::value);
        add(rows, "True", column.trueCount(), ColumnDetailPane::value);
        add(rows, "False", column.falseCount(), ColumnDetailPane::value);
        add(rows, "Date format", column.dateFormat(), ColumnDetailPane::value);
        if (column.length() != null) {
            rows.add(new String[] {"Length min / mean / max", String.format(Locale.US, "%d / %.1f / %d", column.length().min(),
                    column.length().mean(), column.length().max())});
        }
        if (column.invalid() != null) {
            rows.add(new String[] {"Not " + column.type(), String.format(Locale.US, "%,d, first %s", column.invalid(), column.invalidExample())});
        }
        for (int i = 0; i < rows.size(); i++) {
            var label = muted(rows.get(i)[0]);
            label.setMinWidth(Label.USE_PREF_SIZE);
            var value = new Label(rows.get(i)[1]);
            value.setMinWidth(Label.USE_PREF_SIZE);
            value.setId("stat-" + rows.get(i)[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
            grid.addRow(i, label, value);
        }
        return grid;
    }

    private static <T> void add(List<String[]> rows, String label, T value, Function<Object, String> format) {
        if (value != null) {
            rows.add(new String[] {label, format.apply(value)});
        }
    }

    static String value(Object value) {
        if (value instanceof Double number) {
            return number(number);
        }
        if (value instanceof Long number) {
            return String.format(Locale.US, "%,d", number);
        }
        return String.valueOf(value);
    }

    static String number(double value) {
        return NumberText.of(value);
    }
}
