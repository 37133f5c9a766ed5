package io.pipewright.ui.features;

import io.pipewright.data.DatabaseCredentials;
import io.pipewright.data.DatasetReader;
import io.pipewright.features.FeatureException;
import io.pipewright.features.FeatureView;
import io.pipewright.features.OnlineStore;
import io.pipewright.features.PointInTimeJoin;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Features tab: the feature view files of a folder (each parsed, or its one-line error),
 * the selected view's features and its state in the data folder's embedded online store, and three pieces of work,
 * each in the background, shown in the status bar and cancellable: materialize the view up to now, look up an
 * entity's values, and join the folder's views onto an entity table point-in-time correctly. Never touches a control.
 */
public final class FeaturesViewModel {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** A file of the folder: its view, or why it is not one ({@code view} null). */
    public record ViewFile(Path file, FeatureView view, String error) {
        /** The view's name, or the file's for one that does not parse. */
        public String name() {
            return view != null ? view.name() : file.getFileName().toString();
        }

        public boolean valid() {
            return view != null;
        }
    }

    /** A feature as the tab lists it: what it is (a column of the source, or the expression computing it) and its kind once known (else null). */
    public record FeatureLine(String name, String definition, String kind) {
    }

    /** One value of an entity looked up, as text ("–" where there is none). */
    public record FeatureValue(String name, String value) {
    }

    /** What the data folder and its online store are: where it is, and how to log in to the databases views read. */
    public record Environment(Supplier<Path> dataRoot, DatabaseCredentials credentials, Clock clock) {
    }

    /** A read of the folder: its files and the online store's views by name ({@code onlineProblem}: why the store could not be read, or null). */
    private record Read(Path folder, List<ViewFile> files, Map<String, OnlineStore.Layout> layouts, String onlineProblem) {
    }

    private final TaskExecutor executor;
    private final Notifications notifications;
    private final Path defaultFolder;
    private final Environment environment;
    private final ReadOnlyObjectWrapper<Path> folder = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ViewFile> files = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ViewFile> selected = new ReadOnlyObjectWrapper<>();
    private final ObservableList<FeatureLine> features = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper onlineState = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper materialized = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper emptyMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper runningWhat = new ReadOnlyStringWrapper("");
    private final StringProperty lookupKey = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper lookupState = new ReadOnlyStringWrapper("");
    private final ObservableList<FeatureValue> lookupValues = FXCollections.observableArrayList();
    private final StringProperty joinEntities = new SimpleStringProperty("");
    private final StringProperty joinOut = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<PointInTimeJoin.Result> joinResult = new ReadOnlyObjectWrapper<>();
    private Map<String, OnlineStore.Layout> layouts = Map.of();
    private String onlineProblem;
    private TaskExecutor.TaskHandle work;

    /** {@code defaultFolder}: the home's samples {@code features/} folder, filled with the bundled sample the first time it is read. */
    public FeaturesViewModel(TaskExecutor executor, Notifications notifications, Path defaultFolder, Environment environment) {
        this.executor = executor;
        this.notifications = notifications;
        this.defaultFolder = defaultFolder;
        this.environment = environment;
        folder.set(defaultFolder);
    }

    /** The folder whose view files are listed. */
    public ReadOnlyObjectProperty<Path> folderProperty() {
        return folder.getReadOnlyProperty();
    }

    /** The folder's {@code .yaml}/{@code .yml} files by name, each a view or its error. */
    public ObservableList<ViewFile> files() {
        return files;
    }

    public ReadOnlyObjectProperty<ViewFile> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected view's features (none for a file that does not parse). */
    public ObservableList<FeatureLine> features() {
        return features;
    }

    /** The selected view in the online store: materialized up to when, with how many entities, or not. */
    public ReadOnlyStringProperty onlineStateProperty() {
        return onlineState.getReadOnlyProperty();
    }

