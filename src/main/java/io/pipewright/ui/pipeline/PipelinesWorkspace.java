package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.edit.PipelineDraft;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.Workspace;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The Pipelines workspace: the node palette, the canvas, the selected node's parameters, the
 * problems the validator finds and a preview of any table a run produced; a toolbar and the keys
 * people expect (Delete, Ctrl+Z/Y, Ctrl+C/V, Ctrl+A, Ctrl+S, F5). Unsaved changes are marked in the
 * title and asked about before the pipeline is replaced or the window closes.
 */
public final class PipelinesWorkspace implements Workspace {
    private final PipelineEditorViewModel model;
    private final DialogService dialogs;
    private final Host host;
    private final Supplier<Path> folder;
    private final BorderPane root = new BorderPane();
    private final TabPane bottom = new TabPane();
    private final Tab problemsTab = new Tab();
    private final Tab dataTab = new Tab("Output");
    private final javafx.beans.value.ObservableValue<io.pipewright.ui.chart.Palette> chartPalette;
    private final ClusterExportViewModel.Services cluster;
    /** The editor's parts, built when the window first asks for the view (after its first frame, unless this workspace is on screen). */
    private boolean built;
    private PipelineCanvas canvas;
    private OutputPane output;
    private SplitPane split;
    private ClusterExportWindow clusterExport;

    /** {@code folder}: where the open dialog starts (the sample pipelines). */
    public PipelinesWorkspace(PipelineEditorViewModel model, DialogService dialogs, Supplier<Path> folder) {
        this(model, dialogs, folder, new javafx.beans.property.SimpleObjectProperty<>(io.pipewright.ui.chart.Palette.LIGHT), Host.NONE);
    }

    /** {@code chartPalette}: the colours the output charts are drawn in (the theme's); {@code host}: the window, which shows this workspace when a pipeline opens. */
    public PipelinesWorkspace(PipelineEditorViewModel model, DialogService dialogs, Supplier<Path> folder,
                              javafx.beans.value.ObservableValue<io.pipewright.ui.chart.Palette> chartPalette, Host host) {
        this(model, dialogs, folder, chartPalette, host, null);
    }

    /** {@code cluster}: what <i>Export for cluster…</i> runs its planning with (null: no such button). */
    public PipelinesWorkspace(PipelineEditorViewModel model, DialogService dialogs, Supplier<Path> folder,
                              javafx.beans.value.ObservableValue<io.pipewright.ui.chart.Palette> chartPalette, Host host,
                              ClusterExportViewModel.Services cluster) {
        this.model = model;
        this.dialogs = dialogs;
        this.host = host;
        this.folder = folder;
        this.chartPalette = chartPalette;
        this.cluster = cluster;
        root.setId("pipelines-workspace");
    }

