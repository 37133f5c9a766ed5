package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeCache;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.NodeEvent;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.RecordedRun;
import io.pipewright.pipeline.RunListener;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.ui.pipeline.PipelineEditorViewModel.Badge;
import io.pipewright.ui.pipeline.PipelineEditorViewModel.NodeState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Running the pipeline being edited: all of it, or up to a node, as a recorded run in the
 * background; stopping it; each node's state as the engine's events tell it (at most one hand-over
 * to the FX thread pending at a time); what every output port gave; the run's summary; and the
 * watcher (the Training workspace) that hears of every run. The editor's view model owns one and
 * turns its states into badges; it never touches a control.
 */
public final class PipelineRunControl {
    /** What a run needs of the editor it runs for. */
    interface Editing {
        /** The pipeline as it is now (a run takes it as it is when it starts). */
        PipelineDocument document();

        /** Its file, or null when it has none yet. */
        Path file();

        /** The folder its relative paths are read from. */
        Path folder();

        /** Says what the run did or why it did not (the editor's message line). */
        void say(String message);

        /** The nodes' run states changed; {@code ended}: the run is over (its failures are problems now). */
        void statesChanged(boolean ended);
    }

    private final NodeCatalog catalog;
    private final TaskExecutor executor;
    private final Executor fxThread;
    private final Supplier<Optional<Store>> store;
    private final Supplier<Path> artifacts;
    private final Supplier<Path> dataRoot;
    private final String version;
    private final Notifications notifications;
    private final Editing editing;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<RunSummary> lastRun = new ReadOnlyObjectWrapper<>();
    private final Map<String, NodeState> states = new HashMap<>();
    /** Node outputs of earlier runs, by their inputs and parameters: a node that did not change is not run again. */
    private final NodeCache cache = new NodeCache(64);
    private Map<String, Map<String, Object>> outputs = Map.of();
    private TaskExecutor.TaskHandle run;
    private RunListener watcher = RunListener.NONE;
    private Consumer<String> onBegin = name -> { };
    private Consumer<RunSummary> onEnd = outcome -> { };