    /** Whether the online store holds the selected view (so an entity can be looked up). */
    public ReadOnlyBooleanProperty materializedProperty() {
        return materialized.getReadOnlyProperty();
    }

    /** Non-empty when the folder holds no view file: what a view file is, and the sample. */
    public ReadOnlyStringProperty emptyMessageProperty() {
        return emptyMessage.getReadOnlyProperty();
    }

    /** The last thing that went wrong, in one line (empty: nothing). */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Whether the folder has been read at least once. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Whether a materialization, a lookup or a join is running (one at a time). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** What runs, in words ("Materializing customer_activity"). */
    public ReadOnlyStringProperty runningWhatProperty() {
        return runningWhat.getReadOnlyProperty();
    }

    /** The key of the entity to look up; a view keyed by several columns takes their values separated by commas. */
    public StringProperty lookupKeyProperty() {
        return lookupKey;
    }

    /** What the last lookup found: whose values, from when, and whether past the ttl; or that there is no such entity. */
    public ReadOnlyStringProperty lookupStateProperty() {
        return lookupState.getReadOnlyProperty();
    }

    public ObservableList<FeatureValue> lookupValues() {
        return lookupValues;
    }

    /** The entity table to join onto (a file). */
    public StringProperty joinEntitiesProperty() {
        return joinEntities;
    }

    /** The CSV file the join writes. */
    public StringProperty joinOutProperty() {
        return joinOut;
    }

    /** The last join's result (null: none yet). */
    public ReadOnlyObjectProperty<PointInTimeJoin.Result> joinResultProperty() {
        return joinResult.getReadOnlyProperty();
    }

    /** The views that parse, which a join joins. */
    public List<FeatureView> views() {
        return files.stream().filter(ViewFile::valid).map(ViewFile::view).toList();
    }

    /** Reads the folder again (the first time, the default folder gets the sample), keeping the selected file where it still is. */
    public void refresh() {
        Path shown = folder.get();
        boolean first = shown.equals(defaultFolder);
        Path root = environment.dataRoot().get();
        executor.execute(BackgroundTask.of("Reading the feature views in " + shown.getFileName(), progress -> {
                    if (first && !Files.exists(shown)) {
                        SampleViews.copyInto(shown);
                    }
                    List<ViewFile> read = readFolder(shown);
                    try {
                        return new Read(shown, read, onlineViews(root), null);
                    } catch (RuntimeException e) {
                        return new Read(shown, read, Map.of(), oneLine(e));
                    }
                }).quiet()
                .onSuccess(this::show)
                .onFailure(error -> {
                    files.clear();
                    select(null);
                    loaded.set(true);
                    emptyMessage.set("");
                    problem.set("Cannot read " + shown + ": " + oneLine(error));
                }));
    }

    /** Lists another folder's view files. */
    public void chooseFolder(Path chosen) {
        folder.set(chosen.toAbsolutePath().normalize());
        problem.set("");
        refresh();
    }

    /** Writes the sample view and its data into the folder shown (for an empty folder), then reads it again. */
    public void addSample() {
        Path target = folder.get();
        executor.execute(BackgroundTask.of("Copying the sample feature view", progress -> SampleViews.copyInto(target)).quiet()
                .onSuccess(view -> {
                    notifications.info("Copied the sample view " + view.getFileName() + " with its data into " + target);
                    refresh();
                })
                .onFailure(error -> problem.set(oneLine(error))));
    }

