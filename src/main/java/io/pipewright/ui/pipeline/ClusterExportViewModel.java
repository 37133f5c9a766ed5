package io.pipewright.ui.pipeline;

import io.pipewright.export.Validation;
import io.pipewright.export.cluster.ClusterOptions;
import io.pipewright.export.cluster.ClusterPlan;
import io.pipewright.export.cluster.ClusterPlanner;
import io.pipewright.export.cluster.ClusterRefusal;
import io.pipewright.export.cluster.ClusterExport;
import io.pipewright.export.cluster.ExportedFile;
import io.pipewright.export.cluster.NodeMeasurements;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of <i>Export for cluster…</i>: the saved pipeline file planned for a cluster
 * ({@link ClusterPlanner}) with the options in the form, written by the chosen {@link ClusterTarget}
 * and validated, all in the background after each change; the tasks and their graph, the chosen
 * task's command line, the refusals in words when the plan cannot be made, and the export, which
 * writes only files that passed validation. Touches no control.
 */
public final class ClusterExportViewModel {

    /** What the window shares with the export: the executor, the store (its runs size the tasks), the status bar. */
    public record Services(TaskExecutor executor, Supplier<Optional<Store>> store, Notifications notifications) {
    }

    /** One planning's outcome: the plan, its files, their validation and its graph, or the refusals. */
    record Outcome(ClusterPlan plan, List<ExportedFile> files, Validation validation, ClusterGraph graph, List<String> refusals, String dataRoot,
                   ClusterOptions options) {
    }

    private final Services services;
    private final NodeCatalog catalog;
    private final ObservableList<ClusterTarget> targets = FXCollections.observableArrayList();
    private final ObjectProperty<ClusterTarget> target = new SimpleObjectProperty<>();
    private Path pipelineFile;
    private boolean proposeRoot = true;
    private ClusterOptions base = ClusterOptions.defaults();

    // the form, as typed (blank: the default the prompt shows)
    private final StringProperty namespace = new SimpleStringProperty("default");
    private final StringProperty imageRepository = new SimpleStringProperty("");
    private final StringProperty imageTag = new SimpleStringProperty("");
    private final StringProperty parallelism = new SimpleStringProperty("2");
    private final StringProperty workspaceClaim = new SimpleStringProperty("pipewright-workspace");
    private final StringProperty storeSecret = new SimpleStringProperty("pipewright-store");
    private final StringProperty dataRoot = new SimpleStringProperty("");
    private final StringProperty dataMount = new SimpleStringProperty("/data");
    private final StringProperty folder = new SimpleStringProperty("");

    private final ReadOnlyObjectWrapper<Path> optionsFile = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ClusterOptions.Problem> problems = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ClusterPlan> plan = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ClusterGraph> graph = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ClusterPlan.Task> tasks = FXCollections.observableArrayList();
    private final ObjectProperty<ClusterPlan.Task> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper command = new ReadOnlyStringWrapper("");
    private final ObservableList<String> refusals = FXCollections.observableArrayList();
    private final ObservableList<Validation.Check> checks = FXCollections.observableArrayList();
    private final ObservableList<ExportedFile> files = FXCollections.observableArrayList();
    private final ObservableList<Path> written = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper unsaved = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper exportable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Path> writtenFolder = new ReadOnlyObjectWrapper<>();
    private TaskExecutor.TaskHandle running;
    /** What the plan shown was made from (the file, the options, the target): a change that comes back to it plans nothing. */
    private List<Object> planned;
    private int generation;

    public ClusterExportViewModel(Services services, NodeCatalog catalog, List<ClusterTarget> available) {
        this.services = services;
        this.catalog = catalog;
        targets.setAll(available);
        target.set(available.get(0));
        selected.addListener((o, old, task) -> command.set(task == null ? "" : commandLine(task)));
    }

