package io.pipewright.ui.datasets;

import io.pipewright.data.lake.LayerCatalog;
import io.pipewright.data.lake.LayerReference;
import io.pipewright.data.lake.Snapshots;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * State and commands of the Layers view: the datasets of the data folder by layer (Bronze, Silver, Gold; captured
 * tables with their rows and events), the selected dataset's versions, and the selected version's lineage across
 * layers with the runs that read it and the model versions registered from those runs. Every read runs in the
 * background; never touches a control.
 */
public final class LayersViewModel {
    /** The command that makes a first version, which the empty state names. */
    static final String FIRST_COMMIT = "pipewright datasets commit FILE --name NAME --layer bronze";

    /**
     * A version's chain: its lineage in the data folder, the runs that read it (each with the model versions registered
     * from it; empty without a store) and the run that made it, as the store knows it (null: none, or not in this store).
     */
    public record Chain(LayerCatalog.Lineage lineage, List<DatasetVersions.RunUse> readers, DatasetVersions.RunUse madeBy) {
        /** The model versions registered from the runs that read it, each once, in the order the runs list them. */
        public List<DatasetVersions.ModelUse> models() {
            var models = new LinkedHashMap<String, DatasetVersions.ModelUse>();
            readers.forEach(run -> run.models().forEach(model -> models.putIfAbsent(model.reference(), model)));
            return List.copyOf(models.values());
        }

        /** Every step of the chain in {@code layer}: what it came from, then the version itself, then what was made from it. */
        public List<LayerCatalog.Step> inLayer(String layer) {
            var steps = new ArrayList<LayerCatalog.Step>();
            lineage.upstream().stream().filter(step -> step.layer().equals(layer)).forEach(steps::add);
            Snapshots.Version version = lineage.version();
            if (version.layer().equals(layer)) {
                steps.add(new LayerCatalog.Step(version.reference(), layer, version, "this version", version.derivedFrom()));
            }
            lineage.downstream().stream().filter(step -> step.layer().equals(layer)).forEach(steps::add);
            return steps;
        }
    }

    private final TaskExecutor executor;
    private final Supplier<Optional<Store>> store;
    private final Supplier<Path> dataRoot;
    private final Notifications notifications;
    private final ObservableList<LayerCatalog.Entry> entries = FXCollections.observableArrayList();
    private final ObservableList<Snapshots.Version> versions = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<LayerCatalog.Entry> selectedEntry = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Snapshots.Version> selectedVersion = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Chain> chain = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper folder = new ReadOnlyStringWrapper("");
    /** The version to select once the selected dataset's versions are read (a step of a chain was clicked); null: the newest. */
    private Integer wantedVersion;

    /** {@code dataRoot}: the data folder (the home's data/, or the shared one of {@code --data} or {@code $PIPEWRIGHT_DATA}). */
    public LayersViewModel(TaskExecutor executor, Supplier<Optional<Store>> store, Supplier<Path> dataRoot, Notifications notifications) {
        this.executor = executor;
        this.store = store;
        this.dataRoot = dataRoot;
        this.notifications = notifications;
    }

    /** Every dataset of the data folder, Bronze first, then Silver, then Gold. */
    public ObservableList<LayerCatalog.Entry> entries() {
        return entries;
    }

    /** The selected dataset's versions, newest first (none for a captured table's live layer). */
    public ObservableList<Snapshots.Version> versions() {
        return versions;
    }

