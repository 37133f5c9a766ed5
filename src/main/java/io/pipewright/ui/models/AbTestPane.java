package io.pipewright.ui.models;

import atlantafx.base.theme.Styles;
import io.pipewright.loop.ab.AbAnalysis;
import java.io.File;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * The Models workspace's A/B test tab: on the left, the sample an experiment needs (baseline, minimum
 * detectable effect, alpha, power, split, and optionally the standard deviation of a mean and the
 * traffic a day); on the right, the analysis of an experiment a server ran (its log folder) or of two
 * scored files: the verdict first, then each variant's metric, the difference, the sample-ratio check
 * and the sequential test, as {@code pipewright ab} prints them.
 */
public final class AbTestPane extends ScrollPane {
    private final AbTestViewModel model;
    private final VBox result = new VBox(4);
    private final Label verdict = new Label();

    public AbTestPane(AbTestViewModel model) {
        this.model = model;
        setId("ab-test");
        setFitToWidth(true);

        var planTitle = title("Plan an experiment");
        var planForm = new GridPane();
        planForm.setHgap(8);
        planForm.setVgap(6);
        field(planForm, 0, 0, "Baseline", "ab-baseline", model.baselineProperty(), "0.715", "The metric now: a proportion, or a mean with an SD");
        field(planForm, 0, 1, "MDE", "ab-mde", model.mdeProperty(), "0.03", "The smallest difference worth detecting, absolute (negative for a drop)");
        field(planForm, 1, 0, "Alpha", "ab-alpha", model.alphaProperty(), "0.05", "Two-sided significance level");
        field(planForm, 1, 1, "Power", "ab-power", model.powerProperty(), "0.8", "The chance of detecting the MDE when it is there");
        field(planForm, 2, 0, "Split to b", "ab-plan-split", model.planSplitProperty(), "0.5", "The share of traffic sent to b");
        field(planForm, 2, 1, "SD", "ab-sd", model.sdProperty(), "(proportion)",
                "The standard deviation of one observation: given, the plan is for a mean (Welch's t-test)");
        field(planForm, 3, 0, "Traffic a day", "ab-traffic", model.trafficProperty(), "(optional)", "Observations a day, both variants together");
        var planButton = new Button("Plan");
        planButton.setId("ab-plan-button");
        planButton.setOnAction(event -> model.plan());
        planForm.add(planButton, 3, 3);
        var planResult = new Label();
        planResult.setId("ab-plan-result");
        planResult.setWrapText(true);
        model.planProperty().addListener((o, old, plan) -> planResult.setText(AbTestViewModel.describe(plan)));
        // as wide as the form, wrapped: the column does not grow with the sentence
        planResult.maxWidthProperty().bind(planForm.widthProperty());
        var planMessage = message("ab-plan-message");
        planMessage.textProperty().bind(model.planMessageProperty());
        planMessage.maxWidthProperty().bind(planForm.widthProperty());
        var planBox = new VBox(8, planTitle, planForm, planResult, planMessage);
        planBox.setMinWidth(Region.USE_PREF_SIZE);

        var analysisTitle = title("Analyse an experiment");
        var analysisForm = new GridPane();
        analysisForm.setHgap(8);
        analysisForm.setVgap(6);
        pathRow(analysisForm, 0, "Server log folder", "ab-log-folder", model.logFolderProperty(), true,
                "The --log-requests folder of pipewright serve --ab … --split …: requests.jsonl and feedback.jsonl");
        pathRow(analysisForm, 1, "or scored file a", "ab-file-a", model.fileAProperty(), false,
                "CSV or JSON Lines with prediction and label columns, one labelled prediction a row");
        pathRow(analysisForm, 2, "and scored file b", "ab-file-b", model.fileBProperty(), false, "As file a, for variant b");
        var split = new TextField();
        split.setId("ab-split");
        split.setPrefColumnCount(5);
        split.textProperty().bindBidirectional(model.splitProperty());
        split.setTooltip(new Tooltip("The share of units the split sent to b (the server's --split)"));
        var analyze = new Button("Analyse");
        analyze.setId("ab-analyze-button");
        analyze.getStyleClass().add(Styles.ACCENT);
        analyze.setMinWidth(Button.USE_PREF_SIZE);
        analyze.disableProperty().bind(model.analysingProperty());
        analyze.setOnAction(event -> model.analyze());
        var splitLabel = new Label("Split to b");
        splitLabel.setMinWidth(Label.USE_PREF_SIZE);
        splitLabel.setLabelFor(split);
        verdict.setId("ab-verdict");
        verdict.setMinWidth(Label.USE_PREF_SIZE);
        // the verdict beside the button, where it is seen without scrolling
        var splitRow = new HBox(8, split, analyze, verdict);
        splitRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        analysisForm.add(splitLabel, 0, 3);
        analysisForm.add(splitRow, 1, 3, 2, 1);
        var analysisMessage = message("ab-analysis-message");
        analysisMessage.textProperty().bind(model.analysisMessageProperty());
        result.setId("ab-analysis");
        model.analysisProperty().addListener((o, old, analysis) -> show(analysis));
        show(null);
        var analysisBox = new VBox(8, analysisTitle, analysisForm, analysisMessage);
        HBox.setHgrow(analysisBox, Priority.ALWAYS);

        var separator = new Separator(javafx.geometry.Orientation.VERTICAL);
        // the analysis's details below both forms, across the whole tab: its table needs the width
        var content = new VBox(10, new HBox(16, planBox, separator, analysisBox), result);
        content.setPadding(new Insets(10));
        setContent(content);
    }