    // the form's fields, which the view binds both ways
    public StringProperty namespaceProperty() { return namespace; }
    public StringProperty imageRepositoryProperty() { return imageRepository; }
    public StringProperty imageTagProperty() { return imageTag; }
    public StringProperty parallelismProperty() { return parallelism; }
    public StringProperty workspaceClaimProperty() { return workspaceClaim; }
    public StringProperty storeSecretProperty() { return storeSecret; }
    public StringProperty dataRootProperty() { return dataRoot; }
    public StringProperty dataMountProperty() { return dataMount; }
    /** The folder the export is written into. */
    public StringProperty folderProperty() { return folder; }

    public ObservableList<ClusterTarget> targets() { return targets; }
    public ObjectProperty<ClusterTarget> targetProperty() { return target; }
    public ReadOnlyObjectProperty<Path> optionsFileProperty() { return optionsFile.getReadOnlyProperty(); }
    public ObservableList<ClusterOptions.Problem> problems() { return problems; }
    public ReadOnlyObjectProperty<ClusterPlan> planProperty() { return plan.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ClusterGraph> graphProperty() { return graph.getReadOnlyProperty(); }
    public ObservableList<ClusterPlan.Task> tasks() { return tasks; }
    /** The task whose command line and image are shown. */
    public ObjectProperty<ClusterPlan.Task> selectedProperty() { return selected; }
    /** The selected task's command line, as its container runs it. */
    public ReadOnlyStringProperty commandProperty() { return command.getReadOnlyProperty(); }
    /** Why the pipeline cannot be exported, one reason a line; empty when it can. */
    public ObservableList<String> refusals() { return refusals; }
    public ObservableList<Validation.Check> checks() { return checks; }
    public ObservableList<ExportedFile> files() { return files; }
    /** The files the last export wrote. */
    public ObservableList<Path> written() { return written; }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    /** Said while the editor holds changes that are not saved: the export is made from the file as saved. */
    public ReadOnlyStringProperty unsavedProperty() { return unsaved.getReadOnlyProperty(); }
    /** True once the shown files passed validation with the form as it is. */
    public ReadOnlyBooleanProperty exportableProperty() { return exportable.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** Where the last export went. */
    public ReadOnlyObjectProperty<Path> writtenFolderProperty() { return writtenFolder.getReadOnlyProperty(); }

    /**
     * The pipeline to export: its saved file (null when it was never saved); {@code dirty}: the editor holds
     * changes not in that file. A cluster runs the file, so the export is always made from the file as saved.
     */
    public void use(Path file, boolean dirty) {
        boolean changed = file == null || !file.equals(pipelineFile);
        pipelineFile = file;
        if (changed) {
            proposeRoot = dataRoot.get().isBlank();
            folder.set("");
        }
        unsaved.set(file != null && dirty ? "The pipeline has unsaved changes: this export is made from " + file.getFileName()
                + " as saved, which is what the cluster will run. Save (Ctrl+S) to export the changes; the plan follows." : "");
        planned = null;
        replan();
    }

    /** Reads an options file in the background: the form takes its values, and every other option (retries, resources, GPU, monitors) comes from it. */
    public void loadOptions(Path file) {
        services.executor().execute(BackgroundTask.of("Reading " + file.getFileName(), progress -> ClusterOptions.read(file)).onSuccess(read -> {
            base = read;
            optionsFile.set(file);
            namespace.set(read.namespace());
            imageRepository.set(read.image().repository().equals(ClusterOptions.DEFAULT_REPOSITORY) ? "" : read.image().repository());
            imageTag.set(read.image().tag().equals(ClusterOptions.defaults().image().tag()) ? "" : read.image().tag());
            parallelism.set(Integer.toString(read.parallelism()));
            workspaceClaim.set(read.workspace().claim());
            storeSecret.set(read.store().secret());
            dataRoot.set(read.data().root());
            dataMount.set(read.data().mount());
            proposeRoot = false;
            message.set("Options read from " + file.getFileName());
            planned = null;
            replan();
        }).onFailure(error -> message.set(error.getMessage())));
    }

    /** The options the form says (over the options file's, when one was read), or empty with {@link #problems()} naming each field that cannot be used. */
    public Optional<ClusterOptions> options() {
        var found = new ArrayList<ClusterOptions.Problem>();
        Integer pods = null;
        try {
            pods = Integer.valueOf(parallelism.get().strip());
        } catch (NumberFormatException e) {
            found.add(new ClusterOptions.Problem("parallelism", "must be a whole number, not '" + parallelism.get().strip() + "'"));
        }
        String root = dataRoot.get().strip();
        if (!root.isEmpty() && !Path.of(root).isAbsolute() && pipelineFile != null) {
            root = pipelineFile.toAbsolutePath().getParent().resolve(root).normalize().toString();
        }
        var options = new ClusterOptions(namespace.get(), new ClusterOptions.Image(imageRepository.get(), imageTag.get()), pods == null ? 1 : pods,
                new ClusterOptions.Workspace(workspaceClaim.get()), new ClusterOptions.StoreSecret(storeSecret.get(), base.store().key()),
                new ClusterOptions.Data(root, dataMount.get(), base.data().claim()), base.retries(), base.resources(), base.gpu(), base.seed(),
                base.monitors());
        boolean counted = pods != null;
        found.addAll(options.problems().stream().filter(problem -> counted || !problem.field().equals("parallelism")).toList());
        problems.setAll(found);
        return found.isEmpty() ? Optional.of(options) : Optional.empty();
    }

    /**
     * Plans, writes and validates in the background with the form as it is; a newer change cancels an
     * older planning. The view calls it a moment after the last keystroke.
     */
    public void replan() {
        exportable.set(false);
        Path file = pipelineFile;
        if (file == null) {
            clearPlan(List.of("The pipeline has not been saved to a file yet. A cluster runs the pipeline file, so save it first (Save as…), "
                    + "then open Export for cluster… again."));
            message.set("Save the pipeline first.");
            return;
        }
        var chosen = options();
        if (chosen.isEmpty()) {
            busy.set(false);
            message.set("Fix the options marked in the form: " + problems.get(0));
            return;
        }
        if (running != null) {
            running.cancel();
        }
        ClusterOptions options = chosen.get();
        ClusterTarget writer = target.get();
        if (List.of(file, options, writer).equals(planned)) {
            exportable.set(!files.isEmpty() && checks.stream().noneMatch(check -> check.status() == Validation.Status.FAILED));
            return;
        }
        boolean propose = proposeRoot;
        int mine = ++generation;
        busy.set(true);
        message.set("Planning " + file.getFileName() + " for " + writer.name() + "…");
        running = services.executor().execute(BackgroundTask.of("Planning " + file.getFileName() + " for a cluster",
                progress -> plan(file, options, writer, propose)).quiet().onSuccess(outcome -> {
                    if (mine == generation) {
                        show(outcome);
                    }
                }).onFailure(error -> {
                    if (mine == generation) {
                        busy.set(false);
                        clearPlan(List.of(String.valueOf(error.getMessage())));
                        message.set("The plan could not be made: " + error.getMessage());
                    }
                }));
    }

    /** The work of {@link #replan()}, off the FX thread. */
    private Outcome plan(Path file, ClusterOptions chosen, ClusterTarget writer, boolean propose) {
        PipelineDocument document;
        Pipeline pipeline;
        Path folder = file.toAbsolutePath().getParent();
        try {
            document = PipelineFiles.read(file);
            pipeline = new PipelineValidator(catalog).validate(document, folder, file.getFileName().toString());
        } catch (RuntimeException e) {
            return new Outcome(null, List.of(), null, null, List.of(e.getMessage() + " (fix the pipeline in the editor and save it)"), null, chosen);
        }
        ClusterOptions options = chosen;
        String proposed = null;
        if (propose && options.data().root().isEmpty()) {
            proposed = ClusterDataRoot.holdingEveryFile(pipeline, folder).map(Path::toString).orElse(null);
            if (proposed != null) {
                options = new ClusterOptions(options.namespace(), options.image(), options.parallelism(), options.workspace(), options.store(),
                        new ClusterOptions.Data(proposed, options.data().mount(), options.data().claim()), options.retries(), options.resources(),
                        options.gpu(), options.seed(), options.monitors());
            }
        }
        NodeMeasurements measurements = services.store().get().<NodeMeasurements>map(store -> NodeMeasurements.of(new Runs(store, Clock.systemUTC())))
                .orElse(NodeMeasurements.NONE);
        ClusterPlan made;
        try {
            made = ClusterPlanner.plan(pipeline, file, options, measurements);
        } catch (ClusterRefusal refusal) {
            return new Outcome(null, List.of(), null, null, refusal.reasons(), proposed, options);
        }
        ClusterExport export = writer.draft().apply(made);
        return new Outcome(made, export.files(), export.validation(), ClusterGraph.of(made, document, catalog), List.of(), proposed, options);
    }

    private void show(Outcome outcome) {
        busy.set(false);
        planned = List.of(pipelineFile, outcome.options(), target.get());
        if (outcome.dataRoot() != null) {
            proposeRoot = false;
            dataRoot.set(outcome.dataRoot());
        }
        if (outcome.plan() == null) {
            clearPlan(outcome.refusals());
            message.set("Cannot export: " + outcome.refusals().size() + " thing" + (outcome.refusals().size() == 1 ? "" : "s") + " to change, listed below.");
            return;
        }
        String before = selected.get() == null ? null : selected.get().name();
        refusals.clear();
        plan.set(outcome.plan());
        graph.set(outcome.graph());
        tasks.setAll(outcome.plan().tasks());
        ClusterPlan.Task keep = before == null ? null : outcome.plan().task(before);
        selected.set(keep != null ? keep : outcome.plan().tasks().get(0));
        command.set(commandLine(selected.get()));
        files.setAll(outcome.files());
        checks.setAll(outcome.validation().checks());
        exportable.set(outcome.validation().passed());
        if (folder.get().isBlank()) {
            folder.set(pipelineFile.toAbsolutePath().getParent().resolve(outcome.plan().name() + "-" + target.get().folderSuffix()).toString());
        }
        long failed = outcome.validation().checks().stream().filter(check -> check.status() == Validation.Status.FAILED).count();
        long skipped = outcome.validation().checks().stream().filter(check -> check.status() == Validation.Status.SKIPPED).count();
        message.set(outcome.plan().tasks().size() + " tasks in " + outcome.files().size() + " files; "
                + (failed == 0 ? (skipped == 0 ? "every check passed" : "no check failed (" + skipped + " skipped)") + ": ready to export" : failed + " check" + (failed > 1 ? "s" : "") + " failed: "
                + outcome.validation().problems().get(0)));
    }

    private void clearPlan(List<String> reasons) {
        refusals.setAll(reasons);
        plan.set(null);
        graph.set(null);
        tasks.clear();
        selected.set(null);
        files.clear();
        checks.clear();
        exportable.set(false);
    }

    /** {@code pipewright} and the task's arguments with the target's names for the run and the trial, quoted where a shell needs it. */
    String commandLine(ClusterPlan.Task task) {
        var line = new StringBuilder("pipewright");
        for (String arg : task.args(target.get().run(), target.get().trial())) {
            line.append(' ').append(arg.matches("[A-Za-z0-9_./:=@%+{}<>-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    /** Writes the validated files into the folder of {@link #folderProperty()}, in the background; nothing when they did not pass. */
    public void export() {
        List<ExportedFile> validated = List.copyOf(files);
        String into = folder.get().strip();
        if (!exportable.get() || validated.isEmpty()) {
            message.set("Nothing was written: the export has not passed validation.");
            return;
        }
        if (into.isEmpty()) {
            message.set("Choose a folder to export into.");
            return;
        }
        Path destination = Path.of(into).toAbsolutePath().normalize();
        busy.set(true);
        services.executor().execute(BackgroundTask.of("Exporting " + plan.get().name() + " into " + destination,
                        progress -> ExportedFile.write(validated, destination))
                .onSuccess(paths -> {
                    busy.set(false);
                    written.setAll(paths);
                    writtenFolder.set(destination);
                    message.set("Wrote " + paths.size() + " files into " + destination + ": "
                            + String.join(", ", paths.stream().map(path -> path.getFileName().toString()).toList()));
                    services.notifications().info("Exported the " + target.get().name() + " workflow to " + destination);
                }).onFailure(error -> {
                    busy.set(false);
                    message.set(error.getMessage());
                }));
    }
}
