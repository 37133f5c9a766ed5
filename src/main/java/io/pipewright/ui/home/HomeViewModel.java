package io.pipewright.ui.home;

import io.pipewright.data.DatasetReader;
import io.pipewright.data.DatasetSummary;
import io.pipewright.data.SampleDataset;
import io.pipewright.data.SampleDatasets;
import io.pipewright.home.PipewrightHome;
import io.pipewright.pipeline.SamplePipeline;
import io.pipewright.pipeline.SamplePipelines;
import io.pipewright.track.RecentFile;
import io.pipewright.track.RecentFiles;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.work.ByteSizes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;
import io.pipewright.profile.DatasetProfile;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Home view: recent files (kept in the store), the bundled sample
 * datasets and pipelines, and what the store is doing. Never touches a control; all work goes through the executor.
 */
public final class HomeViewModel {
    private final PipewrightHome home;
    private final TaskExecutor executor;
    private final Notifications notifications;
    private final SampleDatasets samples;
    private final SamplePipelines samplePipelines;
    private final Clock clock;

    private final ObservableList<RecentFile> recentFiles = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper storeLocation = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper storeStatus = new ReadOnlyStringWrapper("Opening the store…");
    private volatile RecentFiles recentStore;
    private volatile Store store;
    private Consumer<Path> opener = this::open;
    private Consumer<Path> pipelineOpener = file -> { };

    public HomeViewModel(PipewrightHome home, TaskExecutor executor, Notifications notifications, SampleDatasets samples,
                         SamplePipelines samplePipelines, Clock clock) {
        this.home = home;
        this.executor = executor;
        this.notifications = notifications;
        this.samples = samples;
        this.samplePipelines = samplePipelines;
        this.clock = clock;
        storeLocation.set(home.store().toString());
    }

    public ObservableList<RecentFile> recentFiles() {
        return recentFiles;
    }

    public List<SampleDataset> samples() {
        return samples.list();
    }

    public List<SamplePipeline> samplePipelines() {
        return samplePipelines.list();
    }

