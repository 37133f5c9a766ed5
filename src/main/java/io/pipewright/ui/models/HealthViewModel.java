package io.pipewright.ui.models;

import io.pipewright.loop.cost.CostEstimator;
import io.pipewright.loop.scorecard.CostCriteria;
import io.pipewright.loop.scorecard.Criterion;
import io.pipewright.loop.scorecard.Scorecard;
import io.pipewright.loop.scorecard.Scorecards;
import io.pipewright.loop.scorecard.ServerMetrics;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.TaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Health tab's state: the scorecard of the chosen model version (each success criterion with its target, measured
 * value, source and pass / fail / unknown), measured off the FX thread from the store and, when given, the server's
 * /metrics URL and the deployment bundle.
 */
public final class HealthViewModel {
    private final TaskExecutor executor;
    private final Supplier<Optional<Store>> store;
    private final Clock clock;
    private final ObservableList<Criterion> criteria = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Select a model to see its scorecard.");
    private final ReadOnlyObjectWrapper<Scorecard> scorecard = new ReadOnlyObjectWrapper<>();
    private final StringProperty metricsUrl = new SimpleStringProperty("");
    private final StringProperty bundle = new SimpleStringProperty("");
    private String reference;
    /** Which measurement is the latest: an older one that ends later is not shown. */
    private long generation;

    public HealthViewModel(TaskExecutor executor, Supplier<Optional<Store>> store, Clock clock) {
        this.executor = executor;
        this.store = store;
        this.clock = clock;
    }

    /** The rows of the scorecard shown. */
    public ObservableList<Criterion> criteria() {
        return criteria;
    }

    /** "credit-risk:2 (champion)": the version and the alias it is measured by. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** "2 passed, 1 failed, 3 unknown". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** A hint, what is being measured, or why the figures of a URL or bundle could not be read. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Scorecard> scorecardProperty() {
        return scorecard.getReadOnlyProperty();
    }

    /** The /metrics URL of the server that serves the model (blank: none). */
    public StringProperty metricsUrlProperty() {
        return metricsUrl;
    }

    /** The deployment bundle's folder (blank: none). */
    public StringProperty bundleProperty() {
        return bundle;
    }

    /**
     * The reference a version is measured by: NAME@champion when it is the champion (the rollback row reads that alias's
     * history), else NAME@ALIAS by its first alias, else NAME:VERSION.
     */
    static String reference(ModelRegistry.Version version) {
        if (version.aliases().contains("champion")) {
            return version.name() + "@champion";
        }
        return version.aliases().isEmpty() ? version.name() + ":" + version.version() : version.name() + "@" + version.aliases().get(0);
    }

    /** The version the tab is about: the one selected, else the model's champion, else its latest (versions newest first). */
    static ModelRegistry.Version shown(ModelRegistry.Version selected, List<ModelRegistry.Version> versions) {
        if (selected != null) {
            return selected;
        }
        return versions.stream().filter(version -> version.aliases().contains("champion")).findFirst()
                .orElse(versions.isEmpty() ? null : versions.get(0));
    }

    /** Shows the scorecard of the selected version (or of the model's champion or latest when none is selected). */
    public void show(ModelRegistry.Version selected, List<ModelRegistry.Version> versions) {
        ModelRegistry.Version version = shown(selected, versions);
        String next = version == null ? null : reference(version);
        if (next == null) {
            reference = null;
            generation++;
            criteria.clear();
            title.set("");
            summary.set("");
            scorecard.set(null);
            message.set("Select a model to see its scorecard.");
            return;
        }
        reference = next;
        measure();
    }

    /** Measures the version shown again (after the URL or bundle changed, or to see the server's figures now). */
    public void measure() {
        Optional<Store> opened = store.get();
        if (reference == null) {
            return;
        }
        if (opened.isEmpty()) {
            message.set("The store is not open yet.");
            return;
        }
        String measured = reference;
        String url = metricsUrl.get() == null ? "" : metricsUrl.get().strip();
        String folder = bundle.get() == null ? "" : bundle.get().strip();
        long mine = ++generation;
        message.set("Measuring " + measured + (folder.isEmpty() || url.isEmpty() ? "…"
                : "… (the server's CPU and memory over " + CostEstimator.DEFAULT_WINDOW.toSeconds() + " s for the waste)"));
        BackgroundTask<Measured> task = BackgroundTask.of("Measuring the scorecard of " + measured, progress -> {
                    var problems = new java.util.ArrayList<String>();
                    ServerMetrics metrics = null;
                    if (!url.isEmpty()) {
                        try {
                            metrics = ServerMetrics.read(ServerMetrics.url("The metrics URL", url));
                            if (!metrics.readable()) {
                                problems.add(metrics.failure());
                            }
                        } catch (IllegalArgumentException e) {
                            problems.add(e.getMessage());
                        }
                    }
                    CostCriteria cost = null;
                    if (!folder.isEmpty()) {
                        Path bundleFolder = Path.of(folder);
                        if (!Files.isDirectory(bundleFolder)) {
                            problems.add("The bundle " + folder + " is not a folder (a bundle written by Export)");
                            cost = CostCriteria.none(problems.get(problems.size() - 1));
                        } else {
                            try {
                                // with a readable server this reads its use over the window: it waits that long, off the FX thread
                                cost = CostCriteria.estimate(bundleFolder, metrics, CostEstimator.DEFAULT_WINDOW);
                            } catch (IllegalArgumentException e) {
                                problems.add(e.getMessage());
                                cost = CostCriteria.none(e.getMessage());
                            }
                        }
                    }
                    return new Measured(new Scorecards(opened.get(), clock).measure(measured, metrics, cost), String.join("; ", problems));
                });
        if (url.isEmpty() && folder.isEmpty()) {
            task.quiet(); // the store alone answers in milliseconds; a server or a bundle's window shows in the status bar
        }
        executor.execute(task
                .onSuccess(result -> {
                    if (mine == generation) {
                        Scorecard card = result.scorecard();
                        scorecard.set(card);
                        criteria.setAll(card.criteria());
                        title.set(card.model() + (card.alias() == null ? "" : " (" + card.alias() + ")"));
                        summary.set(card.summary());
                        message.set(result.problems());
                    }
                })
                .onFailure(error -> {
                    if (mine == generation) {
                        criteria.clear();
                        scorecard.set(null);
                        summary.set("");
                        message.set(error.getMessage());
                    }
                }));
    }

    private record Measured(Scorecard scorecard, String problems) {
    }
}