    private void build() {
        built = true;
        this.clusterExport = cluster == null ? null : new ClusterExportWindow(model, cluster, dialogs);
        this.canvas = new PipelineCanvas(model);
        this.output = new OutputPane(model, chartPalette);
        canvas.setOnPreview(this::showOutput);

        var palette = new NodePalette(model.catalog(), type -> {
            model.addAfterSelection(type, 40, 40);
        });
        var form = new ParamForm(model, dialogs);

        var problems = new ListView<PipelineValidator.Problem>(model.problems());
        problems.setId("problems-list");
        problems.setPlaceholder(new Label("No problems: the pipeline can run."));
        problems.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(PipelineValidator.Problem item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.toString());
                // a long message (a refusal names two nodes, a column and the fix) reads whole on hover
                Tooltip tip = empty || item == null ? null : new Tooltip(item.toString());
                if (tip != null) {
                    tip.setWrapText(true);
                    tip.setMaxWidth(640);
                }
                setTooltip(tip);
            }
        });
        problems.setOnMouseClicked(event -> {
            var problem = problems.getSelectionModel().getSelectedItem();
            if (problem != null && problem.nodeId() != null && model.document().node(problem.nodeId()).isPresent()) {
                model.select(java.util.List.of(problem.nodeId()));
            }
        });
        problemsTab.setContent(problems);
        problemsTab.setClosable(false);
        problemsTab.setId("problems-tab");
        model.problems().addListener((javafx.collections.ListChangeListener<PipelineValidator.Problem>) change -> updateProblemsTitle());
        updateProblemsTitle();
        model.lastRunProperty().addListener((o, before, summary) -> {
            if (summary != null) {
                output.showRun(summary);
                roomForOutput();
            }
        });
        dataTab.setContent(output);
        dataTab.setClosable(false);
        dataTab.setId("data-tab");
        bottom.getTabs().addAll(problemsTab, dataTab);
        bottom.setId("pipeline-bottom");

        // an empty pipeline's canvas says how to begin, centred over it
        var board = new javafx.scene.layout.StackPane(canvas, new EmptyCanvasHint(model));
        board.setMinSize(0, 0);
        split = new SplitPane(board, bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.74);
        var sides = new SplitPane(palette, split, form);
        sides.setDividerPositions(0.17, 0.78);
        SplitPane.setResizableWithParent(palette, false);
        SplitPane.setResizableWithParent(form, false);

        root.setTop(toolbar());
        root.setCenter(sides);
        root.addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    }

    @Override
    public Region view() {
        if (!built) {
            build();
        }
        return root;
    }

    public PipelineEditorViewModel model() {
        return model;
    }

    /** Shows this workspace and opens a pipeline file in the editor, asking first about unsaved changes. */
    public void open(Path file) {
        host.show(this);
        if (keepOrSaveChanges()) {
            model.open(file);
        }
    }

    /** Opens a pipeline's text (as a run recorded it) in the editor, asking first about unsaved changes; {@code folder}: where its relative paths lead. */
    public void openText(String text, Path folder) {
        if (keepOrSaveChanges()) {
            host.show(this);
            model.openText(text, folder);
        }
    }

    /**
     * Whether what is being edited may be replaced or closed: true when there are no unsaved changes,
     * or they were saved, or the person chose not to keep them.
     */
    public boolean keepOrSaveChanges() {
        if (!model.dirtyProperty().get()) {
            return true;
        }
        return switch (dialogs.askToSave(model.titleProperty().get().replace(" •", ""))) {
            case SAVE -> save();
            case DISCARD -> true;
            case CANCEL -> false;
        };
    }

    private boolean save() {
        return model.save() || saveAs();
    }

    private boolean saveAs() {
        var chosen = dialogs.chooseFileToSave("Save the pipeline", model.document().name() + ".yaml", "yaml");
        chosen.ifPresent(model::saveAs);
        return chosen.isPresent();
    }

    private javafx.scene.layout.VBox toolbar() {
        var create = button("New", "Start an empty pipeline", () -> {
            if (keepOrSaveChanges()) {
                model.newPipeline();
            }
        });
        var open = button("Open…", "Open a pipeline file (.yaml, .yml, .json)", () -> dialogs.choosePipelineToOpen(folder.get()).ifPresent(this::open));
        var save = button("Save", "Save (Ctrl+S)", this::save);
        var saveAs = button("Save as…", "Save to another file", this::saveAs);
        var undo = button("Undo", "Undo (Ctrl+Z)", model::undo);
        undo.disableProperty().bind(model.canUndoProperty().not());
        var redo = button("Redo", "Redo (Ctrl+Y)", model::redo);
        redo.disableProperty().bind(model.canRedoProperty().not());
        var run = button("Run", "Run every node (F5); unchanged nodes come from the cache", () -> model.run(null));
        run.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        run.disableProperty().bind(model.runningProperty());
        var runTo = button("Run to selected", "Run the selected node and what it reads (Shift+F5)", this::runToSelected);
        runTo.disableProperty().bind(model.runningProperty());
        var stop = button("Stop", "Stop the run: it is recorded as killed", model::stop);
        stop.disableProperty().bind(model.runningProperty().not());
        var arrange = new javafx.scene.control.MenuButton("Arrange");
        arrange.setId("pipeline-arrange");
        arrange.getItems().addAll(menuItem("Auto-layout", "pipeline-auto-layout", model::autoLayout),
                menuItem("Align left", "pipeline-align-left", () -> model.align(PipelineDraft.Alignment.LEFT)),
                menuItem("Align top", "pipeline-align-top", () -> model.align(PipelineDraft.Alignment.TOP)),
                menuItem("Fit to view (Ctrl+0)", "pipeline-fit", canvas::fit));
        var title = new Label();
        title.setId("pipeline-title");
        title.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_BOLD);
        title.textProperty().bind(model.titleProperty());
        title.setMinWidth(Region.USE_PREF_SIZE);
        // the file and what was done last get a line of their own under the buttons, as wide as the
        // workspace: beside the buttons there was room for a few letters of "Run 2026…" at 1280 pixels
        var message = new Label();
        message.setId("pipeline-message");
        message.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        message.textProperty().bind(model.messageProperty());
        message.setMinWidth(0);
        var tip = new io.pipewright.ui.common.WrappedTooltip();
        tip.textProperty().bind(model.messageProperty());
        message.tooltipProperty().bind(javafx.beans.binding.Bindings.when(model.messageProperty().isEmpty()).then((Tooltip) null).otherwise(tip));
        HBox.setHgrow(message, Priority.ALWAYS);
        var buttons = new HBox(6, create, open, save, saveAs, new Separator(Orientation.VERTICAL), undo, redo,
                new Separator(Orientation.VERTICAL), run, runTo, stop, new Separator(Orientation.VERTICAL), arrange);
        if (clusterExport != null) {
            var cluster = button("Export for cluster…", "The workflow a cluster (Argo Workflows) runs for the saved pipeline: its tasks, "
                    + "their commands and resources, validated before anything is written", () -> clusterExport.show(root.getScene() == null ? null
                    : root.getScene().getWindow()));
            buttons.getChildren().add(cluster);
        }
        buttons.getChildren().stream().filter(node -> node instanceof javafx.scene.control.ButtonBase)
                .forEach(node -> ((Region) node).setMinWidth(Region.USE_PREF_SIZE));
        buttons.setAlignment(Pos.CENTER_LEFT);
        var status = new HBox(10, title, message);
        status.setId("pipeline-status");
        status.setAlignment(Pos.BASELINE_LEFT);
        var bar = new javafx.scene.layout.VBox(6, buttons, status);
        bar.setPadding(new Insets(8, 12, 6, 12));
        bar.getStyleClass().add("pipeline-toolbar");
        return bar;
    }

    private static javafx.scene.control.MenuItem menuItem(String text, String id, Runnable action) {
        var item = new javafx.scene.control.MenuItem(text);
        item.setId(id);
        item.setOnAction(event -> action.run());
        return item;
    }

    private void runToSelected() {
        if (model.selection().size() == 1) {
            model.run(model.selection().iterator().next());
        } else {
            model.run(null);
        }
    }

    private static Button button(String text, String tip, Runnable action) {
        var button = new Button(text);
        button.setId("pipeline-" + text.toLowerCase(Locale.ROOT).replace("…", "").replace(' ', '-'));
        button.setTooltip(new Tooltip(tip));
        button.setOnAction(event -> action.run());
        return button;
    }

    private void key(KeyEvent event) {
        boolean typing = root.getScene() != null && root.getScene().getFocusOwner() instanceof javafx.scene.control.TextInputControl;
        boolean shortcut = event.isShortcutDown();
        if (event.getCode() == KeyCode.F5) {
            if (event.isShiftDown()) {
                runToSelected();
            } else {
                model.run(null);
            }
        } else if (shortcut && event.getCode() == KeyCode.S) {
            save();
        } else if (typing) {
            return;
        } else if (event.getCode() == KeyCode.DELETE || event.getCode() == KeyCode.BACK_SPACE) {
            String edge = canvas.selectedEdge();
            if (edge != null && model.selection().isEmpty()) {
                int dot = edge.lastIndexOf('.');
                model.disconnect(edge.substring(0, dot), edge.substring(dot + 1));
            } else {
                model.deleteSelection();
            }
        } else if (shortcut && event.getCode() == KeyCode.Z) {
            if (event.isShiftDown()) {
                model.redo();
            } else {
                model.undo();
            }
        } else if (shortcut && event.getCode() == KeyCode.Y) {
            model.redo();
        } else if (shortcut && event.getCode() == KeyCode.C) {
            String text = model.copySelection();
            if (text != null) {
                var content = new ClipboardContent();
                content.putString(text);
                Clipboard.getSystemClipboard().setContent(content);
            }
        } else if (shortcut && event.getCode() == KeyCode.V) {
            var clipboard = Clipboard.getSystemClipboard();
            model.paste(clipboard.hasString() ? clipboard.getString() : null);
        } else if (shortcut && event.getCode() == KeyCode.A) {
            model.selectAll();
        } else if (shortcut && (event.getCode() == KeyCode.EQUALS || event.getCode() == KeyCode.PLUS)) {
            canvas.zoomBy(1.2, canvas.getWidth() / 2, canvas.getHeight() / 2);
        } else if (shortcut && event.getCode() == KeyCode.MINUS) {
            canvas.zoomBy(1 / 1.2, canvas.getWidth() / 2, canvas.getHeight() / 2);
        } else if (shortcut && event.getCode() == KeyCode.DIGIT0) {
            canvas.fit();
        } else {
            return;
        }
        event.consume();
    }

    private void updateProblemsTitle() {
        int count = model.problems().size();
        problemsTab.setText(count == 0 ? "Problems" : "Problems (" + count + ")");
    }

    /** Shows what an output port gave in the last run, with room for its charts. */
    private void showOutput(String nodeId, String port) {
        output.show(nodeId, port);
        roomForOutput();
    }

    /** Brings the Output tab forward with half the height for it; the canvas, made smaller, fits the pipeline again. */
    private void roomForOutput() {
        bottom.getSelectionModel().select(dataTab);
        if (split.getDividerPositions()[0] > 0.5) {
            split.setDividerPositions(0.5);
            javafx.application.Platform.runLater(canvas::fit);
        }
    }

    // ---- as a workspace of the main window

    @Override
    public String id() {
        return "pipelines";
    }

    @Override
    public String title() {
        return "Pipelines";
    }

    @Override
    public String icon() {
        return Icons.GRAPH;
    }

    @Override
    public String shortcut() {
        return "Shortcut+3";
    }

    @Override
    public boolean mayClose() {
        return keepOrSaveChanges();
    }

    @Override
    public java.util.List<javafx.scene.control.MenuItem> fileMenuItems() {
        var open = new javafx.scene.control.MenuItem("Open Pipeline…");
        open.setId("menu-open-pipeline");
        open.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+Shift+O"));
        open.setOnAction(event -> {
            host.show(this);
            dialogs.choosePipelineToOpen(folder.get()).ifPresent(this::open);
        });
        return java.util.List.of(open);
    }

    @Override
    public java.util.List<Keys> keys() {
        return java.util.List.of(
                new Keys("run / run to the selected node", "F5 / Shift+F5"),
                new Keys("save, undo, redo", "Ctrl+S, Ctrl+Z, Ctrl+Y (or Ctrl+Shift+Z)"),
                new Keys("copy, paste, select all, delete", "Ctrl+C, Ctrl+V, Ctrl+A, Delete"),
                new Keys("zoom in, out, fit", "Ctrl+=, Ctrl+-, Ctrl+0 (and Ctrl + wheel)"),
                new Keys("pan", "Space + drag, middle-button drag, wheel"));
    }

    /** Pipeline files, one at a time. */
    @Override
    public java.util.Optional<FileOpener> files() {
        return java.util.Optional.of(new PipelineFiles(this::open));
    }
}