    PipelineRunControl(NodeCatalog catalog, TaskExecutor executor, Executor fxThread, Supplier<Optional<Store>> store, Supplier<Path> artifacts,
                       Supplier<Path> dataRoot, String version, Notifications notifications, Editing editing) {
        this.dataRoot = dataRoot;
        this.catalog = catalog;
        this.executor = executor;
        this.fxThread = fxThread;
        this.store = store;
        this.artifacts = artifacts;
        this.version = version;
        this.notifications = notifications;
        this.editing = editing;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The result of the last run (null before one, or while one goes on). */
    public ReadOnlyObjectProperty<RunSummary> lastRunProperty() {
        return lastRun.getReadOnlyProperty();
    }

    /**
     * Hears every run started here (the Training workspace): {@code begin} with the run's name and
     * {@code end} with its outcome and result, on the FX thread; the events, metrics and trials in
     * between on the engine's threads.
     */
    public void setRunWatcher(RunListener watcher, Consumer<String> begin, Consumer<RunSummary> end) {
        this.watcher = watcher == null ? RunListener.NONE : watcher;
        this.onBegin = begin == null ? name -> { } : begin;
        this.onEnd = end == null ? outcome -> { } : end;
    }

    /** Each node's state in the current or last run, by node id (none for a node it did not reach). */
    Map<String, NodeState> states() {
        return Collections.unmodifiableMap(states);
    }

    /** The table a node's output port gave in the last run, if it ran and the port is a table. */
    public Optional<DataTable> table(String nodeId, String port) {
        return output(nodeId, port).filter(DataTable.class::isInstance).map(DataTable.class::cast);
    }

    /** What a node's output port gave in the last run (a table, an evaluation, a model, a study), if it ran. */
    public Optional<Object> output(String nodeId, String port) {
        return Optional.ofNullable(outputs.getOrDefault(nodeId, Map.of()).get(port));
    }

    /** Stops a run going on and forgets the last one: another pipeline is being edited. */
    void forget() {
        stop();
        states.clear();
        outputs = Map.of();
        lastRun.set(null);
    }

    /** Stops the run: the engine cancels its nodes, and the run is recorded as killed. */
    public void stop() {
        if (run != null && running.get()) {
            run.cancel();
        }
    }

    /**
     * Runs the pipeline (up to {@code upTo} and what it reads, when set) as a recorded run: checked
     * first, files included; the states follow the engine's events. Cached nodes show as cached.
     */
    public void run(String upTo) {
        if (running.get()) {
            return;
        }
        PipelineDocument document = editing.document();
        Path pipelineFile = editing.file();
        Path folder = editing.folder();
        String fileName = pipelineFile == null ? document.name() + ".yaml" : pipelineFile.getFileName().toString();
        states.clear();
        outputs = Map.of();
        lastRun.set(null);
        running.set(true);
        editing.say(upTo == null ? "Running " + document.name() + "…" : "Running up to " + upTo + "…");
        var pending = new ConcurrentHashMap<String, NodeEvent>();
        var handOver = new AtomicBoolean();
        Runnable deliver = () -> {
            handOver.set(false);
            var events = new ArrayList<>(pending.values());
            events.forEach(event -> pending.remove(event.nodeId(), event));
            events.forEach(this::apply);
            editing.statesChanged(false);
        };
        RunListener listener = listener(pending, handOver, deliver);
        var tags = new LinkedHashMap<String, String>();
        tags.put("pipewright.version", version);
        if (pipelineFile != null) {
            tags.put("pipeline.file", pipelineFile.toAbsolutePath().normalize().toString());
        }
        if (upTo != null) {
            tags.put("pipeline.up_to", upTo);
        }
        var warnings = new ArrayList<String>();
        String runName = document.name() + (upTo == null ? "" : " (up to " + upTo + ")");
        var begun = new AtomicBoolean();
        run = executor.execute(BackgroundTask.of("Running " + document.name(), progress -> {
            Pipeline pipeline = new PipelineValidator(catalog).validate(document, folder, fileName);
            // the monitor opens once the pipeline is valid: a refused one is explained here, in the editor
            begun.set(true);
            fxThread.execute(() -> onBegin.accept(runName));
            Store recording = store.get().orElse(null);
            var setting = new RecordedRun.Setting(recording, artifacts.get(), version, tags, Runtime.getRuntime().availableProcessors(), cache,
                    io.pipewright.data.DatabaseCredentials.ofProcess(), dataRoot.get());
            var ran = RecordedRun.run(pipeline, fileName, upTo, document.seedOrDefault(), setting, listener, progress, warnings::add);
            return Map.entry(ran, RunSummary.of(pipeline, ran, recording));
        }).onSuccess(finished -> {
            var outcome = finished.getKey();
            deliver.run();
            running.set(false);
            outputs = outcome.result().outputs();
            outcome.result().nodes().values().forEach(node -> states.put(node.id(), state(node)));
            editing.statesChanged(true);
            String said = String.format(Locale.US, "Run %s %s in %.1f s%s%s", outcome.runId(), RunSummary.how(outcome.result().status()),
                    outcome.seconds(), outcome.result().failure() == null ? "" : ": " + outcome.result().failure(),
                    warnings.isEmpty() ? "" : " (" + String.join("; ", warnings) + ")");
            editing.say(said);
            if (outcome.result().status() == PipelineRunner.Status.FAILED) {
                notifications.error(said);
            } else {
                notifications.info(said);
            }
            lastRun.set(finished.getValue());
            onEnd.accept(finished.getValue());
        }).onFailure(error -> {
            running.set(false);
            states.clear();
            editing.statesChanged(false);
            editing.say(error.getMessage());
            notifications.error(runName + ": " + error.getMessage());
            if (begun.get()) {
                onEnd.accept(RunSummary.ended("failed: " + error.getMessage()));
            }
        }).onCancelled(() -> {
            running.set(false);
            editing.say("Run stopped");
            notifications.info("Run of " + runName + " stopped");
            onEnd.accept(RunSummary.ended("stopped"));
        }).withoutInterrupt());
    }

    /** Hands the engine's events to the FX thread (the latest of each node, one hand-over pending at a time) and passes everything to the watcher. */
    private RunListener listener(Map<String, NodeEvent> pending, AtomicBoolean handOver, Runnable deliver) {
        return new RunListener() {
            @Override
            public void event(NodeEvent event) {
                pending.put(event.nodeId(), event);
                if (handOver.compareAndSet(false, true)) {
                    fxThread.execute(deliver);
                }
                watcher.event(event);
            }

            @Override
            public void metric(String nodeId, String key, long step, double value) {
                watcher.metric(nodeId, key, step, value);
            }

            @Override
            public void trial(String nodeId, String metric, boolean maximize, int number, Map<String, Object> params, Double value, String state) {
                watcher.trial(nodeId, metric, maximize, number, params, value, state);
            }
        };
    }

    private void apply(NodeEvent event) {
        states.put(event.nodeId(), switch (event.status()) {
            case QUEUED -> NodeState.of(Badge.QUEUED, null);
            case RUNNING -> new NodeState(Badge.RUNNING, event.progress(), event.message(), 0, 0);
            case DONE -> new NodeState(Badge.DONE, 1, null, event.seconds(), event.peakMemoryBytes());
            case CACHED -> NodeState.of(Badge.CACHED, null);
            case FAILED -> new NodeState(Badge.FAILED, 0, event.message(), event.seconds(), 0);
            case CANCELLED -> NodeState.of(Badge.CANCELLED, null);
            case SKIPPED -> NodeState.of(Badge.SKIPPED, event.message());
        });
    }

    private static NodeState state(PipelineRunner.NodeResult node) {
        return switch (node.status()) {
            case DONE -> new NodeState(Badge.DONE, 1, null, node.seconds(), node.peakMemoryBytes());
            case CACHED -> NodeState.of(Badge.CACHED, null);
            case FAILED -> new NodeState(Badge.FAILED, 0, node.message(), node.seconds(), 0);
            case CANCELLED -> NodeState.of(Badge.CANCELLED, null);
            case SKIPPED -> NodeState.of(Badge.SKIPPED, node.message());
            case QUEUED -> NodeState.of(Badge.QUEUED, null);
            case RUNNING -> new NodeState(Badge.RUNNING, 0, null, 0, 0);
        };
    }
}
