package io.pipewright.ui.drift;

import io.pipewright.quality.drift.Drift;
import io.pipewright.quality.drift.DriftHtml;
import io.pipewright.quality.drift.DriftOptions;
import io.pipewright.quality.drift.DriftReport;
import io.pipewright.quality.drift.DriftReport.ColumnDrift;
import io.pipewright.track.Store;
import io.pipewright.ui.chart.HistogramOverlayChart;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.work.CancelledException;
import io.pipewright.work.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
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
 * State and commands of the Drift view: a reference file and a current file (or a request-log
 * folder), the drift share, the comparison run in the background (with progress, cancellable), and
 * then the verdict, the columns (drifted first) and the chosen column's overlaid histograms; the
 * report saved as HTML or JSON. Touches no control.
 */
public final class DriftViewModel {
    private static final long UI_EVERY_NANOS = 100_000_000L;

    private final TaskExecutor executor;
    private final Supplier<Optional<Store>> store;
    private final Executor fx;
    private final Notifications notifications;
    /** Told (on the FX thread) once the files a run read are recorded as dataset versions: a view of them reads the store again. */
    private Runnable recorded = () -> { };

    private final ObjectProperty<Path> reference = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> current = new SimpleObjectProperty<>();
    /** The drift share as typed; checked when the comparison starts. */
    private final StringProperty driftShare = new SimpleStringProperty(Double.toString(DriftOptions.DEFAULT_SHARE));
    /** The target column (blank: none): its drift is reported apart, outside the drift share, as --target does. */
    private final StringProperty target = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<DriftReport> report = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ColumnDrift> columns = FXCollections.observableArrayList();
    private final ObjectProperty<ColumnDrift> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<HistogramOverlayChart> chart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Choose a reference dataset and the current data to compare, or drop the two files here.");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper drifted = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final BooleanBinding runnable;
    private TaskExecutor.TaskHandle running = () -> { };
    private int generation;

    /**
     * @param store the store, where the compared files are recorded as dataset versions
     */
    public DriftViewModel(TaskExecutor executor, Supplier<Optional<Store>> store, Notifications notifications) {
        this(executor, store, notifications, Platform::runLater);
    }

    /** @param fx where progress from the comparison's threads reaches the properties (Platform::runLater in the app) */
    public DriftViewModel(TaskExecutor executor, Supplier<Optional<Store>> store, Notifications notifications, Executor fx) {
        this.executor = executor;
        this.store = store;
        this.notifications = notifications;
        this.fx = fx;
        runnable = reference.isNotNull().and(current.isNotNull()).and(busy.not());
        selected.addListener((o, old, column) -> chart.set(column == null ? null : chartOf(column)));
    }

    /** The drift share as typed, and the target column (blank: none): the view binds them both ways. */
    public StringProperty driftShareProperty() { return driftShare; }
    public StringProperty targetProperty() { return target; }

    public ObjectProperty<Path> referenceProperty() {
        return reference;
    }

    public ObjectProperty<Path> currentProperty() {
        return current;
    }

    public ReadOnlyObjectProperty<DriftReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** Tested columns, drifted first, then the target (if any). */
    public ObservableList<ColumnDrift> columns() {
        return columns;
    }

    public ObjectProperty<ColumnDrift> selectedProperty() {
        return selected;
    }

