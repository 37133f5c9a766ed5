package io.pipewright.ui.data;

import io.pipewright.data.ColumnType;
import io.pipewright.data.DatasetException;
import io.pipewright.data.DatasetReader;
import io.pipewright.profile.ColumnProfile;
import io.pipewright.profile.DatasetProfile;
import io.pipewright.profile.HtmlReport;
import io.pipewright.profile.ProfileJson;
import io.pipewright.profile.Profiler;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.work.CancelledException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.ObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Data workspace: profile a file (with progress, partial results and
 * cancel), show it, change NA tokens, column types and the target and profile again, export the
 * report, and record the dataset version in the store. Never touches a control; values from the
 * profiling thread reach the properties through {@code fx} (Platform::runLater in the app).
 */
public final class DataViewModel {
    private static final long UI_EVERY_NANOS = 100_000_000L;
    private static final long PARTIAL_EVERY_NANOS = 1_000_000_000L;

    private final TaskExecutor executor;
    private final Executor fx;
    private final Notifications notifications;
    private final Supplier<Optional<Store>> store;
    private final Clock clock;

    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DatasetProfile> profile = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Path> profiledFile = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ObservableList<String> previewColumns = FXCollections.observableArrayList();
    private final ObservableList<String[]> previewRows = FXCollections.observableArrayList();
    private final ObjectProperty<ColumnProfile> selectedColumn = new SimpleObjectProperty<>();
    private final ObservableList<String> naTokens = FXCollections.observableArrayList();
    private final Map<String, ColumnType> typeOverrides = new LinkedHashMap<>();
    private final ObjectProperty<String> target = new SimpleObjectProperty<>();
    private TaskExecutor.TaskHandle running = () -> { };
    private Consumer<DatasetProfile> onProfiled = profile -> { };
    private int generation;

    public DataViewModel(TaskExecutor executor, Executor fx, Notifications notifications, Supplier<Optional<Store>> store, Clock clock) {
        this.executor = executor;
        this.fx = fx;
        this.notifications = notifications;
        this.store = store;
        this.clock = clock;
    }

    /** Called on the FX thread with every completed profile (the Home view lists the file). */
    public void setOnProfiled(Consumer<DatasetProfile> listener) {
        this.onProfiled = listener;
    }

    /** Profiles a new file with fresh settings; the previous file's profile goes at once. */
    public void open(Path path) {
        naTokens.clear();
        typeOverrides.clear();
        target.set(null);
        file.set(path);
        clearProfile();
        profileAgain();
    }

    /** Nothing of a previous profile may stay under another file's name, or after its file failed to read. */
    private void clearProfile() {
        running.cancel();
        generation++;
        profile.set(null);
        profiledFile.set(null);
        selectedColumn.set(null);
        previewColumns.clear();
        previewRows.clear();
    }

