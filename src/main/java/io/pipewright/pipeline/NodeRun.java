package io.pipewright.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.track.StoreException;
import io.pipewright.track.WorkflowRuns;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.TrainedModel;
import io.pipewright.work.CancelledException;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One node of a pipeline run on its own ({@code pipewright run PIPELINE --node ID --workspace DIR}), as
 * a workflow on a cluster runs each node in its own process: its inputs are read from the
 * {@link NodeWorkspace} where the nodes it reads from wrote theirs, its outputs written there under the
 * cache key the engine uses ({@link PipelineRunner#keys}), so a node whose outputs are there already is
 * not run again. Every node of the workflow is recorded in one run of the store (by its key): the
 * first node opens it, each node adds its metrics, parameters, datasets, artifacts, time and peak
 * memory, and the last node (one no node reads from) closes it; a node that fails closes it as failed.
 */
public final class NodeRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The file in a workspace naming the run its nodes are recorded in, when {@code --run-id} is not given. */
    static final String RUN_ID_FILE = "run-id";

    /** Where to record (store null: not recorded), the artifacts folder, the app's version, the run's tags and key (null: the workspace's). */
    public record Setting(Store store, Path artifacts, String version, Map<String, String> tags, String runKey,
                          io.pipewright.data.DatabaseCredentials credentials, Path dataRoot) {
        /** A setting whose data folder is the one of the home these artifacts are in ({@code $PIPEWRIGHT_DATA}, else its data/). */
        public Setting(Store store, Path artifacts, String version, Map<String, String> tags, String runKey,
                       io.pipewright.data.DatabaseCredentials credentials) {
            this(store, artifacts, version, tags, runKey, credentials, StoreRunEnvironment.dataRootOf(artifacts));
        }

        /** A setting whose database sources log in with this process's credentials. */
        public Setting(Store store, Path artifacts, String version, Map<String, String> tags, String runKey) {
            this(store, artifacts, version, tags, runKey, io.pipewright.data.DatabaseCredentials.ofProcess());
        }
    }

    /**
     * How it went: the run's key, the node's status (done, cached or failed), its time and peak memory,
     * the failure, the metrics of its evaluation, files written to the artifacts folder, and the status the
     * run was closed with (null while it stays open for the nodes still to come).
     */
    public record Outcome(String runKey, String node, NodeEvent.Status status, double seconds, long peakMemoryBytes, String failure,
                          Map<String, Double> metrics, List<Path> artifacts, String runClosed) {
    }

    private NodeRun() {
    }

    /** Runs one node; refusals (an unknown node, a missing, stale or damaged input) throw {@link PipelineException} before anything is recorded. */
    public static Outcome run(Pipeline pipeline, String fileName, String nodeId, long seed, Path folder, Setting setting, RunListener listener,
                              Progress progress, Consumer<String> warning) {
        return run(pipeline, fileName, nodeId, seed, folder, setting, listener, progress, warning, false);
    }

    /** As {@link #run}; {@code recordedStudies}: a tune node takes its study from the trials recorded in the store ({@link StudyRun#select}). */
    static Outcome run(Pipeline pipeline, String fileName, String nodeId, long seed, Path folder, Setting setting, RunListener listener,
                       Progress progress, Consumer<String> warning, boolean recordedStudies) {
        check(pipeline, fileName, nodeId, setting);
        var workspace = new NodeWorkspace(folder);
        Map<String, String> keys = PipelineRunner.keys(pipeline, seed);
        NodeType type = pipeline.types().get(nodeId);
        Map<String, Object> inputs = inputs(pipeline, nodeId, workspace, keys);
        String runKey = runKey(folder, setting.runKey());
        Recording recording = open(pipeline, runKey, fileName, seed, setting, warning);
        String key = keys.get(nodeId);
        if (PipelineRunner.cacheable(type) && workspace.holds(nodeId, key)) {
            listener.event(NodeEvent.cached(nodeId));
            var artifacts = new ArrayList<Path>();
            String closed = null;
            if (recording != null) {
                try {
                    if (!recording.runs().tags(recording.run().id()).containsKey("node." + nodeId + ".status")) {
                        // a run that has not heard of this node (a new --run-id over a kept workspace) records its outputs, as a local
                        // run records a cached node's; its time and peak memory stay those of the run that computed them
                        var cached = new LinkedHashMap<String, Object>();
                        workspace.manifest(nodeId).orElseThrow().outputs().keySet()
                                .forEach(port -> cached.put(port, workspace.read(nodeId, port, key, nodeId)));
                        artifacts.addAll(recording.results(pipeline, nodeId, inputs, cached, -1, -1, setting, null, warning));
                    }
                    closed = recording.nodeEnded(pipeline, nodeId, "cached", workspace, keys);
                } catch (StoreException e) {
                    warning.accept("node '" + nodeId + "' was not fully recorded: " + e.getMessage());
                }
            }
            return new Outcome(runKey, nodeId, NodeEvent.Status.CACHED, 0, 0, null, Map.of(), artifacts, closed);
        }
        StoreRunEnvironment backed = recording == null ? null : new StoreRunEnvironment(
                new ModelRegistry(setting.store(), Clock.systemUTC()), setting.artifacts(), runKey, setting.version(), recording.runs(),
                recording.run(), setting.artifacts().resolve(pipeline.name()).resolve(runKey), setting.credentials(), pipeline.name(),
                setting.dataRoot());
        if (backed != null && recordedStudies) {
            backed.readingRecordedStudies();
        }
        RunEnvironment environment = backed == null ? RunEnvironment.NONE : backed;
        RunListener recorded = RunListener.recordingMetrics(listener, recording == null ? null
                : (node, metric, step, value) -> recording.runs().metric(recording.run().id(), node + "." + metric, step, value));
        listener.event(NodeEvent.running(nodeId, 0, null));
        var memory = new PipelineRunner.PeakMemory();
        long started = System.nanoTime();
        long baseline = memory.begin();
        Map<String, Object> produced;
        try {
            produced = type.run(new NodeContext(nodeId, pipeline.params().get(nodeId), inputs, seed, pipeline.folder(), recorded, progress, environment));
        } catch (Exception | OutOfMemoryError e) {
            memory.stop();
            double seconds = (System.nanoTime() - started) / 1e9;
            String message = e instanceof OutOfMemoryError ? "out of memory (give Java more with -Xmx, or sample the data)"
                    : e instanceof CancelledException ? "cancelled" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String failure = message.startsWith("node '") ? message : "node '" + nodeId + "': " + message;
            listener.event(NodeEvent.failed(nodeId, message, seconds));
            String closed = null;
            if (recording != null) {
                recording.failed(nodeId, failure, warning);
                closed = Runs.FAILED;
            }
            return new Outcome(runKey, nodeId, NodeEvent.Status.FAILED, seconds, 0, failure, Map.of(), List.of(), closed);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = Math.max(0, memory.peak() - baseline);
        memory.stop();
        workspace.write(pipeline.name(), nodeId, key, seconds, peak, produced, setting.version());
        if (backed != null) {
            // a node run alone (a cluster's task) has finished its part: its reads' high-water marks are kept now
            try {
                backed.keepWatermarks();
            } catch (StoreException e) {
                warning.accept("node '" + nodeId + "': the high-water marks of its incremental reads were not kept: " + e.getMessage());
            }
        }
        listener.event(NodeEvent.done(nodeId, seconds, peak));
        Map<String, Double> metrics = new LinkedHashMap<>();
        produced.values().forEach(value -> {
            if (value instanceof Evaluation evaluation && type.producesEvaluation()) {
                metrics.putAll(evaluation.metrics());
            }
        });
        var artifacts = new ArrayList<Path>();
        String closed = null;
        if (recording != null) {
            try {
                artifacts.addAll(recording.results(pipeline, nodeId, inputs, produced, seconds, peak, setting,
                        backed, warning));
                closed = recording.nodeEnded(pipeline, nodeId, "done", workspace, keys);
            } catch (StoreException e) {
                warning.accept("node '" + nodeId + "' was not fully recorded: " + e.getMessage());
            }
        }
        return new Outcome(runKey, nodeId, NodeEvent.Status.DONE, seconds, peak, null, metrics, artifacts, closed);
    }

    /** Refuses an unknown node and a run key that cannot name a folder. */
    static void check(Pipeline pipeline, String fileName, String nodeId, Setting setting) {
        if (!pipeline.types().containsKey(nodeId)) {
            throw new PipelineException(fileName + ": no node '" + nodeId + "'" + Names.didYouMean(nodeId, pipeline.order()));
        }
        if (setting.runKey() != null && !setting.runKey().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            // it names the run's artifacts folder
            throw new PipelineException("--run-id '" + setting.runKey() + "': use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
    }

    /** A node's inputs, read from the workspace where the nodes it reads from wrote their outputs. */
    static Map<String, Object> inputs(Pipeline pipeline, String nodeId, NodeWorkspace workspace, Map<String, String> keys) {
        var inputs = new LinkedHashMap<String, Object>();
        pipeline.node(nodeId).inputs().forEach((port, source) -> {
            int dot = source.lastIndexOf('.');
            String from = source.substring(0, dot);
            inputs.put(port, workspace.read(from, source.substring(dot + 1), keys.get(from), nodeId));
        });
        return inputs;
    }

    /** The run's key: the one given (kept in the workspace for the nodes after), else the workspace's, else a new one. */
    static String runKey(Path folder, String given) {
        Path file = folder.resolve(RUN_ID_FILE);
        try {
            Files.createDirectories(folder);
            if (given != null) {
                if (!Files.exists(file)) {
                    Files.writeString(file, given + "\n");
                }
                return given;
            }
            if (Files.isRegularFile(file)) {
                String kept = Files.readString(file).strip();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            String key = RecordedRun.newRunId();
            Files.writeString(file, key + "\n");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the workspace " + folder + ": " + e.getMessage(), e);
        }
    }

    static Recording open(Pipeline pipeline, String runKey, String fileName, long seed, Setting setting, Consumer<String> warning) {
        if (setting.store() == null) {
            return null;
        }
        String text = PipelineFiles.toYaml(pipeline.document());
        var params = new LinkedHashMap<String, String>();
        pipeline.params().forEach((node, values) -> RunRecorder.flatten(node, values, params));
        try {
            var workflow = new WorkflowRuns(new Runs(setting.store(), Clock.systemUTC()));
            return new Recording(workflow, workflow.open(pipeline.name(), runKey, fileName, seed, RunRecorder.sha256(text), text, params, setting.tags()));
        } catch (StoreException e) {
            warning.accept("the node is not recorded: " + e.getMessage());
            return null;
        } catch (io.pipewright.track.StoreLimits.TooLongException e) {
            throw new PipelineException(fileName + ": " + e.getMessage() + "; nothing was run", e);
        }
    }

    /** The workflow's run, as this node records in it. */
    record Recording(WorkflowRuns workflow, Runs.Run run) {
        Runs runs() {
            return workflow.runs();
        }

        /**
         * What the node produced, as a local run records it: a model's effective hyperparameters, the
         * datasets read, an evaluation's metrics and file (with the model it scored), the node's time and
         * peak memory (when it ran: {@code seconds} is -1 for a cached node), and the files the node attached (registered models, reports).
         * Returns the files written.
         */
        List<Path> results(Pipeline pipeline, String nodeId, Map<String, Object> inputs, Map<String, Object> produced, double seconds, long peak,
                           Setting setting, StoreRunEnvironment environment, Consumer<String> warning) {
            NodeType type = pipeline.types().get(nodeId);
            Path folder = setting.artifacts().resolve(pipeline.name()).resolve(run.key());
            var params = new LinkedHashMap<String, String>();
            var written = new LinkedHashMap<Path, String>();
            produced.forEach((port, value) -> {
                if (value instanceof TrainedModel model) {
                    RunRecorder.flatten(nodeId + ".hyperparameters", model.hyperparameters(), params);
                    boolean scored = pipeline.document().nodes().stream().anyMatch(node -> pipeline.types().get(node.id()).producesEvaluation()
                            && node.inputs().containsValue(nodeId + "." + port));
                    if (!scored) {
                        Path file = folder.resolve(nodeId + ModelArtifact.EXTENSION);
                        ModelArtifact.write(model, pipeline.name() + "-" + nodeId, Map.of(), setting.version(), file);
                        written.put(file, "model");
                    }
                } else if (value instanceof DataTable table && type.dataset().isPresent()) {
                    table.sources().forEach(sha256 -> runs().dataset(run.id(), nodeId, sha256));
                    var versions = RunRecorder.of(runs(), run);
                    versions.recordVersion(pipeline, nodeId, table);
                    versions.warnings().forEach(warning);
                } else if (value instanceof Evaluation evaluation && type.producesEvaluation()) {
                    evaluation.metrics().forEach((metric, number) -> runs().metric(run.id(), nodeId + "." + metric, 0, number));
                    Path file = folder.resolve(nodeId + ".evaluation.json");
                    write(file, evaluation);
                    written.put(file, "evaluation");
                    // the model it scored is kept with these metrics, as a local run keeps it
                    type.inputs().stream().filter(spec -> spec.type() == PortType.MODEL && inputs.get(spec.name()) instanceof TrainedModel)
                            .findFirst().ifPresent(spec -> {
                                String source = pipeline.node(nodeId).inputs().get(spec.name());
                                String from = source.substring(0, source.lastIndexOf('.'));
                                Path model = folder.resolve(from + ModelArtifact.EXTENSION);
                                ModelArtifact.write((TrainedModel) inputs.get(spec.name()), pipeline.name() + "-" + from, evaluation.metrics(),
                                        setting.version(), model);
                                written.put(model, "model");
                            });
                }
            });
            if (environment != null) {
                environment.written().values().forEach(file -> written.put(file, environment.kindOf(file) == null ? "model" : environment.kindOf(file)));
            }
            if (seconds >= 0) {
                runs().metric(run.id(), nodeId + ".node_seconds", 0, seconds);
                runs().metric(run.id(), nodeId + ".node_peak_memory_bytes", 0, peak);
            }
            runs().flush();
            workflow.params(run.id(), params);
            written.forEach((file, kind) -> {
                try {
                    runs().artifact(run.id(), file.toString(), kind, Files.size(file), NodeWorkspace.sha256(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
                }
            });
            return new ArrayList<>(written.keySet());
        }

        /** Notes how the node ended; closes the run as finished when every last node (one no node reads from) has its outputs. */
        String nodeEnded(Pipeline pipeline, String nodeId, String status, NodeWorkspace workspace, Map<String, String> keys) {
            runs().tags(run.id(), Map.of("node." + nodeId + ".status", status));
            var consumed = new java.util.HashSet<String>();
            pipeline.document().nodes().forEach(node -> node.inputs().values().forEach(source -> consumed.add(source.substring(0, source.lastIndexOf('.')))));
            List<String> last = pipeline.order().stream().filter(id -> !consumed.contains(id)).toList();
            boolean done = last.contains(nodeId) && last.stream().allMatch(id -> id.equals(nodeId) || workspace.holds(id, keys.get(id)));
            if (!done) {
                return null;
            }
            runs().end(run.id(), Runs.FINISHED, null);
            return Runs.FINISHED;
        }

        void failed(String nodeId, String failure, Consumer<String> warning) {
            try {
                runs().tags(run.id(), Map.of("node." + nodeId + ".status", "failed"));
                runs().end(run.id(), Runs.FAILED, failure);
            } catch (StoreException e) {
                warning.accept("the failure of node '" + nodeId + "' was not recorded: " + e.getMessage());
            }
        }

        private static void write(Path file, Evaluation evaluation) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, JSON.writeValueAsString(evaluation) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