    public ReadOnlyObjectProperty<LayerCatalog.Entry> selectedEntryProperty() {
        return selectedEntry.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Snapshots.Version> selectedVersionProperty() {
        return selectedVersion.getReadOnlyProperty();
    }

    /** The selected version's chain (null when none is selected). */
    public ReadOnlyObjectProperty<Chain> chainProperty() {
        return chain.getReadOnlyProperty();
    }

    /** What the view says above its tables: empty, or how to make a first version, or why nothing could be read. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The data folder read, as the toolbar shows it. */
    public ReadOnlyStringProperty folderProperty() {
        return folder.getReadOnlyProperty();
    }

    /** Reads the data folder's datasets again, keeping the selected dataset and version where they still exist. */
    public void refresh() {
        Path root = dataRoot.get();
        folder.set(root.toString());
        executor.execute(BackgroundTask.of("Reading the data folder's layers", progress -> new LayerCatalog(root).entries()).quiet()
                .onSuccess(read -> {
                    // what is selected when the read ends (a person may have chosen while it ran), not when it began
                    LayerCatalog.Entry current = selectedEntry.get();
                    Snapshots.Version currentVersion = selectedVersion.get();
                    entries.setAll(read);
                    message.set(read.isEmpty() ? "No dataset in a layer yet. `" + FIRST_COMMIT + "` keeps a file as its first version; "
                            + "a pipeline's publish node and `pipewright ingest cdc` fill the layers too." : "");
                    Optional<LayerCatalog.Entry> kept = current == null ? Optional.empty() : read.stream().filter(entry -> same(entry, current)).findFirst();
                    wantedVersion = currentVersion == null ? null : currentVersion.version();
                    selectEntry(kept.orElse(read.stream().filter(entry -> entry.kind() == LayerCatalog.Kind.VERSIONS).findFirst()
                            .orElse(read.isEmpty() ? null : read.get(0))));
                })
                .onFailure(error -> message.set("Cannot read " + root + ": " + error.getMessage())));
    }

    private static boolean same(LayerCatalog.Entry a, LayerCatalog.Entry b) {
        return a.layer().equals(b.layer()) && a.name().equals(b.name()) && a.kind() == b.kind();
    }

    /** Shows a dataset's versions, selecting the newest (or the one a clicked step named). */
    public void selectEntry(LayerCatalog.Entry entry) {
        selectedEntry.set(entry);
        Integer wanted = wantedVersion;
        wantedVersion = null;
        if (entry == null || entry.kind() == LayerCatalog.Kind.CAPTURED) {
            versions.clear();
            selectVersion(null);
            return;
        }
        Path root = dataRoot.get();
        executor.execute(BackgroundTask.of("Reading the versions of " + entry.reference(), progress -> new LayerCatalog(root).versions(entry.layer(),
                        entry.name())).quiet()
                .onSuccess(read -> {
                    if (selectedEntry.get() != entry) {
                        return; // another dataset was selected meanwhile
                    }
                    versions.setAll(read);
                    selectVersion(read.stream().filter(v -> wanted != null && v.version() == wanted).findFirst()
                            .orElse(read.isEmpty() ? null : read.get(0)));
                })
                .onFailure(error -> notifications.error("Cannot read the versions of " + entry.reference() + ": " + error.getMessage())));
    }

    /** Shows a version's chain: its lineage across layers, the runs that read it and the model versions registered from them. */
    public void selectVersion(Snapshots.Version version) {
        selectedVersion.set(version);
        if (version == null) {
            chain.set(null);
            return;
        }
        Path root = dataRoot.get();
        Optional<Store> opened = store.get();
        executor.execute(BackgroundTask.of("Reading the lineage of " + version.reference(), progress -> {
                    LayerCatalog.Lineage lineage = new LayerCatalog(root).lineage(version);
                    if (opened.isEmpty()) {
                        return new Chain(lineage, List.of(), null);
                    }
                    var recorded = new DatasetVersions(opened.get());
                    DatasetVersions.RunUse madeBy = version.run() == null ? null : recorded.run(version.run()).orElse(null);
                    return new Chain(lineage, recorded.runsUsing(version.sha256()), madeBy);
                }).quiet()
                .onSuccess(read -> {
                    if (selectedVersion.get() == version) {
                        chain.set(read);
                    }
                })
                .onFailure(error -> notifications.error("Cannot read the lineage of " + version.reference() + ": " + error.getMessage())));
    }

    /** Goes to a step of a chain ({@code silver/orders@2}, or a captured table's {@code bronze/orders}): its dataset, at that version. */
    public void show(String reference) {
        LayerReference parsed;
        try {
            parsed = LayerReference.parse(reference);
        } catch (IllegalArgumentException e) {
            return; // a source that names no layer (a file, a database) has nowhere to go
        }
        LayerCatalog.Kind kind = parsed.version() == null ? LayerCatalog.Kind.CAPTURED : LayerCatalog.Kind.VERSIONS;
        entries.stream().filter(entry -> entry.layer().equals(parsed.layer()) && entry.name().equals(parsed.name()) && entry.kind() == kind)
                .findFirst().ifPresent(entry -> {
                    wantedVersion = parsed.version();
                    selectEntry(entry);
                });
    }
}
