package io.pipewright.ui.experiments;

import io.pipewright.track.RunPages;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.ui.chart.Chart;
import io.pipewright.ui.chart.LineChart;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.TaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One run in full: its params, tags, metrics with the history of the chosen one, its system
 * metrics (CPU, memory, heap, GPU) as charts, its artifacts, the pipeline as it ran and the
 * dataset versions it read.
 */
public final class RunDetailViewModel {
    static final String SYSTEM = "system.";

    private final TaskExecutor executor;
    private final RunPages pages;
    private final String runKey;
    private final ReadOnlyObjectWrapper<RunPages.RunDetail> detail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Reading the run…");
    private final ObjectProperty<String> metric = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Chart> history = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Chart> systemCharts = FXCollections.observableArrayList();

    public RunDetailViewModel(TaskExecutor executor, Store store, String runKey) {
        this.executor = executor;
        this.pages = new RunPages(store);
        this.runKey = runKey;
        metric.addListener((o, old, key) -> readHistory(key));
    }

    public String runKey() {
        return runKey;
    }

    public void load() {
        executor.execute(BackgroundTask.of("Reading run " + runKey, progress -> pages.detail(runKey)
                        .orElseThrow(() -> new IllegalArgumentException("no run '" + runKey + "' in the store")))
                .quiet()
                .onSuccess(read -> {
                    detail.set(read);
                    status.set("");
                    read.metrics().stream().map(RunPages.MetricSummary::key).filter(key -> !key.startsWith(SYSTEM)).findFirst().ifPresent(metric::set);
                    readSystem(read);
                })
                .onFailure(error -> status.set(error.getMessage())));
    }

    private void readHistory(String key) {
        RunPages.RunDetail read = detail.get();
        if (key == null || read == null) {
            history.set(null);
            return;
        }
        executor.execute(BackgroundTask.of("Reading " + key, progress -> pages.histories(List.of(read.run().id()), key)).quiet()
                .onSuccess(points -> {
                    if (key.equals(metric.get())) {
                        history.set(chart(key, points.getOrDefault(read.run().id(), List.of()), 0));
                    }
                })
                .onFailure(error -> status.set(error.getMessage())));
    }

    private void readSystem(RunPages.RunDetail read) {
        var keys = read.metrics().stream().map(RunPages.MetricSummary::key).filter(key -> key.startsWith(SYSTEM)).toList();
        if (keys.isEmpty()) {
            return;
        }
        long id = read.run().id();
        executor.execute(BackgroundTask.of("Reading system metrics", progress -> {
            var charts = new ArrayList<Chart>();
            int i = 0;
            for (String key : keys) {
                Map<Long, List<Runs.Point>> points = pages.histories(List.of(id), key);
                charts.add(chart(key, points.getOrDefault(id, List.of()), i++));
            }
            return (List<Chart>) charts;
        }).quiet().onSuccess(systemCharts::setAll).onFailure(error -> status.set(error.getMessage())));
    }

    /** A metric's history against its step; system metrics against seconds since the run started. */
    private LineChart chart(String key, List<Runs.Point> points, int color) {
        var x = new double[points.size()];
        var y = new double[points.size()];
        RunPages.RunDetail read = detail.get();
        boolean system = key.startsWith(SYSTEM);
        for (int i = 0; i < points.size(); i++) {
            x[i] = system ? (points.get(i).at().toEpochMilli() - read.run().startedAt().toEpochMilli()) / 1000.0 : points.get(i).step();
            y[i] = points.get(i).value();
        }
        var series = new LineChart.Series(key, Palette.series(color), x, y);
        return new LineChart(key, system ? "seconds since the run started" : "step", key, false, List.of(series));
    }

    public ReadOnlyObjectProperty<RunPages.RunDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The metric whose history the Metrics tab draws. */
    public ObjectProperty<String> metricProperty() {
        return metric;
    }

    public ReadOnlyObjectProperty<Chart> historyProperty() {
        return history.getReadOnlyProperty();
    }

    public ObservableList<Chart> systemCharts() {
        return systemCharts;
    }
}
