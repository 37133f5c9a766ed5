package io.pipewright.ui.experiments;

import io.pipewright.track.RunFilter;
import io.pipewright.track.RunPages;
import io.pipewright.track.RunPages.Column;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Experiments workspace's runs table: the experiment list, the chosen
 * experiment's columns (remembered per experiment), the filter, the sort, and the rows as a lazily
 * paged list. Nothing here touches a control; all store reads run on the executor.
 */
public final class ExperimentsViewModel {
    /** Remembers the columns chosen for each experiment (the preferences file in the app). */
    public interface ColumnMemory {
        Optional<List<Column>> columns(String experiment);

        void remember(String experiment, List<Column> columns);
    }

    /** What a page of the table is read with: fixed for the life of one row list. */
    record Query(String experiment, RunFilter filter, Column sortBy, boolean ascending, List<Column> columns) {
    }

    private static final int DEFAULT_METRICS = 4;
    private static final int DEFAULT_PARAMS = 4;

    private final TaskExecutor executor;
    private final Supplier<Optional<Store>> store;
    private final Notifications notifications;
    private final ColumnMemory memory;

    private final ObservableList<RunPages.Experiment> experiments = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<String> experiment = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RunPages.Keys> keys = new ReadOnlyObjectWrapper<>(new RunPages.Keys(List.of(), List.of(), List.of()));
    private final ObservableList<Column> columns = FXCollections.observableArrayList();
    private final ObservableList<Column> columnsView = FXCollections.unmodifiableObservableList(columns);
    private final ReadOnlyObjectWrapper<LazyRunList> rows = new ReadOnlyObjectWrapper<>(new LazyRunList(0, (offset, limit, loaded) -> { }));
    private final ReadOnlyLongWrapper matching = new ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Column> sortBy = new ReadOnlyObjectWrapper<>();
    private boolean ascending;
    private RunFilter filter = RunFilter.all();
    private String filterText = "";
    private Query query;
    private int generation;
    private int selection;

    public ExperimentsViewModel(TaskExecutor executor, Supplier<Optional<Store>> store, Notifications notifications, ColumnMemory memory) {
        this.executor = executor;
        this.store = store;
        this.notifications = notifications;
        this.memory = memory;
    }

    public ObservableList<RunPages.Experiment> experiments() {
        return experiments;
    }

