package io.pipewright.ui.datasets;

import io.pipewright.track.DatasetVersion;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.SchemaColumn;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Datasets view: every dataset version in the store (a path's versions
 * side by side, newest first), the selected version's facts, schema, history and the runs and model
 * versions that used it; and a registered model version's chain back to its data. Every read runs
 * in the background; never touches a control.
 */
public final class DatasetsViewModel {
    /** The selected version with what the store knows around it. */
    public record Detail(DatasetVersion version, List<SchemaColumn> schema, List<DatasetVersion> history, List<DatasetVersions.RunUse> runs) {
    }

    /** One row of the usage table: a run that read the version and one model version registered from it (null: none). */
    public record Usage(DatasetVersions.RunUse run, DatasetVersions.ModelUse model) {
    }

    /** A path's versions together (by path), newest first within a path. */
    static final Comparator<DatasetVersion> BY_PATH = Comparator.comparing(DatasetVersion::path)
            .thenComparing(DatasetVersion::createdAt, Comparator.reverseOrder())
            .thenComparing(DatasetVersion::id, Comparator.reverseOrder());

    private final TaskExecutor executor;
    private final Supplier<Optional<Store>> store;
    private final Notifications notifications;
    private final ObservableList<DatasetVersion> versions = FXCollections.observableArrayList();
    private final ObservableList<DatasetVersion> history = FXCollections.observableArrayList();
    private final ObservableList<SchemaColumn> schema = FXCollections.observableArrayList();
    private final ObservableList<Usage> usage = FXCollections.observableArrayList();
    private final ObservableList<String> modelVersions = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<DatasetVersion> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Detail> detail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<String> model = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DatasetVersions.Lineage> lineage = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public DatasetsViewModel(TaskExecutor executor, Supplier<Optional<Store>> store, Notifications notifications) {
        this.executor = executor;
        this.store = store;
        this.notifications = notifications;
    }

    /** Every version, grouped by path, newest first within a path. */
    public ObservableList<DatasetVersion> versions() {
        return versions;
    }

    public ReadOnlyObjectProperty<DatasetVersion> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Detail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** The selected version's columns. */
    public ObservableList<SchemaColumn> schema() {
        return schema;
    }

    /** The versions of the selected version's path, newest first (the selected one among them). */
    public ObservableList<DatasetVersion> history() {
        return history;
    }

    /** The runs that read the selected version, one row per model version registered from each (a run without one has one row). */
    public ObservableList<Usage> usage() {
        return usage;
    }

    /** Registered model versions as {@code name:version}, by name, newest version first. */
    public ObservableList<String> modelVersions() {
        return modelVersions;
    }

    public ReadOnlyObjectProperty<String> modelProperty() {
        return model.getReadOnlyProperty();
    }

    /** The chosen model version's chain: model version → run → dataset versions (null when none is chosen). */
    public ReadOnlyObjectProperty<DatasetVersions.Lineage> lineageProperty() {
        return lineage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    private record Loaded(List<DatasetVersion> versions, List<String> models) {
    }

    /** Reads the versions and the registered model versions again, keeping the selection when it still exists. */
    public void refresh() {
        Optional<Store> opened = store.get();
        if (opened.isEmpty()) {
            message.set("The store is not open yet.");
            return;
        }
        executor.execute(BackgroundTask.of("Reading dataset versions", progress -> {
                    var all = new ArrayList<>(new DatasetVersions(opened.get()).list());
                    all.sort(BY_PATH);
                    var registry = new ModelRegistry(opened.get(), Clock.systemUTC());
                    var models = new ArrayList<String>();
                    for (String name : registry.names()) {
                        registry.versions(name).forEach(version -> models.add(version.name() + ":" + version.version()));
                    }
                    return new Loaded(all, models);
                }).quiet()
                .onSuccess(loaded -> {
                    versions.setAll(loaded.versions());
                    modelVersions.setAll(loaded.models());
                    message.set(loaded.versions().isEmpty()
                            ? "No dataset versions yet: profiling a file, or running a pipeline that reads one, records it here." : "");
                    DatasetVersion current = selected.get();
                    Optional<DatasetVersion> kept = current == null ? Optional.empty()
                            : loaded.versions().stream().filter(version -> version.id() == current.id()).findFirst();
                    select(kept.orElse(loaded.versions().isEmpty() ? null : loaded.versions().get(0)));
                    String chosen = model.get();
                    if (chosen != null && loaded.models().contains(chosen)) {
                        showLineage(chosen);
                    } else if (chosen != null) {
                        model.set(null);
                        lineage.set(null);
                    }
                })
                .onFailure(error -> message.set(error.getMessage())));
    }

    /** Shows a version's facts, schema, history and the runs and models that used it. */
    public void select(DatasetVersion version) {
        selected.set(version);
        Optional<Store> opened = store.get();
        if (version == null || opened.isEmpty()) {
            detail.set(null);
            schema.clear();
            history.clear();
            usage.clear();
            return;
        }
        var versionsOfStore = new DatasetVersions(opened.get());
        executor.execute(BackgroundTask.of("Reading dataset version " + version.id(), progress -> new Detail(version, versionsOfStore.schema(version.id()),
                        versionsOfStore.history(version.path()), versionsOfStore.runsUsing(version.sha256())))
                .quiet()
                .onSuccess(read -> {
                    // arrowing through the list: only the version still selected is shown
                    if (selected.get() != version) {
                        return;
                    }
                    detail.set(read);
                    schema.setAll(read.schema());
                    history.setAll(read.history());
                    var rows = new ArrayList<Usage>();
                    for (DatasetVersions.RunUse run : read.runs()) {
                        if (run.models().isEmpty()) {
                            rows.add(new Usage(run, null));
                        }
                        run.models().forEach(registered -> rows.add(new Usage(run, registered)));
                    }
                    usage.setAll(rows);
                })
                .onFailure(error -> notifications.error("Cannot read dataset version " + version.id() + ": " + error.getMessage())));
    }

    /** Selects the version with this id when it is listed (from the history table, say). */
    public void selectId(long id) {
        versions.stream().filter(version -> version.id() == id).findFirst().ifPresent(this::select);
    }

    /** Shows a registered model version's chain back to its data; {@code reference} is {@code name:version} or {@code name@alias}. */
    public void showLineage(String reference) {
        Optional<Store> opened = store.get();
        model.set(reference);
        if (reference == null || opened.isEmpty()) {
            lineage.set(null);
            return;
        }
        executor.execute(BackgroundTask.of("Reading the lineage of " + reference, progress -> {
                    var version = new ModelRegistry(opened.get(), Clock.systemUTC()).find(reference);
                    return version.flatMap(found -> new DatasetVersions(opened.get()).modelLineage(found.name(), found.version()));
                }).quiet()
                .onSuccess(found -> {
                    if (!reference.equals(model.get())) {
                        return;
                    }
                    lineage.set(found.orElse(null));
                    if (found.isEmpty()) {
                        notifications.error("No registered model version " + reference);
                    }
                })
                .onFailure(error -> notifications.error(error.getMessage())));
    }
}