    private static Label title(String text) {
        var title = new Label(text);
        title.getStyleClass().add(Styles.TEXT_BOLD);
        return title;
    }

    private static Label message(String id) {
        var label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().add(Styles.DANGER);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private static void field(GridPane grid, int row, int pair, String name, String id, StringProperty value, String prompt, String help) {
        var label = new Label(name);
        label.setMinWidth(Label.USE_PREF_SIZE);
        var field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(6);
        field.textProperty().bindBidirectional(value);
        field.setTooltip(new Tooltip(help));
        label.setLabelFor(field);
        grid.add(label, pair * 2, row);
        grid.add(field, pair * 2 + 1, row);
    }

    private void pathRow(GridPane grid, int row, String name, String id, StringProperty value, boolean folder, String help) {
        var label = new Label(name);
        label.setMinWidth(Label.USE_PREF_SIZE);
        var field = new TextField();
        field.setId(id);
        field.setPrefColumnCount(12);
        field.textProperty().bindBidirectional(value);
        field.setTooltip(new Tooltip(help));
        GridPane.setHgrow(field, Priority.ALWAYS);
        var browse = new Button("Browse…");
        browse.setMinWidth(Button.USE_PREF_SIZE);
        browse.setOnAction(event -> {
            File chosen;
            if (folder) {
                var chooser = new DirectoryChooser();
                chooser.setTitle("The server's log folder");
                chosen = chooser.showDialog(getScene().getWindow());
            } else {
                var chooser = new FileChooser();
                chooser.setTitle("A scored file (CSV or JSON Lines)");
                chosen = chooser.showOpenDialog(getScene().getWindow());
            }
            if (chosen != null) {
                value.set(chosen.getAbsolutePath());
            }
        });
        label.setLabelFor(field);
        grid.add(label, 0, row);
        grid.add(field, 1, row);
        grid.add(browse, 2, row);
    }

    private void show(AbAnalysis analysis) {
        if (analysis == null) {
            verdict.setText("");
            var hint = new Label("Give a server's log folder (serve --ab … --log-requests DIR) and its split, then Analyse.");
            hint.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
            hint.setWrapText(true);
            result.getChildren().setAll(hint);
            return;
        }
        verdict.setText("Verdict: " + analysis.verdict());
        verdict.getStyleClass().removeAll(Styles.SUCCESS, Styles.ACCENT, Styles.WARNING, Styles.DANGER);
        verdict.getStyleClass().addAll(Styles.TITLE_4, switch (analysis.verdict()) {
            case AbAnalysis.SWITCH -> Styles.SUCCESS;
            case AbAnalysis.KEEP -> Styles.ACCENT;
            case AbAnalysis.INCONCLUSIVE -> Styles.WARNING;
            default -> Styles.DANGER;
        });
        var reason = new Label(analysis.reason());
        reason.setId("ab-reason");
        reason.setWrapText(true);

        var table = new GridPane();
        table.setId("ab-variants");
        table.setHgap(14);
        table.setVgap(2);
        String metric = analysis.metric().id() + (analysis.metric().lowerIsBetter() ? " (lower is better)" : "");
        List<String> header = List.of("Variant", "Version", "Assigned", "Labelled", metric, "95 % interval");
        for (int column = 0; column < header.size(); column++) {
            var cell = new Label(header.get(column));
            cell.setMinWidth(Label.USE_PREF_SIZE);
            cell.getStyleClass().add(Styles.TEXT_BOLD);
            table.add(cell, column, 0);
        }
        int row = 1;
        for (var entry : List.of(java.util.Map.entry("a", analysis.a()), java.util.Map.entry("b", analysis.b()))) {
            var v = entry.getValue();
            String version = v.version() != null ? v.version() : v.versions().isEmpty() ? "–" : String.join(", ", v.versions());
            List<String> cells = List.of(entry.getKey(), version, String.format(Locale.ROOT, "%,d", v.assigned()), String.format(Locale.ROOT, "%,d", v.n()),
                    String.format(Locale.ROOT, "%.4f", v.value()), String.format(Locale.ROOT, "[%.4f, %.4f]", v.low(), v.high()));
            for (int column = 0; column < cells.size(); column++) {
                var cell = new Label(cells.get(column));
                cell.setMinWidth(Label.USE_PREF_SIZE);
                table.add(cell, column, row);
            }
            row++;
        }
        var d = analysis.difference();
        var difference = line("ab-difference", String.format(Locale.ROOT, "Difference b − a: %+.4f, 95 %% interval [%+.4f, %+.4f], p = %s (fixed horizon)",
                d.value(), d.low(), d.high(), p(d.pValue())));
        var srm = analysis.sampleRatio();
        var ratio = line("ab-sample-ratio", String.format(Locale.ROOT, "Sample ratio: b got %.2f %% of %,d units, the split %.2f %%: p = %s, %s",
                srm.observed() * 100, srm.assignedA() + srm.assignedB(), srm.expected() * 100, p(srm.pValue()),
                srm.passed() ? "passed" : "mismatch (below 0.001)"));
        var sequential = line("ab-sequential", String.format(Locale.ROOT, "Sequential (mSPRT, normal mixture, τ %s): always-valid p = %s%s",
                analysis.tau(), p(analysis.sequentialPValue()),
                analysis.decidedAt() == 0 ? "" : String.format(Locale.ROOT, ", below α since labelled prediction %,d", analysis.decidedAt())));
        result.getChildren().setAll(reason, table, difference, ratio, sequential);
    }

    private static Label line(String id, String text) {
        var label = new Label(text);
        label.setId(id);
        label.setWrapText(true);
        return label;
    }

    private static String p(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }
}
