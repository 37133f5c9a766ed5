package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PipelineColumns;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.RunListener;
import io.pipewright.pipeline.edit.PipelineDraft;
import io.pipewright.pipeline.edit.PipelineDraft.Position;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.collections.ObservableSet;

/**
 * The Pipelines workspace's state and commands: the pipeline being edited (a {@link PipelineDraft}),
 * its file, the selected nodes, each node's badge, the validator's problems, and the columns the
 * column pickers offer (asked of {@link PipelineColumns}, which reads the data files in the
 * background). Running the pipeline is its {@link PipelineRunControl}'s, whose run states turn into
 * badges here. Never touches a control; background work goes through the task executor.
 */
public final class PipelineEditorViewModel {
    /** What a node's badge says. */
    public enum Badge {
        NOT_CONFIGURED("not configured"), READY("ready"), QUEUED("queued"), RUNNING("running"), DONE("done"), CACHED("cached"),
        FAILED("failed"), CANCELLED("cancelled"), SKIPPED("skipped");

        private final String text;

        Badge(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** The CSS pseudo-class of a node in this state. */
        public String pseudoClass() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A node's state: its badge, progress (0–1) while running, a message (why it failed), time and peak memory when done. */
    public record NodeState(Badge badge, double progress, String message, double seconds, long peakMemoryBytes) {
        static NodeState of(Badge badge, String message) {
            return new NodeState(badge, 0, message, 0, 0);
        }
    }

    private static final String UNTITLED = "untitled";

    private final NodeCatalog catalog;
    private final TaskExecutor executor;
    private final Notifications notifications;
    private final PipelineRunControl runs;
    /** The columns of the data files the pipeline reads, read in the background for the column pickers and the target check. */
    private final PipelineColumns columns;
    private final ReadOnlyObjectWrapper<PipelineDraft> draft = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObservableSet<String> selection = FXCollections.observableSet(new LinkedHashSet<>());
    private final ObservableMap<String, NodeState> states = FXCollections.observableHashMap();
    private final ObservableList<PipelineValidator.Problem> problems = FXCollections.observableArrayList();
    private String clipboard;
    private Path unsavedFolder;
    /** The pipeline file's text as last read or written: its comments are kept when the editor writes it again. */
    private String writtenText;
    /** Whether the data files' columns are being read in the background (touched on the FX thread only). */
    private boolean readingColumns;
    private int pastes;

    public PipelineEditorViewModel(NodeCatalog catalog, TaskExecutor executor, Executor fxThread, Supplier<Optional<Store>> store, Supplier<Path> artifacts,
                                   String version, Notifications notifications) {
        this(catalog, executor, fxThread, store, artifacts, () -> io.pipewright.pipeline.StoreRunEnvironment.dataRootOf(artifacts.get()), version,
                notifications);
    }

    /** {@code dataRoot}: the data folder runs read layers from and publish to (the window's home's). */
    public PipelineEditorViewModel(NodeCatalog catalog, TaskExecutor executor, Executor fxThread, Supplier<Optional<Store>> store, Supplier<Path> artifacts,
                                   Supplier<Path> dataRoot, String version, Notifications notifications) {
        this.catalog = catalog;
        this.executor = executor;
        this.notifications = notifications;
        this.columns = new PipelineColumns(catalog);
        this.runs = new PipelineRunControl(catalog, executor, fxThread, store, artifacts, dataRoot, version, notifications, new PipelineRunControl.Editing() {
            @Override
            public PipelineDocument document() {
                return PipelineEditorViewModel.this.document();
            }

            @Override
            public Path file() {
                return file.get();
            }

            @Override
            public Path folder() {
                return runFolder();
            }

            @Override
            public void say(String text) {
                message.set(text);
            }

            @Override
            public void statesChanged(boolean ended) {
                if (ended) {
                    problems.setAll(problemsWithFailures(draft.get().problems(runFolder(), columns.knownFiles())));
                }
                updateStates();
            }
        });
        use(PipelineDraft.empty(catalog, UNTITLED), null);
    }

    /** Running the pipeline: starting and stopping runs, their states, outputs and summary. */
    public PipelineRunControl runControl() {
        return runs;
    }

    public NodeCatalog catalog() {
        return catalog;
    }

    /** The pipeline being edited: a new draft when another file is opened. */
    public ReadOnlyObjectProperty<PipelineDraft> draftProperty() {
        return draft.getReadOnlyProperty();
    }

    public PipelineDraft draft() {
        return draft.get();
    }

    public PipelineDocument document() {
        return draft.get().document();
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    /** The file's name (or "untitled"), with a dot while there are unsaved changes. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return runs.runningProperty();
    }

    /** Goes up by one at every change of the document: the canvas draws it again. */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** What the last command did or why it did not ("Saved credit-risk.yaml", a run's outcome). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObservableSet<String> selection() {
        return selection;
    }

    /** Each node's badge, by node id. */
    public ObservableMap<String, NodeState> states() {
        return states;
    }

    public ObservableList<PipelineValidator.Problem> problems() {
        return problems;
    }

    /**
     * Hears every run the editor starts (the Training workspace): {@code begin} with the run's name
     * and {@code end} with its outcome and result, on the FX thread; the events, metrics and trials in
     * between on the engine's threads.
     */
    public void setRunWatcher(RunListener watcher, java.util.function.Consumer<String> begin, java.util.function.Consumer<RunSummary> end) {
        runs.setRunWatcher(watcher, begin, end);
    }

    // ---- files

    /** A new, empty pipeline (the caller has dealt with unsaved changes). */
    public void newPipeline() {
        use(PipelineDraft.empty(catalog, UNTITLED), null);
        message.set("");
    }

    /** Reads a pipeline file in the background and edits it; a bad file is refused with the reader's message. */
    public void open(Path path) {
        // a file written by hand may have no places for its nodes: they are laid out, and saving keeps those places
        executor.execute(BackgroundTask.of("Opening " + path.getFileName(), progress -> {
                    PipelineDocument document = PipelineDraft.placed(catalog, PipelineFiles.read(path));
                    return java.util.Map.entry(document, java.nio.file.Files.readString(path));
                })
                .onSuccess(opened -> {
                    use(new PipelineDraft(catalog, opened.getKey()), path);
                    writtenText = opened.getValue();
                    message.set("Opened " + path.getFileName());
                    notifications.info(message.get());
                })
                .onFailure(error -> {
                    message.set(error.getMessage());
                    notifications.error("Cannot open " + path.getFileName() + ": " + error.getMessage());
                }));
    }

    /**
     * Edits a pipeline from its text (a run's pipeline as it ran), not saved to any file yet;
     * relative paths in it are read from {@code folder} when it runs.
     */
    public void openText(String text, Path folder) {
        executor.execute(BackgroundTask.of("Reading the pipeline", progress -> PipelineDraft.placed(catalog, PipelineFiles.parse(text, "the run's pipeline", false)))
                .onSuccess(document -> {
                    use(new PipelineDraft(catalog, document), null);
                    unsavedFolder = folder;
                    message.set("The pipeline as it ran" + (folder == null ? "" : "; relative paths from " + folder));
                })
                .onFailure(error -> message.set(error.getMessage())));
    }

    /** Writes the pipeline to its file; false when it has none yet (the view asks where: {@link #saveAs}). */
    public boolean save() {
        if (file.get() == null) {
            return false;
        }
        saveAs(file.get());
        return true;
    }

    /** Writes the pipeline to a file (YAML, or JSON for .json), which becomes its file. */
    public void saveAs(Path path) {
        PipelineDocument written = document();
        PipelineDraft editing = draft.get();
        String comments = writtenText;
        executor.execute(BackgroundTask.of("Saving " + path.getFileName(), progress -> PipelineFiles.write(written, path, comments)).onSuccess(text -> {
            Path saved = path;
            writtenText = text;
            file.set(saved);
            if (draft.get() == editing && document().equals(written)) {
                editing.saved();
            }
            updateTitle();
            message.set("Saved " + saved.getFileName());
        }).onFailure(error -> {
            message.set(error.getMessage());
            notifications.error(error.getMessage());
        }));
    }

    private void use(PipelineDraft next, Path path) {
        runs.forget();
        next.addListener(this::changed);
        unsavedFolder = null;
        writtenText = null;
        draft.set(next);
        file.set(path);
        selection.clear();
        changed();
    }

    private void changed() {
        PipelineDraft current = draft.get();
        dirty.set(current.dirty());
        canUndo.set(current.canUndo());
        canRedo.set(current.canRedo());
        selection.retainAll(current.ids());
        problems.setAll(problemsWithFailures(current.problems(runFolder(), columns.knownFiles())));
        readColumns();
        updateTitle();
        updateStates();
        revision.set(revision.get() + 1);
    }

    private void updateTitle() {
        String name = file.get() == null ? draft.get().document().name() : file.get().getFileName().toString();
        title.set(dirty.get() ? name + " •" : name);
    }

    /** The validator's problems, then the failures of the last run (a failed node's message). */
    private List<PipelineValidator.Problem> problemsWithFailures(List<PipelineValidator.Problem> found) {
        var all = new ArrayList<>(found);
        runs.states().forEach((id, state) -> {
            if (state.badge() == Badge.FAILED && draft.get().document().node(id).isPresent()) {
                all.add(new PipelineValidator.Problem(id, null, "failed in the last run: " + state.message()));
            }
        });
        return all;
    }

    private void updateStates() {
        var troubled = new HashMap<String, String>();
        for (var problem : problems) {
            if (problem.nodeId() != null) {
                troubled.putIfAbsent(problem.nodeId(), (problem.field() == null ? "" : problem.field() + ": ") + problem.message());
            }
        }
        var next = new HashMap<String, NodeState>();
        for (String id : draft.get().ids()) {
            NodeState ran = runs.states().get(id);
            if (ran != null) {
                next.put(id, ran);
            } else if (troubled.containsKey(id)) {
                next.put(id, NodeState.of(Badge.NOT_CONFIGURED, troubled.get(id)));
            } else {
                next.put(id, NodeState.of(Badge.READY, null));
            }
        }
        states.keySet().retainAll(next.keySet());
        states.putAll(next);
    }

    // ---- edits (each one undoable)

    public String addNode(String type, double x, double y) {
        String id = draft.get().addNode(type, new Position(x, y));
        selection.clear();
        selection.add(id);
        return id;
    }

    /** Adds a node connected after the one selected (or alone, when not exactly one is). */
    public String addAfterSelection(String type, double x, double y) {
        String id = selection.size() == 1 ? draft.get().addConnected(type, selection.iterator().next()) : draft.get().addNode(type, new Position(x, y));
        selection.clear();
        selection.add(id);
        return id;
    }

    /** Why the output may not feed the input (the validator's answer), or null when it may. */
    public String refusal(String fromNode, String fromPort, String toNode, String toPort) {
        return draft.get().refusal(fromNode, fromPort, toNode, toPort);
    }

    /** Connects, or says why not in the message. */
    public boolean connect(String fromNode, String fromPort, String toNode, String toPort) {
        String refusal = refusal(fromNode, fromPort, toNode, toPort);
        if (refusal != null) {
            message.set("Cannot connect " + fromNode + "." + fromPort + " to " + toNode + "." + toPort + ": " + refusal);
            return false;
        }
        draft.get().connect(fromNode, fromPort, toNode, toPort);
        return true;
    }

    public void disconnect(String toNode, String toPort) {
        draft.get().disconnect(toNode, toPort);
    }

    public void move(Map<String, Position> positions) {
        draft.get().move(positions);
    }

    public void deleteSelection() {
        draft.get().remove(new ArrayList<>(selection));
    }

    public void undo() {
        draft.get().undo();
    }

    public void redo() {
        draft.get().redo();
    }

    public void autoLayout() {
        draft.get().autoLayout();
    }

    public void align(PipelineDraft.Alignment alignment) {
        draft.get().align(new ArrayList<>(selection), alignment);
    }

    public void selectAll() {
        selection.addAll(draft.get().ids());
    }

    /** Copies the selected nodes (and the connections among them); returns the text, which any pipeline can paste. */
    public String copySelection() {
        if (selection.isEmpty()) {
            return null;
        }
        clipboard = draft.get().copy(selection);
        pastes = 0;
        return clipboard;
    }

    /** Pastes pipeline text (from this or another pipeline), each paste a little further down; the pasted nodes become the selection. */
    public void paste(String text) {
        String pasted = text != null ? text : clipboard;
        if (pasted == null) {
            return;
        }
        pastes++;
        try {
            List<String> ids = draft.get().paste(pasted, 40.0 * pastes, 40.0 * pastes);
            selection.clear();
            selection.addAll(ids);
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
        }
    }

    /** Sets a parameter from what was typed (read as YAML, checked against the parameter's spec); blank restores the default. Returns the error, or null. */
    public String setParam(String nodeId, ParamSpec spec, String typed) {
        String problem = checkParam(nodeId, spec, typed);
        if (problem != null) {
            return problem;
        }
        draft.get().setParam(nodeId, spec.name(), typed == null || typed.isBlank() ? null : spec.check(value(spec, typed)));
        return null;
    }

    /** Text kinds take what was typed as it is; numbers, booleans, lists and maps are read as YAML ({@code [a, b]}, {@code {depth: 3}}). */
    private static Object value(ParamSpec spec, String typed) {
        return switch (spec.kind()) {
            case STRING, PATH, COLUMN, CHOICE -> typed.trim();
            default -> io.pipewright.pipeline.Overrides.parse(typed.trim());
        };
    }

    /**
     * What is wrong with a typed value for a node, or null: the parameter's own spec, then the node
     * type's checks with the value in place (an expression's syntax, a hyperparameter against its algorithm).
     */
    public String checkParam(String nodeId, ParamSpec spec, String typed) {
        if ((typed == null || typed.isBlank()) && spec.name().equals("target") && document().target() != null) {
            return null; // the node takes the pipeline's target
        }
        String own = checkParam(spec, typed);
        if (own != null || typed == null || typed.isBlank()) {
            return own;
        }
        var node = document().node(nodeId).orElse(null);
        var type = node == null ? null : catalog.find(node.type()).orElse(null);
        if (type == null) {
            return null;
        }
        var params = new LinkedHashMap<String, Object>();
        for (ParamSpec each : type.params()) {
            Object value = each.name().equals(spec.name()) ? value(spec, typed) : node.params().get(each.name());
            if (value == null) {
                value = each.defaultValue();
            }
            if (value != null) {
                try {
                    params.put(each.name(), each.check(value));
                } catch (IllegalArgumentException e) {
                    // another field's problem: shown by that field
                }
            }
        }
        try {
            type.checkParams(params);
            return null;
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return message.contains(spec.name()) ? message.replaceFirst("^node '[^']*', ", "") : null;
        }
    }

    /** What is wrong with a typed value, or null (checked as you type). */
    public static String checkParam(ParamSpec spec, String typed) {
        if (typed == null || typed.isBlank()) {
            return spec.required() ? spec.name() + " is required" : null;
        }
        try {
            spec.check(value(spec, typed));
            return null;
        } catch (IllegalArgumentException e) {
            return spec.name() + " " + e.getMessage();
        }
    }

    /** A parameter's value as the form shows it: the text a person would type back. */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof String string ? string : io.pipewright.pipeline.Overrides.text(value);
    }

    public void rename(String nodeId, String newId) {
        try {
            draft.get().rename(nodeId, newId);
            if (selection.remove(nodeId)) {
                selection.add(newId);
            }
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
        }
    }

    // ---- running (see PipelineRunControl)

    /** Runs the pipeline, or up to {@code upTo} and what it reads, as a recorded run; the badges follow it. */
    public void run(String upTo) {
        runs.run(upTo);
    }

    /** The result of the last run the editor made (null before one, or while one goes on). */
    public ReadOnlyObjectProperty<RunSummary> lastRunProperty() {
        return runs.lastRunProperty();
    }

    /** Stops the run: the engine cancels its nodes, and the run is recorded as killed. */
    public void stop() {
        runs.stop();
    }

    /** The table a node's output port gave in the last run, if it ran and the port is a table. */
    public Optional<DataTable> table(String nodeId, String port) {
        return runs.table(nodeId, port);
    }

    /** What a node's output port gave in the last run (a table, an evaluation, a model, a study), if it ran. */
    public Optional<Object> output(String nodeId, String port) {
        return runs.output(nodeId, port);
    }

    TaskExecutor executor() {
        return executor;
    }

    /**
     * The columns of the table flowing into a node's input: as the last run saw them; before a run,
     * as {@link PipelineColumns} works them out from the files read so far (the first question about
     * a file has it read in the background, and the answer checks the pipeline again).
     */
    public List<String> columnsInto(String nodeId) {
        var node = document().node(nodeId).orElse(null);
        if (node == null) {
            return List.of();
        }
        var names = new LinkedHashSet<String>();
        for (String source : node.inputs().values()) {
            int dot = source.indexOf('.');
            table(source.substring(0, dot), source.substring(dot + 1)).ifPresent(table -> names.addAll(table.table().columnNames()));
        }
        if (names.isEmpty()) {
            readColumns();
            names.addAll(columns.known(document(), runFolder()).namesInto(nodeId));
        }
        return new ArrayList<>(names);
    }

    /** The columns of the files the pipeline reads: what its target may be. */
    public List<String> columnsRead() {
        readColumns();
        return columns.known(document(), runFolder()).namesRead();
    }

    /** Sets the pipeline's target (blank: none), which every node with a target parameter takes unless it names its own. */
    public void setTarget(String typed) {
        draft.get().setTarget(typed);
    }

    /**
     * Has the data files the pipeline reads that are not read yet read in the background; what they
     * tell checks the pipeline again and redraws it. One reading at a time; it looks again once done.
     */
    private void readColumns() {
        PipelineDocument document = document();
        Path folder = runFolder();
        if (readingColumns || columns.allRead(document, folder)) {
            return;
        }
        readingColumns = true;
        executor.execute(BackgroundTask.of("Reading the columns of " + document.name() + "'s data", progress -> columns.readAll(document, folder))
                .quiet().onSuccess(learned -> {
                    readingColumns = false;
                    if (learned) {
                        problems.setAll(problemsWithFailures(draft.get().problems(runFolder(), columns.knownFiles())));
                        updateStates();
                        revision.set(revision.get() + 1);
                    }
                    readColumns();
                }).onFailure(error -> readingColumns = false));
    }

    /** The folder relative paths are read from: the pipeline file's, else where its text came from, else the home folder. */
    Path runFolder() {
        return file.get() != null ? file.get().toAbsolutePath().getParent()
                : unsavedFolder != null ? unsavedFolder : Path.of(System.getProperty("user.home"));
    }

    /** Selects exactly these nodes. */
    public void select(Collection<String> ids) {
        selection.clear();
        selection.addAll(ids);
    }
}
