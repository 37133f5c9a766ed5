package io.pipewright.ui.pipeline;

import io.pipewright.export.Validation;
import io.pipewright.export.cluster.ClusterOptions;
import io.pipewright.export.cluster.ClusterPlan;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.FieldValidation;
import io.pipewright.ui.common.Styles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * <i>Export for cluster…</i>: the target and the options on the left (each field checked as it is
 * typed, an options file for the rest); the DAG the cluster will run drawn as the canvas draws the
 * pipeline, the tasks' table (kind, dependencies, requests and limits, what they were sized from, GPU),
 * the chosen task's image and command line, what each validation check said, the names changed for
 * Kubernetes and the files written; Export (into the folder below, only when every check passed) and
 * Open folder. When the plan is refused, the graph's place says what to change.
 */
public final class ClusterExportView extends BorderPane {
    private final ClusterExportViewModel model;
    private final Map<String, TextField> fields = new LinkedHashMap<>();
    private final PauseTransition settle = new PauseTransition(Duration.millis(400));
    private final TaskGraph graph;
    private final VBox refusals = new VBox(6);

    public ClusterExportView(ClusterExportViewModel model, DialogService dialogs, Consumer<Path> openFolder) {
        this.model = model;
        setId("cluster-export");
        getStyleClass().add("cluster-export");
        settle.setOnFinished(event -> model.replan());
        graph = new TaskGraph(task -> model.selectedProperty().set(model.planProperty().get() == null ? null : model.planProperty().get().task(task)));

        setTop(header());
        var left = new ScrollPane(form(dialogs));
        left.setFitToWidth(true);
        left.setMinWidth(300);
        left.setPrefWidth(320);

        var graphArea = new StackPane(graph, refusalPanel());
        graphArea.setMinHeight(120);
        model.graphProperty().addListener((o, old, shown) -> showGraph());
        model.refusals().addListener((ListChangeListener<String>) change -> showGraph());
        model.selectedProperty().addListener((o, old, task) -> graph.select(task == null ? null : task.name()));

        var below = new SplitPane(taskDetail(), validation(), namesAndWritten());
        below.setDividerPositions(0.38, 0.76);
        var center = new SplitPane(graphArea, tasksTable(), below);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.27, 0.64);
        var main = new SplitPane(left, center);
        main.setDividerPositions(0.26);
        SplitPane.setResizableWithParent(left, false);
        setCenter(main);
        setBottom(actions(dialogs, openFolder));
        showGraph();
    }

    private Node header() {
        var title = new Label();
        title.setId("cluster-title");
        title.getStyleClass().add(Styles.SECTION_TITLE);
        title.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.planProperty().get() == null
                ? "Export for cluster" : "Export " + model.planProperty().get().pipeline() + " for a cluster: " + model.planProperty().get().tasks().size()
                + " tasks", model.planProperty()));
        var unsaved = new Label();
        unsaved.setId("cluster-unsaved");
        unsaved.getStyleClass().addAll(Styles.NOTICE, "cluster-unsaved");
        unsaved.setWrapText(true);
        unsaved.textProperty().bind(model.unsavedProperty());
        unsaved.visibleProperty().bind(model.unsavedProperty().isNotEmpty());
        unsaved.managedProperty().bind(unsaved.visibleProperty());
        var top = new VBox(6, title, unsaved);
        top.setPadding(new Insets(10, 12, 6, 12));
        return top;
    }

    private Node form(DialogService dialogs) {
        var target = new ChoiceBox<>(model.targets());
        target.setId("cluster-target");
        target.valueProperty().bindBidirectional(model.targetProperty());
        target.valueProperty().addListener((o, old, chosen) -> changed());
        target.setMaxWidth(Double.MAX_VALUE);
        var optionsFile = new Button("Options file…");
        optionsFile.setId("cluster-options-file");
        optionsFile.setTooltip(new Tooltip("Read an options file (the YAML of export-pipeline --options): retries, resources, GPU and monitors come from it"));
        optionsFile.setOnAction(event -> dialogs.chooseFileToOpen("Read cluster options", "yaml").ifPresent(model::loadOptions));
        var optionsName = new Label();
        optionsName.setId("cluster-options-name");
        optionsName.getStyleClass().add(Styles.MUTED);
        optionsName.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.optionsFileProperty().get() == null
                ? "defaults" : model.optionsFileProperty().get().getFileName().toString(), model.optionsFileProperty()));
        var optionsRow = new HBox(8, optionsFile, optionsName);
        optionsRow.setAlignment(Pos.CENTER_LEFT);

        var problems = new Label();
        problems.setId("cluster-problems");
        problems.getStyleClass().add("deploy-problem");
        problems.setWrapText(true);
        problems.setVisible(false);
        problems.setManaged(false);

        var cluster = grid(
                row("Namespace", "namespace", model.namespaceProperty(), null, "The namespace the workflow runs in"),
                row("Image", "image.repository", model.imageRepositoryProperty(), "ghcr.io/pipewright/pipewright",
                        "The Pipewright image every task runs (blank: " + ClusterOptions.DEFAULT_REPOSITORY + ")"),
                row("Image tag", "image.tag", model.imageTagProperty(), "this version", "Blank: this Pipewright's version; never latest"),
                row("Parallelism", "parallelism", model.parallelismProperty(), null, "The most pods running at once (spec.parallelism)"));
        var browse = new Button("…");
        browse.setId("cluster-data-root-browse");
        browse.setTooltip(new Tooltip("Choose the folder holding every file the pipeline reads"));
        browse.setOnAction(event -> dialogs.chooseFolder("The data root: the folder holding the pipeline's data").ifPresent(chosen ->
                model.dataRootProperty().set(chosen.toString())));
        var volumes = grid(
                row("Workspace claim", "workspace.claim", model.workspaceClaimProperty(), null,
                        "The PersistentVolumeClaim the nodes pass their outputs through (mounted at /workspace)"),
                row("Store secret", "store.secret", model.storeSecretProperty(), null, "The Secret holding the store's URL (PIPEWRIGHT_STORE, PostgreSQL)"),
                row("Data root", "data.root", model.dataRootProperty(), "the pipeline's folder", "The folder here holding every file the pipeline reads"),
                row("Data mount", "data.mount", model.dataMountProperty(), "/data", "Where that folder is mounted in the pods"));
        GridPane.setHgrow(browse, Priority.NEVER);
        volumes.add(browse, 1, 5);
        decorate(problems);
        var form = new VBox(8, heading("Target"), target, optionsRow, problems, heading("Cluster"), cluster, heading("Volumes and store"), volumes);
        form.setPadding(new Insets(10, 12, 12, 12));
        return form;
    }

    private static Label heading(String text) {
        var label = new Label(text);
        label.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_BOLD);
        return label;
    }

    private record Row(String label, TextField field) {
    }

    private Row row(String label, String field, StringProperty property, String prompt, String hint) {
        var text = new TextField();
        text.setId("cluster-field-" + field);
        text.textProperty().bindBidirectional(property);
        text.setPromptText(prompt);
        text.setTooltip(new Tooltip(hint));
        text.textProperty().addListener((o, old, value) -> changed());
        fields.put(field, text);
        return new Row(label, text);
    }

    /** Each label above its field: the field gets the column's whole width (a claim's or a folder's name is read whole). */
    private static GridPane grid(Row... rows) {
        var grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(2);
        for (int i = 0; i < rows.length; i++) {
            var label = new Label(rows[i].label());
            label.getStyleClass().add(Styles.MUTED);
            grid.add(label, 0, 2 * i);
            grid.add(rows[i].field(), 0, 2 * i + 1);
            GridPane.setHgrow(rows[i].field(), Priority.ALWAYS);
            GridPane.setMargin(label, new Insets(i == 0 ? 0 : 4, 0, 0, 0));
        }
        return grid;
    }

    /** A change checks the form at once and plans again a moment after the last one. */
    private void changed() {
        model.options();
        settle.playFromStart();
    }

    /** Each field the options' problems name is marked, its reason as its tooltip; the lines above the form list them all. */
    private void decorate(Label label) {
        var decorations = new FieldValidation();
        fields.forEach((field, control) -> decorations.check(control, () -> {
            var messages = model.problems().stream().filter(problem -> problem.field().equals(field)).map(ClusterOptions.Problem::message).toList();
            return messages.isEmpty() ? null : String.join("\n", messages);
        }));
        model.problems().addListener((ListChangeListener<ClusterOptions.Problem>) change -> {
            decorations.revalidate();
            var lines = String.join("\n", model.problems().stream().map(ClusterOptions.Problem::toString).toList());
            label.setText(lines);
            label.setVisible(!lines.isEmpty());
            label.setManaged(!lines.isEmpty());
        });
    }

    private Node refusalPanel() {
        refusals.setId("cluster-refusals");
        refusals.getStyleClass().add("cluster-refusals");
        refusals.setPadding(new Insets(14));
        var scroll = new ScrollPane(refusals);
        scroll.setFitToWidth(true);
        scroll.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.refusals()));
        return scroll;
    }

    private void showGraph() {
        var plan = model.planProperty().get();
        graph.show(model.graphProperty().get(), model.selectedProperty().get() == null ? null : model.selectedProperty().get().name());
        graph.setVisible(plan != null);
        refusals.getChildren().clear();
        if (!model.refusals().isEmpty()) {
            var title = new Label("This pipeline cannot be exported yet. Change these, and the plan follows:");
            title.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_BOLD);
            title.setWrapText(true);
            refusals.getChildren().add(title);
            for (String reason : model.refusals()) {
                var line = new Label("• " + reason);
                line.getStyleClass().add("cluster-refusal");
                line.setWrapText(true);
                refusals.getChildren().add(line);
            }
        }
    }

    private Node tasksTable() {
        var table = new TableView<>(model.tasks());
        table.setId("cluster-tasks");
        table.setPlaceholder(new Label("The tasks appear here once the pipeline is planned."));
        table.getColumns().add(column("Task", 130, task -> task.name()));
        table.getColumns().add(column("Kind", 100, ClusterExportView::kind));
        table.getColumns().add(column("Depends on", 140, task -> String.join(", ", task.dependencies())));
        table.getColumns().add(column("Requests", 125, task -> task.resources().cpuRequest() + " · " + task.resources().memoryRequest()));
        table.getColumns().add(column("Limits", 105, task -> task.resources().cpuLimit() + " · " + task.resources().memoryLimit()));
        table.getColumns().add(column("GPU", 58, task -> task.gpu() ? "yes" : ""));
        table.getColumns().add(column("Sized from", 270, ClusterPlan.Task::sizing));
        table.getSelectionModel().selectedItemProperty().addListener((o, old, task) -> {
            if (task != null && task != model.selectedProperty().get()) {
                model.selectedProperty().set(task);
            }
        });
        model.selectedProperty().addListener((o, old, task) -> {
            if (task != null && table.getSelectionModel().getSelectedItem() != task) {
                table.getSelectionModel().select(task);
                table.scrollTo(task);
            }
        });
        return table;
    }

    private static TableColumn<ClusterPlan.Task, String> column(String title, double width, java.util.function.Function<ClusterPlan.Task, String> value) {
        var column = new TableColumn<ClusterPlan.Task, String>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new javafx.beans.property.SimpleStringProperty(value.apply(cell.getValue())));
        return column;
    }

    /** "node", "trials 0–9" (10 pods), "select". */
    static String kind(ClusterPlan.Task task) {
        return switch (task.kind()) {
            case NODE -> "node";
            case SELECT -> "select";
            case TRIALS -> task.trials().count() == 1 ? "trial " + task.trials().start()
                    : "trials " + task.trials().start() + "–" + (task.trials().start() + task.trials().count() - 1);
        };
    }

    private Node taskDetail() {
        var heading = new Label();
        heading.setId("cluster-task-heading");
        heading.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_BOLD);
        heading.setWrapText(true);
        heading.setMinHeight(Region.USE_PREF_SIZE);
        var image = new Label();
        image.setId("cluster-image");
        image.setWrapText(true);
        var command = new TextArea();
        command.setId("cluster-command");
        command.setEditable(false);
        command.setWrapText(true);
        command.getStyleClass().add("cluster-command");
        command.textProperty().bind(model.commandProperty());
        VBox.setVgrow(command, Priority.ALWAYS);
        var copy = new Button("Copy");
        copy.setId("cluster-copy");
        copy.setTooltip(new Tooltip("Copy the command line"));
        copy.disableProperty().bind(model.commandProperty().isEmpty());
        copy.setOnAction(event -> {
            var content = new ClipboardContent();
            content.putString(model.commandProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
        });
        var commandHeading = new HBox(8, heading("Command"), new Region(), copy);
        HBox.setHgrow(commandHeading.getChildren().get(1), Priority.ALWAYS);
        commandHeading.setAlignment(Pos.CENTER_LEFT);
        heading.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.selectedProperty().get() == null
                ? "Choose a task in the graph or the table." : describe(model.selectedProperty().get()), model.selectedProperty()));
        image.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.selectedProperty().get() == null
                || model.planProperty().get() == null ? "" : "Image " + model.planProperty().get().image(), model.selectedProperty(), model.planProperty()));
        var box = new VBox(4, heading, image, commandHeading, command);
        box.setId("cluster-task-detail");
        box.setPadding(new Insets(8));
        return box;
    }

    /** What a task runs, in words. */
    static String describe(ClusterPlan.Task task) {
        return switch (task.kind()) {
            case NODE -> "Task " + task.name() + " runs node " + task.nodeId();
            case SELECT -> "Task " + task.name() + " picks node " + task.nodeId() + "'s best trial and refits it";
            case TRIALS -> "Task " + task.name() + " runs " + kind(task) + " of node " + task.nodeId() + ", one pod each";
        } + (task.gpu() ? ", on a GPU" : "");
    }

    private Node validation() {
        // wrapped labels in a scroll pane: each check takes every line it needs (a list's cells estimate their height before they wrap)
        var lines = new VBox(6);
        lines.setId("cluster-validation");
        lines.setPadding(new Insets(4, 6, 4, 6));
        Runnable show = () -> {
            if (model.checks().isEmpty()) {
                var placeholder = new Label("What the checks say appears here once the files are written.");
                placeholder.setWrapText(true);
                placeholder.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
                lines.getChildren().setAll(placeholder);
                return;
            }
            lines.getChildren().setAll(model.checks().stream().map(check -> {
                var text = new Label(line(check));
                text.setWrapText(true);
                text.setMinHeight(Region.USE_PREF_SIZE);
                text.getStyleClass().add("cluster-check");
                if (check.status() != Validation.Status.PASSED) {
                    text.getStyleClass().add(check.status() == Validation.Status.FAILED ? "check-failed" : "check-skipped");
                }
                return (Node) text;
            }).toList());
        };
        show.run();
        model.checks().addListener((javafx.collections.ListChangeListener<Validation.Check>) change -> show.run());
        var scroll = new ScrollPane(lines);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("cluster-validation-pane");
        var box = new VBox(4, heading("Validation"), scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    static String line(Validation.Check check) {
        String mark = switch (check.status()) {
            case PASSED -> "✓";
            case FAILED -> "✗";
            case SKIPPED -> "–";
        };
        return mark + " " + check.name() + ": " + check.status().name().toLowerCase(Locale.ROOT) + " (" + check.summary() + ")"
                + (check.problems().isEmpty() ? "" : "\n    " + String.join("\n    ", check.problems().stream().limit(5).toList())
                + (check.problems().size() > 5 ? "\n    (and " + (check.problems().size() - 5) + " more)" : ""));
    }

    private Node namesAndWritten() {
        var names = new Label();
        names.setId("cluster-names");
        names.setWrapText(true);
        names.setMinHeight(Region.USE_PREF_SIZE);
        names.getStyleClass().add(Styles.MUTED);
        model.planProperty().addListener((o, old, plan) -> names.setText(plan == null ? "" : plan.taskNames().isEmpty()
                ? "Every node id is a valid Kubernetes name: each task is named after its node."
                : "Node ids made valid Kubernetes names:\n" + String.join("\n", plan.taskNames().entrySet().stream()
                .map(entry -> entry.getKey() + " → " + entry.getValue()).toList())));
        var written = new ListView<Path>(model.written());
        written.setId("cluster-written");
        written.setPlaceholder(new Label("Nothing written yet."));
        written.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(Path path, boolean empty) {
                super.updateItem(path, empty);
                setText(empty || path == null ? null : path.getFileName().toString());
            }
        });
        VBox.setVgrow(written, Priority.ALWAYS);
        var box = new VBox(4, heading("Task names"), names, heading("Written"), written);
        box.setPadding(new Insets(8));
        return box;
    }

    private Node actions(DialogService dialogs, Consumer<Path> openFolder) {
        var spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(model.busyProperty());
        var message = new Label();
        message.setId("cluster-message");
        message.textProperty().bind(model.messageProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        message.setMinWidth(0);
        var tip = new io.pipewright.ui.common.WrappedTooltip();
        tip.textProperty().bind(model.messageProperty());
        message.setTooltip(tip);
        HBox.setHgrow(message, Priority.ALWAYS);
        var folder = new TextField();
        folder.setId("cluster-folder");
        folder.textProperty().bindBidirectional(model.folderProperty());
        folder.setPrefColumnCount(22);
        folder.setTooltip(new Tooltip("The folder the files are written into"));
        var choose = new Button("…");
        choose.setId("cluster-choose-folder");
        choose.setTooltip(new Tooltip("Choose the folder to export into"));
        choose.setOnAction(event -> dialogs.chooseFolder("Export the workflow into").ifPresent(chosen -> model.folderProperty().set(chosen.toString())));
        var export = new Button("Export");
        export.setId("cluster-export-button");
        export.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        export.disableProperty().bind(model.exportableProperty().not().or(model.busyProperty()).or(model.folderProperty().isEmpty()));
        export.setTooltip(new Tooltip("Write the files into the folder: only files that passed every check"));
        export.setOnAction(event -> model.export());
        var open = new Button("Open folder");
        open.setId("cluster-open-folder");
        open.disableProperty().bind(model.writtenFolderProperty().isNull());
        open.setOnAction(event -> openFolder.accept(model.writtenFolderProperty().get()));
        for (var button : new Button[] {choose, export, open}) {
            button.setMinWidth(Region.USE_PREF_SIZE);
        }
        var into = new Label("Into");
        into.setMinWidth(Region.USE_PREF_SIZE);
        var bar = new HBox(8, spinner, message, into, folder, choose, export, open);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        return bar;
    }
}