    /** The selected column's histograms, reference against current. */
    public ReadOnlyObjectProperty<HistogramOverlayChart> chartProperty() {
        return chart.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Whether the last report found dataset drift. */
    public ReadOnlyBooleanProperty driftedProperty() {
        return drifted.getReadOnlyProperty();
    }

    /** Share of the bytes read, 0 to 1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Whether both sides are chosen and nothing runs. */
    public BooleanBinding runnableProperty() {
        return runnable;
    }

    /** Whether the column was tested from the target option; the view marks it. */
    public boolean isTarget(ColumnDrift column) {
        return report.get() != null && report.get().target() == column;
    }

    /** Compares the chosen files in the background. */
    public void run() {
        if (reference.get() == null || current.get() == null) {
            error.set("Choose both the reference and the current data first.");
            return;
        }
        double share;
        try {
            share = Double.parseDouble(driftShare.get().strip());
            DriftOptions.defaults().withDriftShare(share);
        } catch (NumberFormatException e) {
            error.set("Drift share: '" + driftShare.get() + "' is not a number (e.g. 0.5)");
            return;
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage().replace("--drift-share", "Drift share"));
            return;
        }
        running.cancel();
        int run = ++generation;
        Path ref = reference.get();
        Path cur = current.get();
        var chosen = DriftOptions.defaults().withDriftShare(share).withThreads(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        String targetColumn = target.get() == null ? "" : target.get().strip();
        var options = targetColumn.isEmpty() ? chosen : chosen.withTarget(targetColumn);
        busy.set(true);
        error.set(null);
        progress.set(0);
        summary.set("Comparing " + ref.getFileName() + " with " + cur.getFileName() + "…");
        var lastUi = new AtomicLong();
        var task = BackgroundTask.of("Drift of " + cur.getFileName(), work -> Drift.compare(Drift.reader(ref), Drift.reader(cur), options,
                new Progress() {
                    @Override
                    public void update(long done, long total, String message) {
                        work.update(done, total, message);
                        long now = System.nanoTime();
                        if (now - lastUi.get() < UI_EVERY_NANOS) {
                            return;
                        }
                        lastUi.set(now);
                        double value = total <= 0 ? 0 : Math.min(1, (double) done / total);
                        fx.execute(() -> {
                            if (run == generation) {
                                progress.set(value);
                            }
                        });
                    }

                    @Override
                    public boolean isCancelled() {
                        return work.isCancelled();
                    }
                })).onSuccess(result -> {
                    // the two files become dataset versions (read by drift), off the FX thread
                    store.get().ifPresent(opened -> executor.execute(BackgroundTask.of("Recording " + cur.getFileName(), work -> {
                        new io.pipewright.track.DatasetVersions(opened).recordDriftSides(result, java.time.Instant.now());
                        return result;
                    }).quiet().onSuccess(written -> recorded.run())));
                    if (run == generation) {
                        show(result);
                        notifications.info("Drift of " + cur.getFileName() + ": " + summary.get());
                    }
                }).onCancelled(() -> {
                    if (run == generation) {
                        busy.set(false);
                        progress.set(0);
                        summary.set("Stopped.");
                    }
                }).onFailure(failure -> {
                    if (run == generation) {
                        busy.set(false);
                        progress.set(0);
                        String message = failure instanceof CancelledException ? "Stopped." : failure.getMessage();
                        error.set(message);
                        summary.set("");
                        notifications.error(message);
                    }
                });
        running = executor.execute(task);
    }

    /** Stops a comparison that runs. */
    public void cancel() {
        running.cancel();
    }

    private void show(DriftReport result) {
        busy.set(false);
        progress.set(1);
        report.set(result);
        drifted.set(result.datasetDrift());
        var sorted = new ArrayList<>(result.columns());
        sorted.sort(Comparator.comparing((ColumnDrift c) -> !c.drifted()));
        if (result.target() != null) {
            sorted.add(result.target());
        }
        columns.setAll(sorted);
        summary.set(summaryOf(result));
        selected.set(sorted.isEmpty() ? null : sorted.get(0));
    }

    static String summaryOf(DriftReport result) {
        var text = new StringBuilder(result.headline());
        var schema = result.schema();
        int differences = schema.onlyInReference().size() + schema.onlyInCurrent().size() + schema.typeMismatches().size();
        if (differences > 0) {
            text.append(" · ").append(differences).append(differences == 1 ? " schema difference" : " schema differences");
        }
        if (!result.skipped().isEmpty()) {
            text.append(" · ").append(result.skipped().size()).append(" not tested");
        }
        return text.toString();
    }

    static HistogramOverlayChart chartOf(ColumnDrift column) {
        var histogram = column.histogram();
        double[] ref = histogram.reference().stream().mapToDouble(Double::doubleValue).toArray();
        double[] cur = histogram.current().stream().mapToDouble(Double::doubleValue).toArray();
        String title = String.format(Locale.ROOT, "%s: %s %s, PSI %.3f%s", column.name(), column.test(), format(column.statistic()), column.psi(),
                column.drifted() ? " (drifted)" : "");
        return new HistogramOverlayChart(title, column.name(), histogram.edges(), histogram.levels(), ref, cur);
    }

    private static String format(double v) {
        return v == Double.MAX_VALUE ? "∞" : String.format(Locale.ROOT, "%.4g", v);
    }

    /** Writes the report as a self-contained HTML page. */
    public void saveHtml(Path file) {
        DriftReport shown = report.get(); // the report on screen, read here on the FX thread, not a newer one
        save(file, () -> DriftHtml.write(shown, file));
    }

    /** Writes the report as JSON (the --json contract). */
    public void saveJson(Path file) {
        DriftReport shown = report.get();
        save(file, () -> shown.writeJson(file));
    }

    private void save(Path file, Runnable write) {
        if (report.get() == null) {
            return;
        }
        executor.execute(BackgroundTask.of("Saving " + file.getFileName(), work -> {
            write.run();
            return file;
        }).onSuccess(written -> notifications.info("Saved the drift report to " + written))
                .onFailure(failure -> notifications.error("Cannot save the drift report: " + failure.getMessage())));
    }

    /** What to do once the files of a finished run are recorded as dataset versions (the Datasets tab reads them again). */
    public void onRecorded(Runnable then) {
        this.recorded = then;
    }
}
