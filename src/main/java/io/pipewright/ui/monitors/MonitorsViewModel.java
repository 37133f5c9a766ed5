package io.pipewright.ui.monitors;

import io.pipewright.loop.MonitorRunner;
import io.pipewright.track.MonitorChecks;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The monitors the store has evaluated, each with its history, and "evaluate a monitor file now"
 * (what {@code pipewright monitor run} does, in the background with progress).
 */
public final class MonitorsViewModel {
    /** Checks shown per monitor: the newest. */
    static final int HISTORY = 500;

    private final TaskExecutor executor;
    private final Supplier<Optional<Store>> store;
    private final Notifications notifications;
    private final Function<Store, MonitorRunner> runners;
    private final ObservableList<MonitorChecks.Summary> monitors = FXCollections.observableArrayList();
    private final ObservableList<MonitorChecks.Check> history = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<String> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();

    /** @param runners makes the runner that evaluates monitor files against an open store */
    public MonitorsViewModel(TaskExecutor executor, Supplier<Optional<Store>> store, Notifications notifications,
                             Function<Store, MonitorRunner> runners) {
        this.executor = executor;
        this.store = store;
        this.notifications = notifications;
        this.runners = runners;
    }

    public ObservableList<MonitorChecks.Summary> monitors() {
        return monitors;
    }

    /** The selected monitor's checks, newest first. */
    public ObservableList<MonitorChecks.Check> history() {
        return history;
    }

    public ReadOnlyObjectProperty<String> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public void refresh() {
        Optional<Store> opened = store.get();
        if (opened.isEmpty()) {
            message.set("The store is not open yet.");
            return;
        }
        executor.execute(BackgroundTask.of("Reading monitors", progress -> new MonitorChecks(opened.get()).monitors()).quiet()
                .onSuccess(this::showMonitors)
                .onFailure(error -> message.set(error.getMessage())));
    }

    private void showMonitors(List<MonitorChecks.Summary> found) {
        monitors.setAll(found);
        message.set(found.isEmpty() ? "No monitor has been evaluated yet. Evaluate a monitor file (Run monitor…) or schedule "
                + "pipewright monitor run MONITOR.yaml; each evaluation is listed here with its history." : "");
        String current = selected.get();
        if (!found.isEmpty()) {
            select(found.stream().anyMatch(summary -> summary.monitor().equals(current)) ? current : found.get(0).monitor());
        } else {
            history.clear();
        }
    }

    /** Shows a monitor's history. */
    public void select(String monitor) {
        Optional<Store> opened = store.get();
        if (monitor == null || opened.isEmpty()) {
            return;
        }
        selected.set(monitor);
        executor.execute(BackgroundTask.of("Reading the history of " + monitor, progress -> new MonitorChecks(opened.get()).history(monitor, HISTORY))
                .quiet()
                .onSuccess(checks -> {
                    if (monitor.equals(selected.get())) {
                        history.setAll(checks);
                    }
                })
                .onFailure(error -> message.set(error.getMessage())));
    }

    /** Evaluates a monitor file once, records it, and shows its history. */
    public void run(Path file) {
        Optional<Store> opened = store.get();
        if (opened.isEmpty()) {
            notifications.warn("The store is not open yet.");
            return;
        }
        running.set(true);
        executor.execute(BackgroundTask.of("Evaluating monitor " + file.getFileName(), progress -> runners.apply(opened.get()).run(file, progress))
                .onSuccess(check -> {
                    running.set(false);
                    notifications.info(summary(check));
                    selected.set(check.monitor());
                    refresh();
                })
                .onFailure(error -> {
                    running.set(false);
                    notifications.error(error.getMessage());
                })
                .onCancelled(() -> running.set(false)));
    }

    /** One line on what an evaluation found and did. */
    public static String summary(MonitorChecks.Check check) {
        String what = switch (check.status()) {
            case "ok" -> "no threshold crossed";
            case "retrained" -> String.join("; ", check.reasons()) + ": retrained on " + trainedOn(check) + ", " + check.challenger()
                    + " is the challenger" + (check.retraining() == null ? "" : " (" + challengerScores(check) + ")")
                    + (check.promotion() == null ? "" : "; promotion " + promotion(check));
            case "retrain_failed" -> String.join("; ", check.reasons()) + ": retraining failed: " + check.failure();
            default -> String.join("; ", check.reasons());
        };
        return check.monitor() + ": " + what;
    }

    /** What a retraining trained on: the data mode, its rows and files ("" when there was none). */
    public static String trainedOn(MonitorChecks.Check check) {
        var retraining = check.retraining();
        if (retraining == null) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, "%s · %d rows · %d %s", retraining.data(), retraining.trainingRows(), retraining.datasets().size(),
                retraining.datasets().size() == 1 ? "file" : "files");
    }

    /** The challenger's primary metric on the new data's holdout and on the champion's test data ("" without a retraining). */
    public static String challengerScores(MonitorChecks.Check check) {
        var retraining = check.retraining();
        if (retraining == null) {
            return "";
        }
        String metric = check.metric() != null ? check.metric() : retraining.holdout().containsKey("accuracy")
                || retraining.championTest().containsKey("accuracy") ? "accuracy" : "rmse";
        return metric + " " + score(retraining.holdout().get(metric)) + " on the new data's holdout (" + retraining.holdoutRows() + " rows), "
                + score(retraining.championTest().get(metric)) + " on the champion's test data"
                + (retraining.championTestRows() == null ? "" : " (" + retraining.championTestRows() + " rows)");
    }

    /**
     * What the promote section did: "manual (challenger only)", "auto: champion moved to NAME:VERSION" or
     * "auto: champion not moved: the failed gate's line" ("" when nothing was retrained).
     */
    public static String promotion(MonitorChecks.Check check) {
        var promotion = check.promotion();
        if (promotion == null) {
            return "";
        }
        if (promotion.mode().equals("manual")) {
            return "manual (challenger only)";
        }
        return "auto: " + promotion.alias() + (promotion.moved() ? " moved to " + check.challenger() : " not moved: " + promotion.message());
    }

    private static String score(Double value) {
        return value == null ? "not measured" : String.format(java.util.Locale.ROOT, "%.4f", value);
    }
}