    private static List<ViewFile> readFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("no such folder");
        }
        List<Path> yaml;
        try (Stream<Path> listed = Files.list(folder)) {
            yaml = listed.filter(file -> {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                return (name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(file);
            }).sorted().toList();
        }
        var read = new ArrayList<ViewFile>();
        for (Path file : yaml) {
            try {
                read.add(new ViewFile(file, FeatureView.read(file), null));
            } catch (RuntimeException e) {
                read.add(new ViewFile(file, null, oneLine(e)));
            }
        }
        return read;
    }

    /** The views the data folder's embedded online store holds; none when it was never made (reading does not make it). */
    private Map<String, OnlineStore.Layout> onlineViews(Path root) {
        if (!Files.isDirectory(root.resolve("online"))) {
            return Map.of();
        }
        try (OnlineStore store = OnlineStore.open(null, null, root, environment.credentials())) {
            var byName = new HashMap<String, OnlineStore.Layout>();
            store.views().forEach(layout -> byName.put(layout.view(), layout));
            return byName;
        }
    }

    private void show(Read read) {
        if (!read.folder().equals(folder.get())) {
            return; // another folder was chosen meanwhile
        }
        ViewFile current = selected.get();
        layouts = read.layouts();
        onlineProblem = read.onlineProblem();
        files.setAll(read.files());
        loaded.set(true);
        emptyMessage.set(read.files().isEmpty() ? "No feature view files in " + read.folder() + ". A feature view is a YAML file naming the entity "
                + "key columns, the event-time column, where the rows come from (a file, a layer's dataset or a database table) and the features "
                + "(columns, or name: expression), with how long a value stays valid (ttl). The sample " + SampleViews.VIEW
                + " describes customers' activity every two weeks, with churn labels to join it onto." : "");
        Optional<ViewFile> kept = current == null ? Optional.empty() : read.files().stream().filter(file -> file.file().equals(current.file())).findFirst();
        select(kept.orElse(read.files().stream().filter(ViewFile::valid).findFirst().orElse(read.files().isEmpty() ? null : read.files().get(0))));
    }

    /** Shows a file: its view's features and online state (a file that does not parse shows its error instead). */
    public void select(ViewFile file) {
        if (file != selected.get()) {
            lookupState.set("");
            lookupValues.clear();
        }
        selected.set(file);
        showSelected();
    }

    private void showSelected() {
        ViewFile file = selected.get();
        if (file == null || !file.valid()) {
            features.clear();
            onlineState.set("");
            materialized.set(false);
            return;
        }
        FeatureView view = file.view();
        OnlineStore.Layout layout = layouts.get(view.name());
        List<String> kinds = kinds(view, layout);
        var lines = new ArrayList<FeatureLine>();
        for (int f = 0; f < view.features().size(); f++) {
            FeatureView.Feature feature = view.features().get(f);
            lines.add(new FeatureLine(feature.name(), feature.derived() ? "= " + feature.expression().text() : "column of the source",
                    kinds == null ? null : kinds.get(f)));
        }
        features.setAll(lines);
        materialized.set(layout != null);
        if (onlineProblem != null) {
            onlineState.set("Cannot read the online store: " + onlineProblem);
        } else if (layout == null) {
            onlineState.set("Not materialized: the online store of the data folder holds no values of " + view.name() + " yet.");
        } else {
            onlineState.set(String.format(Locale.ROOT, "Materialized up to %s: %,d %s.", WHEN.format(Instant.ofEpochMilli(layout.materializedUntil())),
                    layout.entityCount(), layout.entityCount() == 1 ? "entity" : "entities")
                    + (layout.features().equals(view.featureNames()) ? "" : " Its features have changed since: materialize it again."));
        }
    }

    /** The features' kinds, as the online store or the last join found them for the view as it is now; null when neither knows. */
    private List<String> kinds(FeatureView view, OnlineStore.Layout layout) {
        if (layout != null && layout.features().equals(view.featureNames())) {
            return layout.kinds();
        }
        PointInTimeJoin.Result joined = joinResult.get();
        if (joined != null) {
            for (PointInTimeJoin.ViewResult result : joined.views()) {
                if (result.view().equals(view.name()) && result.features().equals(view.featureNames())) {
                    return result.kinds();
                }
            }
        }
        return null;
    }

    /** Writes the selected view's latest values per entity, up to now, into the online store. */
    public void materialize() {
        FeatureView view = selectedView();
        if (view == null || !idle()) {
            return;
        }
        Path root = environment.dataRoot().get();
        Instant now = environment.clock().instant();
        // cancelled by its flag, between chunks of the source: an interrupt while H2 writes would close its file
        start(BackgroundTask.of("Materializing " + view.name(), progress -> {
                    try (OnlineStore store = OnlineStore.open(null, null, root, environment.credentials())) {
                        OnlineStore.Materialized done = store.materialize(view, root, environment.credentials(), null, now, bridge(progress, true));
                        var byName = new HashMap<String, OnlineStore.Layout>();
                        store.views().forEach(layout -> byName.put(layout.view(), layout));
                        return Map.entry(done, byName);
                    }
                }).withoutInterrupt()
                .onSuccess(done -> {
                    finished();
                    layouts = done.getValue();
                    onlineProblem = null;
                    OnlineStore.Materialized result = done.getKey();
                    notifications.info(String.format(Locale.ROOT, "%s: %,d entities written from %,d rows up to %s%s", result.view(), result.entitiesWritten(),
                            result.rowsRead(), WHEN.format(result.until()), result.rebuilt() ? " (its features changed: written again from all its rows)" : ""));
                    showSelected();
                }), "Materializing " + view.name());
    }

    /** Reads the entity named by the lookup key from the online store. */
    public void lookUp() {
        FeatureView view = selectedView();
        if (view == null || !idle()) {
            return;
        }
        String key = lookupKey.get() == null ? "" : lookupKey.get().strip();
        String keyNames = String.join(", ", view.entities());
        if (key.isEmpty()) {
            problem.set("Type the " + keyNames + " of the entity to look up" + (view.entities().size() > 1 ? ", separated by commas." : "."));
            return;
        }
        if (!materialized.get()) {
            problem.set("Materialize " + view.name() + " first: the online store holds no values of it yet.");
            return;
        }
        Path root = environment.dataRoot().get();
        Instant now = environment.clock().instant();
        start(BackgroundTask.of("Looking up " + keyNames + " " + key + " in " + view.name(), progress -> {
                    try (OnlineStore store = OnlineStore.open(null, null, root, environment.credentials())) {
                        return store.read(view.name(), List.of(key.split(",", -1)), now);
                    }
                }).withoutInterrupt()
                .onSuccess(found -> {
                    finished();
                    showEntry(view, keyNames, key, found);
                }), "Looking up " + key);
    }

    private void showEntry(FeatureView view, String keyNames, String key, Optional<OnlineStore.Entry> found) {
        if (found.isEmpty()) {
            lookupValues.clear();
            lookupState.set("No such entity: the online store has no " + keyNames + " " + key + " in " + view.name() + ".");
            return;
        }
        OnlineStore.Entry entry = found.get();
        var values = new ArrayList<FeatureValue>();
        entry.features().forEach((name, value) -> values.add(new FeatureValue(name, text(value))));
        lookupValues.setAll(values);
        String ttl = view.ttl() == null ? "" : " (" + duration(view.ttl()) + ")";
        lookupState.set(keyNames + " " + entry.entity() + ": values from " + WHEN.format(entry.eventTime())
                + (entry.expired() ? ", past the ttl" + ttl + ": none is served." : ", within the ttl" + ttl + "."));
    }

    /** Joins the folder's views onto the entity table into the output file. */
    public void join() {
        List<FeatureView> views = views();
        if (!idle()) {
            return;
        }
        String entitiesText = joinEntities.get() == null ? "" : joinEntities.get().strip();
        String outText = joinOut.get() == null ? "" : joinOut.get().strip();
        if (views.isEmpty()) {
            problem.set("No feature view to join: the folder holds no view file that reads.");
            return;
        }
        if (entitiesText.isEmpty()) {
            problem.set("Choose the entity table: a file with the views' key columns and their time column, " + views.get(0).timestamp() + ".");
            return;
        }
        if (outText.isEmpty()) {
            problem.set("Choose the CSV file the joined table is written to.");
            return;
        }
        Path entities = Path.of(entitiesText).toAbsolutePath().normalize();
        Path out = Path.of(outText).toAbsolutePath().normalize();
        if (entities.equals(out)) {
            problem.set("The joined table would overwrite the entity table " + entities.getFileName() + ": choose another output file.");
            return;
        }
        Path root = environment.dataRoot().get();
        String names = String.join(", ", views.stream().map(FeatureView::name).toList());
        start(BackgroundTask.<PointInTimeJoin.Result>of("Joining " + names + " onto " + entities.getFileName(), progress -> {
                    if (!Files.isRegularFile(entities)) {
                        throw new FeatureException(entities + ": no such file");
                    }
                    return PointInTimeJoin.join(DatasetReader.open(entities), views, root, environment.credentials(), out, out.getParent(),
                            bridge(progress, false));
                })
                .onSuccess(result -> {
                    finished();
                    joinResult.set(result);
                    notifications.info(String.format(Locale.ROOT, "%,d rows × %d columns written to %s", result.rows(), result.columns().size(), result.out()));
                    showSelected(); // the join knows the features' kinds
                }), "Joining onto " + entities.getFileName());
    }

    /** Suggests the output file beside a chosen entity table ({@code labels.csv} → {@code labels_features.csv}) unless one is named. */
    public void chooseEntities(Path file) {
        joinEntities.set(file.toString());
        if (joinOut.get() == null || joinOut.get().isBlank()) {
            String name = file.getFileName().toString();
            int dot = name.indexOf('.');
            joinOut.set(file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "_features.csv").toString());
        }
    }

    /** Stops the running materialization, lookup or join. */
    public void cancel() {
        if (work != null) {
            work.cancel();
        }
    }

    private FeatureView selectedView() {
        ViewFile file = selected.get();
        return file == null ? null : file.view();
    }

    private boolean idle() {
        return !running.get();
    }

    private <T> void start(BackgroundTask<T> task, String what) {
        problem.set("");
        running.set(true);
        runningWhat.set(what + "…");
        task.onFailure(error -> {
            finished();
            problem.set(oneLine(error));
            notifications.error(task.title() + " failed: " + oneLine(error));
        }).onCancelled(() -> {
            finished();
            notifications.warn(task.title() + ": stopped");
        });
        TaskExecutor.TaskHandle handle = executor.execute(task);
        if (running.get()) {
            work = handle; // a same-thread executor has finished it already
        }
    }

    private void finished() {
        running.set(false);
        runningWhat.set("");
        work = null;
    }

    /** The join's and materialization's progress (a share, 0–1) as the status bar's; {@code stops}: a cancel ends the work at its next report. */
    private static PointInTimeJoin.Progress bridge(Progress progress, boolean stops) {
        return (done, message) -> {
            if (stops && done < 1) {
                progress.checkCancelled();
            }
            progress.update(Math.round(done * 1000), 1000, message);
        };
    }

    /** An error as one line: its message (the first line), else its kind. */
    static String oneLine(Throwable error) {
        Throwable shown = error instanceof UncheckedIOException && error.getMessage() == null ? error.getCause() : error;
        String message = shown.getMessage();
        return message == null || message.isBlank() ? shown.getClass().getSimpleName() : message.lines().findFirst().orElse("").strip();
    }

    /** A value as the lookup shows it: numbers without trailing zeros (at most 4 decimals), none as "–". */
    static String text(Object value) {
        if (value == null) {
            return "–";
        }
        if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                return number.toString();
            }
            return new BigDecimal(number).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    /** A ttl in words: "30 days", "12 hours", "90 seconds". */
    static String duration(Duration ttl) {
        long seconds = ttl.getSeconds();
        if (ttl.getNano() != 0 || seconds == 0) {
            return ttl.toMillis() + " ms";
        }
        if (seconds % 86_400 == 0) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3_600 == 0) {
            return plural(seconds / 3_600, "hour");
        }
        if (seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
