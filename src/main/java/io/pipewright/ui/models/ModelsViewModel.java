package io.pipewright.ui.models;

import io.pipewright.pipeline.gate.GateEvidence;
import io.pipewright.pipeline.gate.GateSettings;
import io.pipewright.pipeline.gate.GatedPromotion;
import io.pipewright.pipeline.gate.StoredHoldout;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.RunPages;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import java.time.Clock;
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
 * State and commands of the Models workspace: registered models, the chosen model's versions and
 * the moves of its aliases (with the promotion gates' evidence), a version's lineage back to its data, and
 * promote (past the gates, or forced) / roll back, each recorded in the store with who did it and when.
 */
public final class ModelsViewModel {
    /** A version's chain back to its data: the run that made it, that run's pipeline hash and the datasets it read. */
    public record Lineage(ModelRegistry.Version version, RunPages.RunDetail run) {
    }

    private final TaskExecutor executor;
    private final Supplier<Optional<Store>> store;
    private final Notifications notifications;
    private final Clock clock;
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<String> model = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ModelRegistry.Version> versions = FXCollections.observableArrayList();
    private final ObservableList<ModelRegistry.AliasEvent> events = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Lineage> lineage = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Integer> championRollbackTo = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Refusal> refusal = new ReadOnlyObjectWrapper<>();
    private final java.util.Map<ModelRegistry.AliasEvent, GateEvidence> evidence = new java.util.HashMap<>();
    private ModelRegistry.Version shownVersion;

    public ModelsViewModel(TaskExecutor executor, Supplier<Optional<Store>> store, Notifications notifications, Clock clock) {
        this.executor = executor;
        this.store = store;
        this.notifications = notifications;
        this.clock = clock;
    }

    public ObservableList<String> models() {
        return models;
    }

    public ReadOnlyObjectProperty<String> modelProperty() {
        return model.getReadOnlyProperty();
    }

    /** The chosen model's versions, newest first. */
    public ObservableList<ModelRegistry.Version> versions() {
        return versions;
    }

    /** Every move of the chosen model's aliases, newest first. */
    public ObservableList<ModelRegistry.AliasEvent> events() {
        return events;
    }

    public ReadOnlyObjectProperty<Lineage> lineageProperty() {
        return lineage.getReadOnlyProperty();
    }

    /**
     * The version the champion alias would go back to (the one it named before its last move), or null when there is
     * none: no champion yet, or a champion set only once. Roll back champion is offered only when there is one.
     */
    public ReadOnlyObjectProperty<Integer> championRollbackProperty() {
        return championRollbackTo.getReadOnlyProperty();
    }

    /** The version an alias would go back to on a rollback, or null: {@code events} newest first. */
    static Integer rollbackTarget(List<ModelRegistry.AliasEvent> newestFirst, String alias) {
        return newestFirst.stream().filter(event -> event.alias().equals(alias) && event.moved()).findFirst().map(ModelRegistry.AliasEvent::fromVersion).orElse(null);
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Reads the registered models again, keeping the chosen one when it still exists. */
    public void refresh() {
        Optional<ModelRegistry> registry = registry();
        if (registry.isEmpty()) {
            message.set("The store is not open yet.");
            return;
        }
        executor.execute(BackgroundTask.of("Reading the model registry", progress -> registry.get().names()).quiet()
                .onSuccess(names -> {
                    models.setAll(names);
                    message.set(names.isEmpty() ? "No registered models yet: a pipeline's register node, or pipewright run with a register step, adds them here." : "");
                    String current = model.get();
                    if (!names.isEmpty()) {
                        select(names.contains(current) ? current : names.get(0));
                    }
                })
                .onFailure(error -> message.set(error.getMessage())));
    }

    /** Shows a model's versions and alias history. */
    public void select(String name) {
        Optional<ModelRegistry> registry = registry();
        if (name == null || registry.isEmpty()) {
            return;
        }
        if (!name.equals(model.get())) {
            championRollbackTo.set(null); // until the new model's history is read
        }
        model.set(name);
        executor.execute(BackgroundTask.of("Reading " + name, progress -> Loaded.of(registry.get().versions(name), registry.get().history(name, null)))
                .quiet()
                .onSuccess(loaded -> {
                    if (name.equals(model.get())) {
                        message.set("");
                        versions.setAll(loaded.versions());
                        var newestFirst = new java.util.ArrayList<>(loaded.events());
                        java.util.Collections.reverse(newestFirst);
                        evidence.clear();
                        evidence.putAll(loaded.evidence());
                        events.setAll(newestFirst);
                        championRollbackTo.set(rollbackTarget(newestFirst, "champion"));
                    }
                })
                .onFailure(error -> message.set(error.getMessage())));
    }

    private record Loaded(List<ModelRegistry.Version> versions, List<ModelRegistry.AliasEvent> events,
                          java.util.Map<ModelRegistry.AliasEvent, GateEvidence> evidence) {
        /** Reads the evidence of each gated move here, off the FX thread; unreadable evidence is left out. */
        static Loaded of(List<ModelRegistry.Version> versions, List<ModelRegistry.AliasEvent> events) {
            var evidence = new java.util.HashMap<ModelRegistry.AliasEvent, GateEvidence>();
            for (var event : events) {
                if (event.evidence() != null) {
                    try {
                        evidence.put(event, GateEvidence.fromJson(event.evidence()));
                    } catch (IllegalArgumentException e) {
                        // shown as unreadable
                    }
                }
            }
            return new Loaded(versions, events, evidence);
        }
    }

    /** The gates' evidence of a move of the chosen model, read with the history; null when no gate judged it (or it is unreadable). */
    public GateEvidence evidence(ModelRegistry.AliasEvent event) {
        return evidence.get(event);
    }

    /** Reads a version's lineage: its run, the run's pipeline hash and the dataset versions it read. */
    public void showLineage(ModelRegistry.Version version) {
        Optional<Store> opened = store.get();
        shownVersion = version;
        if (version == null || opened.isEmpty()) {
            lineage.set(null);
            return;
        }
        var pages = new RunPages(opened.get());
        executor.execute(BackgroundTask.of("Reading the lineage of " + version.name() + ":" + version.version(),
                        progress -> version.runKey() == null ? Optional.<RunPages.RunDetail>empty() : pages.detail(version.runKey()))
                .quiet()
                .onSuccess(run -> {
                    // arrowing through versions: only the one still selected is shown
                    if (version == shownVersion) {
                        lineage.set(new Lineage(version, run.orElse(null)));
                    }
                })
                .onFailure(error -> message.set(error.getMessage())));
    }

    /** A promotion the gates refused: which version, which alias, and every gate's numbers; it may be forced. */
    public record Refusal(ModelRegistry.Version version, String alias, GateEvidence evidence) {
        /** One line: the failed gates, and that the version stays without the alias. */
        public String text() {
            return evidence.failureLine() + "; " + evidence.candidate() + " stays registered without alias " + alias;
        }
    }

    /** The last promotion the gates refused (offered to be forced), or null. */
    public ReadOnlyObjectProperty<Refusal> refusalProperty() {
        return refusal.getReadOnlyProperty();
    }

    /**
     * Points an alias (champion, challenger, any name) at a version past the promotion gates, judged on the rows
     * and by the thresholds its pipeline gated it on at registration (a version registered without them fails
     * the gates as not checked); a refusal is recorded and offered to be forced.
     */
    public void promote(ModelRegistry.Version version, String alias) {
        promote(version, alias, false);
    }

    /** Promotes the refused version anyway: the move is recorded as forced, with the gates' evidence. */
    public void promoteAnyway() {
        Refusal refused = refusal.get();
        if (refused != null) {
            promote(refused.version(), refused.alias(), true);
        }
    }

    public void dismissRefusal() {
        refusal.set(null);
    }

    private void promote(ModelRegistry.Version version, String alias, boolean force) {
        Optional<ModelRegistry> registry = registry();
        if (registry.isEmpty() || version == null) {
            return;
        }
        refusal.set(null);
        executor.execute(BackgroundTask.of((force ? "Promoting (forced) " : "Promoting ") + version.name() + ":" + version.version() + " to " + alias,
                        progress -> {
                            var kept = StoredHoldout.read(java.nio.file.Path.of(version.artifactPath()));
                            return new GatedPromotion(registry.get()).promote(version.name(), version.version(), alias,
                                    kept.map(StoredHoldout.Kept::gates).orElse(GateSettings.DEFAULTS),
                                    kept.map(StoredHoldout.Kept::holdout).orElse(null), force, "promote", null);
                        })
                .onSuccess(outcome -> {
                    if (outcome.moved()) {
                        notifications.info(version.name() + "@" + alias + " is now version " + version.version()
                                + (outcome.forced() ? " (forced past: " + outcome.evidence().failureLine() + ")" : ""));
                    } else {
                        refusal.set(new Refusal(version, alias, outcome.evidence()));
                    }
                    select(version.name());
                })
                .onFailure(error -> notifications.error(error.getMessage())));
    }

    /** Points an alias back at the version it named before its last move. */
    public void rollback(String name, String alias) {
        Optional<ModelRegistry> registry = registry();
        if (registry.isEmpty() || name == null) {
            return;
        }
        executor.execute(BackgroundTask.of("Rolling back " + name + "@" + alias, progress -> registry.get().rollback(name, alias))
                .onSuccess(moved -> {
                    notifications.info(name + "@" + alias + " rolled back to version " + moved.version());
                    select(name);
                })
                .onFailure(error -> notifications.error(error.getMessage())));
    }

    private Optional<ModelRegistry> registry() {
        return store.get().map(opened -> new ModelRegistry(opened, clock));
    }

    /** The Health tab's view model: the scorecard of the chosen version, over this workspace's store and executor. */
    public HealthViewModel health() {
        return new HealthViewModel(executor, store, clock);
    }

    /** The A/B test tab's view model: this workspace's executor, and the chosen model to name the served versions. */
    public AbTestViewModel abTest() {
        return new AbTestViewModel(executor, model.getReadOnlyProperty());
    }
}