    public ReadOnlyObjectProperty<String> experimentProperty() {
        return experiment.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunPages.Keys> keysProperty() {
        return keys.getReadOnlyProperty();
    }

    /** The chosen columns, in order; change them through {@link #setColumns}. */
    public ObservableList<Column> columns() {
        return columnsView;
    }

    /** The rows: a new list for every query (experiment, filter, sort or columns changed). */
    public ReadOnlyObjectProperty<LazyRunList> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** How many runs the query keeps; -1 while they are being counted (the first page shows before the count). */
    public ReadOnlyLongProperty matchingProperty() {
        return matching.getReadOnlyProperty();
    }

    /** Why the filter was refused, with the position of the offending token; null when it is fine. */
    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    /** A line about the store or the table (no store, no runs yet, a failed read). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Column> sortByProperty() {
        return sortBy.getReadOnlyProperty();
    }

    public boolean ascending() {
        return ascending;
    }

    public String filterText() {
        return filterText;
    }

    /**
     * Reads the experiment list again (the workspace is shown, a run finished). The chosen
     * experiment stays; its table is read again only when its runs changed, so coming back to the
     * workspace keeps the scroll position and the selection.
     */
    public void refresh() {
        refresh(false);
    }

    /** Reads the experiment list and the chosen experiment's runs again, whatever changed. */
    public void reload() {
        refresh(true);
    }

    private void refresh(boolean always) {
        Optional<Store> opened = store.get();
        if (opened.isEmpty()) {
            message.set("The store is not open yet.");
            return;
        }
        var pages = new RunPages(opened.get());
        executor.execute(BackgroundTask.of("Reading experiments", progress -> pages.experiments()).quiet()
                .onSuccess(list -> {
                    String current = experiment.get();
                    var before = experiments.stream().filter(e -> e.name().equals(current)).findFirst();
                    var now = list.stream().filter(e -> e.name().equals(current)).findFirst();
                    experiments.setAll(list);
                    if (list.isEmpty()) {
                        message.set("No runs yet: run a pipeline (pipewright run PIPELINE.yaml) and its runs appear here.");
                        return;
                    }
                    if (now.isEmpty()) {
                        selectExperiment(list.get(0).name());
                    } else if (always || before.isEmpty() || !before.get().equals(now.get())) {
                        selectExperiment(current);
                    }
                })
                .onFailure(error -> message.set(error.getMessage())));
    }

    /** Shows an experiment: its keys, the columns remembered for it (or a default choice), and its runs. */
    public void selectExperiment(String name) {
        Optional<Store> opened = store.get();
        if (name == null || opened.isEmpty()) {
            return;
        }
        experiment.set(name);
        var pages = new RunPages(opened.get());
        int mine = ++selection;
        executor.execute(BackgroundTask.of("Reading " + name, progress -> pages.keys(name)).quiet()
                .onSuccess(found -> {
                    if (mine != selection) {
                        return;
                    }
                    keys.set(found);
                    List<Column> chosen = memory.columns(name).orElseGet(() -> defaultColumns(found));
                    keepSortIn(chosen);
                    columns.setAll(chosen);
                    query();
                })
                .onFailure(error -> {
                    if (mine == selection) {
                        message.set(error.getMessage());
                    }
                }));
    }

    /** The columns shown when none were chosen: the first metrics (not system ones) and the params that name an algorithm or a hyperparameter. */
    static List<Column> defaultColumns(RunPages.Keys keys) {
        var chosen = new ArrayList<Column>();
        MetricKeys.ranked(keys.metrics()).stream().filter(MetricKeys::isResult).limit(DEFAULT_METRICS).forEach(key -> chosen.add(Column.metric(key, Column.Aggregate.LAST)));
        var params = new TreeMap<Integer, List<String>>();
        for (String key : keys.params()) {
            int rank = key.endsWith(".algorithm") ? 0 : key.contains(".hyperparameters.") ? 1 : 2;
            params.computeIfAbsent(rank, r -> new ArrayList<>()).add(key);
        }
        params.values().stream().flatMap(List::stream).limit(DEFAULT_PARAMS).forEach(key -> chosen.add(Column.param(key)));
        return chosen;
    }

    /** Applies a filter typed by the user; a bad one is refused with the reason and the table stays as it was. */
    public boolean setFilter(String text) {
        String typed = text == null ? "" : text.trim();
        try {
            RunFilter parsed = RunFilter.parse(typed);
            filterError.set(null);
            filter = parsed;
            filterText = typed;
            query();
            return true;
        } catch (IllegalArgumentException e) {
            filterError.set(e.getMessage());
            return false;
        }
    }

    /** Sorts by a column (null: start time), in the database. */
    public void sortBy(Column column, boolean ascendingOrder) {
        if (java.util.Objects.equals(column, sortBy.get()) && ascendingOrder == ascending) {
            return;
        }
        sortBy.set(column);
        ascending = ascendingOrder;
        query();
    }

    /** Chooses the columns of the current experiment and remembers them for it. */
    public void setColumns(List<Column> chosen) {
        String name = experiment.get();
        keepSortIn(chosen);
        columns.setAll(chosen);
        if (name != null) {
            memory.remember(name, List.copyOf(chosen));
        }
        query();
    }

    /** A sort by a column no longer shown goes back to the default: newest first. */
    private void keepSortIn(List<Column> chosen) {
        if (sortBy.get() != null && !chosen.contains(sortBy.get())) {
            sortBy.set(null);
            ascending = false;
        }
    }

    /** Counts the matching runs and makes a new row list whose pages are read as they are shown. */
    void query() {
        Optional<Store> opened = store.get();
        String name = experiment.get();
        if (opened.isEmpty() || name == null) {
            return;
        }
        var pages = new RunPages(opened.get());
        var current = new Query(name, filter, sortBy.get(), ascending, List.copyOf(columns));
        int mine = ++generation;
        // the count and the first page are read side by side; the table shows the page as soon as it is in
        // (a short first page is the whole list), and grows to the count when the count comes
        var first = new Object() {
            Long count;
            List<RunPages.Row> page;
            LazyRunList shown;
            boolean failed;

            void show() {
                if (mine != generation || failed || page == null) {
                    return;
                }
                if (count == null && page.size() == LazyRunList.PAGE) {
                    if (shown == null) {
                        shown = list(LazyRunList.PAGE, -1);
                    }
                    return;
                }
                long total = count != null ? count : page.size();
                if (shown == null) {
                    shown = list(total, total);
                } else {
                    shown.grow((int) Math.min(Integer.MAX_VALUE, total));
                    matching.set(total);
                }
            }

            /** Shows the rows, {@code known} of them counted (-1 while the count is being read). */
            LazyRunList list(long size, long known) {
                query = current;
                matching.set(known);
                message.set(known == 0 && !filterText.isEmpty() ? "No run of " + name + " matches the filter." : "");
                var list = new LazyRunList((int) Math.min(Integer.MAX_VALUE, size), reader(pages, current, mine), page);
                rows.set(list);
                return list;
            }

            void fail(Throwable error) {
                failed = true;
                if (mine == generation) {
                    message.set(error.getMessage());
                }
            }
        };
        executor.execute(BackgroundTask.of("Counting runs", progress -> pages.count(current.experiment(), current.filter())).quiet()
                .onSuccess(count -> {
                    first.count = count;
                    first.show();
                })
                .onFailure(first::fail));
        executor.execute(BackgroundTask.of("Reading runs", progress -> pages.page(current.experiment(), current.filter(), current.sortBy(),
                        current.ascending(), current.columns(), 0, LazyRunList.PAGE)).quiet()
                .onSuccess(page -> {
                    first.page = page;
                    first.show();
                })
                .onFailure(first::fail));
    }

    private LazyRunList.PageReader reader(RunPages pages, Query current, int mine) {
        return (offset, limit, loaded) -> executor.execute(BackgroundTask.of("Reading runs",
                        progress -> pages.page(current.experiment(), current.filter(), current.sortBy(), current.ascending(), current.columns(), offset, limit))
                .quiet()
                .onSuccess(loaded)
                .onFailure(error -> {
                    if (mine == generation) {
                        message.set(error.getMessage());
                    }
                    loaded.accept(null);
                }));
    }

    /**
     * The runs at these positions of the table (pages not in memory are read), in the order given,
     * for a comparison or a detail view.
     */
    public void runsAt(List<Integer> indices, Consumer<List<RunPages.Row>> then) {
        Optional<Store> opened = store.get();
        LazyRunList list = rows.get();
        Query current = query;
        if (opened.isEmpty() || current == null || indices.isEmpty()) {
            then.accept(List.of());
            return;
        }
        var known = new RunPages.Row[indices.size()];
        var missingPages = new java.util.TreeSet<Integer>();
        for (int i = 0; i < indices.size(); i++) {
            known[i] = list.loaded(indices.get(i));
            if (known[i] == null) {
                missingPages.add(indices.get(i) / LazyRunList.PAGE);
            }
        }
        if (missingPages.isEmpty()) {
            then.accept(List.of(known));
            return;
        }
        var pages = new RunPages(opened.get());
        executor.execute(BackgroundTask.of("Reading the selected runs", progress -> {
            var read = new java.util.HashMap<Integer, List<RunPages.Row>>();
            for (int page : missingPages) {
                read.put(page, pages.page(current.experiment(), current.filter(), current.sortBy(), current.ascending(), current.columns(),
                        page * LazyRunList.PAGE, LazyRunList.PAGE));
            }
            var result = new ArrayList<RunPages.Row>();
            for (int i = 0; i < indices.size(); i++) {
                RunPages.Row row = known[i];
                if (row == null) {
                    List<RunPages.Row> page = read.get(indices.get(i) / LazyRunList.PAGE);
                    int at = indices.get(i) % LazyRunList.PAGE;
                    row = page != null && at < page.size() ? page.get(at) : null;
                }
                if (row != null) {
                    result.add(row);
                }
            }
            return (List<RunPages.Row>) result;
        }).onSuccess(then).onFailure(error -> notifications.warn(error.getMessage())));
    }
}
