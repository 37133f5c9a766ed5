package io.pipewright.ui.experiments;

import io.pipewright.track.RunPages;
import io.pipewright.track.Store;
import io.pipewright.ui.chart.Chart;
import io.pipewright.ui.chart.ChartExport;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.ui.common.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.value.ObservableValue;

/**
 * The Experiments workspace put together: the runs table, and the comparison and run-detail tabs
 * it opens, with chart and table export through the dialog service (files written off the FX thread).
 * It reads the runs again each time it is shown.
 */
public final class ExperimentsWorkspace implements CompareView.ChartExporter, Workspace {
    private final ExperimentsViewModel model;
    private final TaskExecutor executor;
    private final Supplier<Optional<Store>> store;
    private final Notifications notifications;
    private final DialogService dialogs;
    private final ObservableValue<Palette> palette;
    /** Built when the window first asks for it (after the first frame, unless this workspace is the one on screen). */
    private ExperimentsView view;

    private RunDetailView.RunLinks links = RunDetailView.RunLinks.NONE;

    /** Where a run's "Open in Pipelines" and "Show in Training" lead. */
    public void setRunLinks(RunDetailView.RunLinks links) {
        this.links = links;
    }

    public ExperimentsWorkspace(ExperimentsViewModel model, TaskExecutor executor, Supplier<Optional<Store>> store, Notifications notifications,
                                DialogService dialogs, ObservableValue<Palette> palette) {
        this.model = model;
        this.executor = executor;
        this.store = store;
        this.notifications = notifications;
        this.dialogs = dialogs;
        this.palette = palette;
    }

    private static Optional<Long> step(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public ExperimentsView view() {
        if (view == null) {
            view = new ExperimentsView(model, rows -> compare(rows), key -> openRun(key), column -> dialogs.askText("Metric at a step",
                    "Show " + column.key() + " at step:", "0").flatMap(ExperimentsWorkspace::step).orElse(null));
        }
        return view;
    }

    @Override
    public void shown() {
        model.refresh();
    }

    @Override
    public String id() {
        return "experiments";
    }

    @Override
    public String title() {
        return "Experiments";
    }

    @Override
    public String icon() {
        return Icons.CHART;
    }

    @Override
    public String shortcut() {
        return "Shortcut+5";
    }

    @Override
    public List<Keys> keys() {
        return List.of(new Keys("select runs to compare", "Ctrl+click, Shift+click, Ctrl+A"));
    }

    /** Opens a comparison of the rows in a tab of its own; null when there is nothing to compare. */
    public CompareViewModel compare(List<RunPages.Row> rows) {
        Optional<Store> opened = store.get();
        if (opened.isEmpty() || rows.size() < 2) {
            return null;
        }
        var runs = rows.stream().map(RunPages.Row::run).toList();
        var compareModel = new CompareViewModel(executor, opened.get(), model.experimentProperty().get(), runs);
        String id = "compare-" + Integer.toHexString(runs.stream().map(r -> r.key()).toList().hashCode());
        view().addTab(id, "Compare " + runs.size() + " runs", new CompareView(compareModel, this, palette));
        compareModel.load();
        return compareModel;
    }

    /** Opens a run's detail in a tab of its own; when it is open already, shows it and returns null. */
    public RunDetailViewModel openRun(String runKey) {
        Optional<Store> opened = store.get();
        if (opened.isEmpty()) {
            return null;
        }
        if (view().showTab("run-" + runKey)) {
            return null;
        }
        var detail = new RunDetailViewModel(executor, opened.get(), runKey);
        view().addTab("run-" + runKey, "Run " + runKey, new RunDetailView(detail, this, palette, links));
        detail.load();
        return detail;
    }

    @Override
    public void exportChart(String name, Chart chart, double width, double height, Palette colors, String format) {
        if (chart == null) {
            return;
        }
        double w = Math.max(320, width);
        double h = Math.max(240, height);
        dialogs.chooseFileToSave("Export the chart as " + format.toUpperCase(java.util.Locale.ROOT), name + "." + format, format).ifPresent(file -> {
            if (format.equals("svg")) {
                write(file, () -> ChartExport.svg(chart, w, h, colors));
            } else {
                executor.execute(BackgroundTask.of("Writing " + file.getFileName(), progress -> {
                    Path partial = partial(file);
                    ChartExport.writePngFromBackground(chart, (int) w, (int) h, colors, partial);
                    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    return file;
                }).onSuccess(done -> notifications.info("Saved " + done)).onFailure(error -> notifications.error(error.getMessage())));
            }
        });
    }

    @Override
    public void exportText(String title, String suggestedName, String extension, Supplier<String> text) {
        dialogs.chooseFileToSave(title, suggestedName, extension).ifPresent(file -> write(file, text));
    }

    /** A file is written beside its name and then moved there, so no one ever sees half of it. */
    private static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + ".partial");
    }

    private void write(Path file, Supplier<String> text) {
        executor.execute(BackgroundTask.of("Writing " + file.getFileName(), progress -> {
            Path partial = partial(file);
            Files.writeString(partial, text.get());
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        }).onSuccess(done -> notifications.info("Saved " + done)).onFailure(error -> notifications.error("cannot write " + file + ": " + error.getMessage())));
    }
}