    public ReadOnlyStringProperty storeLocationProperty() {
        return storeLocation.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty storeStatusProperty() {
        return storeStatus.getReadOnlyProperty();
    }

    /** The store is open: show what it remembers. */
    public void storeOpened(Store opened) {
        var repository = new RecentFiles(opened);
        store = opened;
        recentStore = repository;
        executor.execute(BackgroundTask.of("Reading recent files", progress -> repository.list())
                .quiet()
                .onSuccess(stored -> {
                    // files opened while the store was still opening stay on top, and are saved now
                    List<RecentFile> earlier = List.copyOf(recentFiles);
                    var merged = new ArrayList<>(earlier);
                    stored.stream().filter(file -> earlier.stream().noneMatch(other -> other.path().equals(file.path())))
                            .forEach(merged::add);
                    recentFiles.setAll(merged);
                    earlier.forEach(this::rememberQuietly);
                }));
        refreshStoreStatus();
    }

    /** The store could not be opened: say why; the window still works, it just forgets. */
    public void storeUnavailable(String reason) {
        recentStore = null;
        store = null;
        storeStatus.set("Not available: " + reason + ". Files opened now are not remembered.");
    }

    private void refreshStoreStatus() {
        Store current = store;
        if (current != null) {
            executor.execute(BackgroundTask.of("Measuring the store", progress -> current.sizeBytes())
                    .quiet()
                    .onSuccess(bytes -> storeStatus.set("Schema version " + current.schemaVersion() + " · " + ByteSizes.human(bytes))));
        }
    }

    private void rememberQuietly(RecentFile file) {
        RecentFiles repository = recentStore;
        if (repository != null) {
            executor.execute(BackgroundTask.of("Saving recent files", progress -> {
                repository.remember(file);
                return file;
            }).quiet().onFailure(error -> notifications.warn(error.getMessage())));
        }
    }

    /** Where opening a file leads (in the app: the Data workspace, which profiles it). */
    public void setOpener(Consumer<Path> opener) {
        this.opener = opener;
    }

    /** Where opening a pipeline leads (in the app: the Pipelines workspace); until set, nowhere. */
    public void setPipelineOpener(Consumer<Path> opener) {
        this.pipelineOpener = opener;
    }

    /** Opens a file the person chose in this view. */
    public void openFile(Path file) {
        opener.accept(file);
    }

    /** Lists a profiled dataset on top of the recent files and saves it in the store. */
    public void remember(DatasetProfile profile) {
        var file = new RecentFile(Path.of(profile.source().path()), RecentFile.DATASET, profile.source().format(), profile.source().bytes(),
                OptionalLong.of(profile.rows()), OptionalInt.of(profile.columns().size()), clock.instant());
        recentFiles.removeIf(other -> other.path().equals(file.path()));
        recentFiles.add(0, file);
        if (recentFiles.size() > RecentFiles.LIMIT) {
            recentFiles.remove(RecentFiles.LIMIT, recentFiles.size());
        }
        rememberQuietly(file);
        refreshStoreStatus();
    }

    /** Reads a quick summary of the dataset, then lists it on top of the recent files. */
    public void open(Path file) {
        String name = file.getFileName().toString();
        executor.execute(BackgroundTask.of("Reading " + name, progress -> remember(DatasetSummary.read(DatasetReader.open(file), progress)))
                .onSuccess(this::opened)
                .onCancelled(() -> notifications.info("Stopped reading " + name))
                .onFailure(error -> notifications.error(error.getMessage())));
    }

    /** Copies a bundled sample into the home folder and opens the copy. */
    public void openSample(SampleDataset sample) {
        executor.execute(BackgroundTask.of("Opening sample " + sample.title(), progress -> samples.extract(sample, home.samples()))
                .onSuccess(copy -> opener.accept(copy))
                .onFailure(error -> notifications.error(error.getMessage())));
    }

    /**
     * Copies a bundled sample pipeline, with the files it reads, into the home's samples folder
     * (laid out as in sample-data, so its relative paths hold) and opens the copy.
     */
    public void openSamplePipeline(SamplePipeline sample) {
        executor.execute(BackgroundTask.of("Opening sample pipeline " + sample.title(), progress -> samplePipelines.extract(sample, home.samples()))
                .onSuccess(copy -> pipelineOpener.accept(copy))
                .onFailure(error -> notifications.error(error.getMessage())));
    }

    private RecentFile remember(DatasetSummary summary) {
        var file = new RecentFile(summary.path(), RecentFile.DATASET, summary.format().label(), summary.sizeBytes(),
                summary.rows(), summary.columns(), clock.instant());
        RecentFiles repository = recentStore;
        if (repository != null) {
            repository.remember(file);
        }
        return file;
    }

    private void opened(RecentFile file) {
        recentFiles.removeIf(other -> other.path().equals(file.path()));
        recentFiles.add(0, file);
        if (recentFiles.size() > RecentFiles.LIMIT) {
            recentFiles.remove(RecentFiles.LIMIT, recentFiles.size());
        }
        notifications.info("Opened " + file.fileName() + ": " + describe(file));
        refreshStoreStatus();
    }

    /** Removes a file from the list (not from the disk). */
    public void forget(RecentFile file) {
        recentFiles.remove(file);
        RecentFiles repository = recentStore;
        if (repository != null) {
            executor.execute(BackgroundTask.of("Forgetting " + file.fileName(), progress -> {
                repository.forget(file.path());
                return file;
            }).quiet().onFailure(error -> notifications.warn(error.getMessage())));
        }
    }

    /** "CSV · 1,000 rows × 10 columns · 64.2 KB" */
    public static String describe(RecentFile file) {
        var text = new StringBuilder(file.format());
        if (file.rows().isPresent()) {
            text.append(" · ").append(String.format(Locale.US, "%,d", file.rows().getAsLong()))
                    .append(file.rows().getAsLong() == 1 ? " row" : " rows");
        }
        if (file.columns().isPresent()) {
            text.append(" × ").append(file.columns().getAsInt()).append(file.columns().getAsInt() == 1 ? " column" : " columns");
        }
        return text.append(" · ").append(ByteSizes.human(file.sizeBytes())).toString();
    }
}
