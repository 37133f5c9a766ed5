package io.pipewright.ui.shell;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * Help → Getting started: the main flows of the app in a few steps each, and every keyboard
 * shortcut. Not modal, so it can stay open beside the window while the steps are tried.
 */
final class GettingStartedDialog extends Dialog<Void> {
    private static final double WIDTH = 820;
    private static final double HEIGHT = 640;

    /** One flow: a title and its steps, in the words of the screens they happen on. */
    record Flow(String title, List<String> steps) {
    }

    static final List<Flow> FLOWS = List.of(
            new Flow("Profile a dataset", List.of(
                    "On Home, open one of the sample datasets, drop a CSV, TSV, JSON, Parquet or ARFF file anywhere on the window, "
                            + "or use File → Open Dataset….",
                    "The Data workspace profiles it as it reads: the overview, each column's statistics and histogram, the alerts, "
                            + "the correlations and a preview of the rows.",
                    "Choose a target column to see how strongly every other column goes with it; Export HTML… writes the report.")),
            new Flow("Build and run a pipeline", List.of(
                    "On Home, open one of the sample pipelines; or in Pipelines press New and drag node types from the palette onto "
                            + "the canvas.",
                    "Drag from an output port to an input port to connect two nodes; the selected node's parameters are on the right, "
                            + "and the Problems list below says what is missing.",
                    "Run (F5) runs every node, Run to selected (Shift+F5) the selected node and what it reads; unchanged nodes come "
                            + "from the cache. Double-click a table output port to see its rows.")),
            new Flow("Watch training", List.of(
                    "Training opens when a run starts: each model's learning curves, the tuning trials with the best so far, and the "
                            + "machine's CPU, memory and GPU.",
                    "Stop ends the run (it is recorded as killed). A finished run shows the same charts: Show in Training from its "
                            + "detail in Experiments.")),
            new Flow("Compare runs", List.of(
                    "Every run lands in Experiments, grouped by the pipeline's name; choose the columns to show and filter with "
                            + "metrics.eval.roc_auc > 0.8.",
                    "Select two or more runs and press Compare: their params and metrics side by side, learning curves, parallel "
                            + "coordinates, scatter and box plots, and the ROC and precision-recall curves.",
                    "Double-click a run for its detail: params, metrics, system metrics, artifacts, the datasets it read and the "
                            + "pipeline as it ran.")),
            new Flow("Register and deploy a model", List.of(
                    "A pipeline's register node records its model in the registry (the tuned credit sample does); Models lists the "
                            + "versions, and Set alias… makes one the champion.",
                    "Export bundle… opens the version in Deploy: set the options, look through the bundle's files and what each "
                            + "validator says, then Export… writes it.")),
            new Flow("Check data quality", List.of(
                    "Quality → Validation: choose a dataset, Generate suite, tighten the expectations and Validate.",
                    "Quality → Drift: choose the reference and the current data and Run to see which columns drifted.",
                    "Quality → Datasets lists every version of every file read, with the runs and models that used it; Monitors shows "
                            + "each monitor's checks over time.")));

    GettingStartedDialog(Window owner, List<KeyboardShortcuts.Shortcut> shortcuts) {
        initOwner(owner);
        initModality(Modality.NONE);
        setTitle("Getting started");
        setHeaderText("Getting started with Pipewright");
        setResizable(true);
        getDialogPane().setId("getting-started");
        getDialogPane().getStylesheets().add(ShellResources.stylesheet());

        var content = new VBox(18);
        content.setPadding(new Insets(4, 16, 16, 4));
        var intro = wrapped("Every step below also runs from the command line on the same files: pipewright --help lists the commands.");
        intro.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        content.getChildren().add(intro);
        for (Flow flow : FLOWS) {
            content.getChildren().add(flow(flow));
        }
        content.getChildren().add(shortcutTable(shortcuts));

        var scroll = new ScrollPane(content);
        scroll.setId("getting-started-scroll");
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        getDialogPane().setContent(scroll);
        getDialogPane().setPrefSize(WIDTH, HEIGHT);
        getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
    }

    private static VBox flow(Flow flow) {
        var title = new Label(flow.title());
        title.getStyleClass().add(Styles.TITLE_4);
        var box = new VBox(6, title);
        box.setId("guide-" + flow.title().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "-"));
        int number = 1;
        for (String step : flow.steps()) {
            box.getChildren().add(wrapped(number++ + ". " + step));
        }
        return box;
    }

    private static VBox shortcutTable(List<KeyboardShortcuts.Shortcut> shortcuts) {
        var title = new Label("Keyboard shortcuts");
        title.getStyleClass().add(Styles.TITLE_4);
        var grid = new GridPane();
        grid.setId("guide-shortcuts");
        grid.setHgap(24);
        grid.setVgap(4);
        // both columns wrap: the longest key lists would otherwise squeeze the actions into three lines
        var action = new ColumnConstraints();
        action.setPercentWidth(55);
        var keys = new ColumnConstraints();
        keys.setPercentWidth(45);
        grid.getColumnConstraints().addAll(action, keys);
        int row = 0;
        for (var shortcut : shortcuts) {
            var key = wrapped(shortcut.keys());
            key.getStyleClass().add(Styles.TEXT_BOLD);
            var what = wrapped(shortcut.action());
            GridPane.setValignment(what, javafx.geometry.VPos.TOP);
            GridPane.setValignment(key, javafx.geometry.VPos.TOP);
            grid.addRow(row++, what, key);
        }
        return new VBox(8, title, grid);
    }

    private static Label wrapped(String text) {
        var label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE); // wrap rather than cut the text
        return label;
    }
}