    /** Profiles the current file again with the current NA tokens, types and target. */
    public void profileAgain() {
        Path path = file.get();
        if (path == null) {
            return;
        }
        running.cancel();
        int run = ++generation;
        // one core fewer than there are: the window keeps one to itself
        var options = Profiler.Options.defaults().withTypes(Map.copyOf(typeOverrides)).withTarget(target.get())
                .withThreads(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        var tokens = List.copyOf(naTokens);
        String name = path.getFileName().toString();
        busy.set(true);
        progress.set(-1);
        status.set("Reading " + name + "…");
        error.set(null);
        var lastUi = new AtomicLong();
        var listener = new Profiler.Listener() {
            @Override
            public void progress(long rows, long bytesRead, long totalBytes, double secondsLeft) {
                long now = System.nanoTime();
                if (now - lastUi.get() < UI_EVERY_NANOS) {
                    return;
                }
                lastUi.set(now);
                double share = totalBytes <= 0 ? -1 : Math.min(1, (double) bytesRead / totalBytes);
                String text = String.format(Locale.US, "%,d rows read%s", rows,
                        Double.isNaN(secondsLeft) ? "" : String.format(Locale.US, " · about %s left", duration(secondsLeft)));
                fx.execute(() -> {
                    if (run == generation) {
                        progress.set(share);
                        status.set(text);
                    }
                });
            }

            private final PartialCadence cadence = new PartialCadence(PARTIAL_EVERY_NANOS);

            @Override
            public boolean wantsPartials() {
                // the profiler builds a partial (a whole profile: sorts, top values) only when one would be shown
                return cadence.due(System.nanoTime());
            }

            @Override
            public void partial(DatasetProfile partial) {
                if (!cadence.take(System.nanoTime())) {
                    return;
                }
                fx.execute(() -> {
                    if (run == generation) {
                        show(partial);
                    }
                });
            }

            @Override
            public void preview(List<String> columns, List<String[]> rows) {
                var copy = List.copyOf(rows);
                fx.execute(() -> {
                    if (run == generation) {
                        previewColumns.setAll(columns);
                        previewRows.setAll(copy);
                    }
                });
            }
        };
        var task = BackgroundTask.of("Profiling " + name, work -> {
            var reader = DatasetReader.open(path).naTokens(tokens);
            DatasetProfile result = new Profiler().profile(reader, options, new Profiler.Listener() {
                @Override
                public void progress(long rows, long bytesRead, long totalBytes, double secondsLeft) {
                    work.update(bytesRead, totalBytes, name);
                    listener.progress(rows, bytesRead, totalBytes, secondsLeft);
                }

                @Override
                public void partial(DatasetProfile partial) {
                    listener.partial(partial);
                }

                @Override
                public boolean wantsPartials() {
                    return listener.wantsPartials();
                }

                @Override
                public void preview(List<String> columns, List<String[]> rows) {
                    listener.preview(columns, rows);
                }
            }, work);
            store.get().ifPresent(opened -> new DatasetVersions(opened).record(result.source().path(), result.source().format(),
                    result.source().bytes(), result.source().sha256(), result.rows(), result.columns().size(), ProfileJson.write(result),
                    clock.instant()));
            return result;
        }).onSuccess(result -> {
            if (run != generation) {
                return;
            }
            busy.set(false);
            progress.set(1);
            status.set(String.format(Locale.US, "%,d rows × %d columns", result.rows(), result.columns().size()));
            show(result);
            profiledFile.set(path);
            onProfiled.accept(result);
            int alerts = result.alerts().size();
            notifications.info("Profiled " + name + ": " + status.get() + ", " + alerts + (alerts == 1 ? " alert" : " alerts"));
        }).onCancelled(() -> {
            if (run != generation) {
                return;
            }
            busy.set(false);
            profiledFile.set(path); // read without a fault, if not to its end
            status.set("Stopped: the profile shows the rows read so far");
            notifications.info("Stopped profiling " + name);
        }).onFailure(failure -> {
            if (run != generation) {
                return;
            }
            busy.set(false);
            progress.set(0);
            String message;
            if (failure instanceof CancelledException) {
                message = "Stopped";
            } else {
                // the executor logs the failure whole; the window says what went wrong in words
                message = failure instanceof DatasetException ? failure.getMessage() : DatasetException.unexpected(name, failure).getMessage();
                // the profile on screen (of another file, or of other settings) is not this file's
                clearProfile();
            }
            error.set(message);
            status.set("");
            notifications.error(message);
        });
        running = executor.execute(task);
    }

    private void show(DatasetProfile shown) {
        String selected = selectedColumn.get() == null ? null : selectedColumn.get().name();
        profile.set(shown);
        ColumnProfile again = selected == null ? null
                : shown.columns().stream().filter(column -> column.name().equals(selected)).findFirst().orElse(null);
        selectedColumn.set(again != null ? again : shown.columns().isEmpty() ? null : shown.columns().get(0));
    }

    static String duration(double seconds) {
        if (seconds < 60) {
            return Math.max(1, Math.round(seconds)) + " s";
        }
        return String.format(Locale.US, "%d min %02d s", (long) seconds / 60, Math.round(seconds) % 60);
    }

    public void cancel() {
        running.cancel();
    }

    /** Treats a value as missing from now on (the view's one-click suggestion) and profiles again. */
    public void addNaToken(String token) {
        if (!naTokens.contains(token)) {
            naTokens.add(token);
            profileAgain();
        }
    }

    /** Replaces the NA tokens with a comma-separated list, as typed in the field. */
    public void setNaTokens(String commaSeparated) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String token : commaSeparated.split(",")) {
            if (!token.isBlank()) {
                tokens.add(token.strip());
            }
        }
        if (!new ArrayList<>(tokens).equals(naTokens)) {
            naTokens.setAll(tokens);
            profileAgain();
        }
    }

    /** The person's type for a column; null gives it back to inference. */
    public void setType(String column, ColumnType type) {
        if (type == null) {
            typeOverrides.remove(column);
        } else {
            typeOverrides.put(column, type);
        }
        profileAgain();
    }

    public void setTarget(String column) {
        if (!java.util.Objects.equals(column, target.get())) {
            target.set(column);
            profileAgain();
        }
    }

    public void exportHtml(Path destination) {
        export(destination, HtmlReport::write, "Report written to ");
    }

    public void exportJson(Path destination) {
        export(destination, ProfileJson::write, "Profile written to ");
    }

    private void export(Path destination, java.util.function.BiConsumer<DatasetProfile, Path> writer, String done) {
        DatasetProfile current = profile.get();
        if (current != null) {
            executor.execute(BackgroundTask.of("Writing " + destination.getFileName(), work -> {
                writer.accept(current, destination);
                return destination;
            }).onSuccess(written -> notifications.info(done + written))
                    .onFailure(failure -> notifications.error(failure.getMessage())));
        }
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    /**
     * The dataset open here, once it has been read (profiled, or stopped part-way) without a fault; null while
     * another file is being opened or after a file failed. The Quality tabs offer it.
     */
    public ReadOnlyObjectProperty<Path> profiledFileProperty() {
        return profiledFile.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DatasetProfile> profileProperty() {
        return profile.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObservableList<String> previewColumns() {
        return previewColumns;
    }

    public ObservableList<String[]> previewRows() {
        return previewRows;
    }

    public ObjectProperty<ColumnProfile> selectedColumnProperty() {
        return selectedColumn;
    }

    public ObservableList<String> naTokens() {
        return naTokens;
    }

    public Map<String, ColumnType> typeOverrides() {
        return Map.copyOf(typeOverrides);
    }

    public ObjectProperty<String> targetProperty() {
        return target;
    }
}
