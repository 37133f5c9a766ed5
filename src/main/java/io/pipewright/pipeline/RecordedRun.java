package io.pipewright.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.system.SystemSampler;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.track.StoreException;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.TrainedModel;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A pipeline run as the command line and the window make it: recorded in the store (params, metric
 * histories, system metrics sampled every second, the pipeline text, datasets), each model written
 * as an artifact with the metrics of the evaluation that read it, each evaluation as JSON. Without a
 * store the run goes on unrecorded.
 */
public final class RecordedRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Where and how to run: the store (null: not recorded), the artifacts folder, the app's version,
     * the run's tags, and the node cache (the editor keeps one across its runs, so unchanged nodes are not run again).
     */
    public record Setting(Store store, Path artifacts, String version, Map<String, String> tags, int parallelism, NodeCache cache,
                          io.pipewright.data.DatabaseCredentials credentials, Path dataRoot) {
        /** A setting whose data folder is the one of the home these artifacts are in ({@code $PIPEWRIGHT_DATA}, else its data/). */
        public Setting(Store store, Path artifacts, String version, Map<String, String> tags, int parallelism, NodeCache cache,
                       io.pipewright.data.DatabaseCredentials credentials) {
            this(store, artifacts, version, tags, parallelism, cache, credentials, StoreRunEnvironment.dataRootOf(artifacts));
        }

        /** A setting whose database sources log in with this process's credentials. */
        public Setting(Store store, Path artifacts, String version, Map<String, String> tags, int parallelism, NodeCache cache) {
            this(store, artifacts, version, tags, parallelism, cache, io.pipewright.data.DatabaseCredentials.ofProcess());
        }
    }

    /** How it went: the run's id, the engine's result, seconds, evaluation metrics by node, files written. */
    public record Outcome(String runId, PipelineRunner.Result result, double seconds, Map<String, Map<String, Double>> metrics, List<Path> artifacts) {
    }

    private RecordedRun() {
    }

    /** A new run id: the time, then six hex digits ({@code 20261127-140512-3fe0b5}). */
    public static String newRunId() {
        // six random hex digits (24 bits): two runs started in the same second rarely share an id
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + String.format("%06x", java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /**
     * Runs the pipeline (up to a node when {@code upTo} is set); {@code warning} hears what could not be
     * recorded. The listener hears every event and metric, on the engine's threads.
     */
    public static Outcome run(Pipeline pipeline, String fileName, String upTo, long seed, Setting setting, RunListener listener, Progress progress,
                              Consumer<String> warning) {
        if (upTo != null && !pipeline.types().containsKey(upTo)) {
            // refused before the store is touched: a mistyped node records no failed run
            throw new PipelineException(fileName + ": no node '" + upTo + "' to run up to" + Names.didYouMean(upTo, pipeline.order()));
        }
        String runId = newRunId();
        RunRecorder recorder = null;
        if (setting.store() != null) {
            try {
                recorder = RunRecorder.start(new Runs(setting.store(), java.time.Clock.systemUTC()), pipeline, runId, fileName, seed, setting.tags());
            } catch (StoreException e) {
                warning.accept("the run is not recorded: " + e.getMessage());
            } catch (io.pipewright.track.StoreLimits.TooLongException e) {
                // checked before anything is written: refused like any other bad input, not run unrecorded
                throw new PipelineException(fileName + ": " + e.getMessage() + "; nothing was run", e);
            }
        }
        final RunRecorder recording = recorder;
        long started = System.nanoTime();
        PipelineRunner.Result result;
        StoreRunEnvironment registered = null;
        // CPU, memory and GPU while the run lasts, as the run's system.* series
        var sampler = SystemSampler.start(1000, (step, values) -> values.forEach((key, value) -> {
            if (recording != null) {
                recording.metric("system", key, step, value);
            }
            listener.metric("system", key, step, value);
        }));
        try {
            RunEnvironment environment = setting.store() == null ? RunEnvironment.NONE : new StoreRunEnvironment(
                    new ModelRegistry(setting.store(), java.time.Clock.systemUTC()), setting.artifacts(), runId, setting.version(),
                    recording == null ? null : recording.runs(), recording == null ? null : recording.run(),
                    setting.artifacts().resolve(pipeline.name()).resolve(runId), setting.credentials(), pipeline.name(), setting.dataRoot());
            registered = environment instanceof StoreRunEnvironment backed ? backed : null;
            result = new PipelineRunner(setting.cache() == null ? new NodeCache(64) : setting.cache(), Math.max(1, setting.parallelism()), environment).run(pipeline, upTo, seed,
                    RunListener.recordingMetrics(listener, recording == null ? null : recording::metric), progress);
        } catch (RuntimeException e) {
            if (recording != null) {
                recording.abandon(e.getMessage());
            }
            throw e;
        } finally {
            sampler.close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        var metrics = new LinkedHashMap<String, Map<String, Double>>();
        result.outputs().forEach((id, outputs) -> outputs.values().forEach(value -> {
            if (value instanceof Evaluation evaluation && pipeline.types().get(id).producesEvaluation()) {
                metrics.put(id, evaluation.metrics());
            }
        }));
        Map<String, Path> written = new LinkedHashMap<>(writeArtifacts(pipeline, result, runId, metrics, setting));
        if (registered != null) {
            written.putAll(registered.written());
        }
        if (registered != null && result.status() == PipelineRunner.Status.FINISHED) {
            try {
                registered.keepWatermarks();
            } catch (StoreException e) {
                warning.accept("the high-water marks of the incremental reads were not kept (the next run reads those rows again): " + e.getMessage());
            }
        }
        if (recording != null) {
            try {
                StoreRunEnvironment attached = registered;
                recording.finish(pipeline, result, written, file -> attached == null ? null : attached.kindOf(file));
                recording.warnings().forEach(warning);
            } catch (StoreException e) {
                warning.accept("the run was not fully recorded: " + e.getMessage());
            }
        }
        return new Outcome(runId, result, seconds, metrics, new ArrayList<>(written.values()));
    }

    /** Whether one of a node's inputs of this type is connected to {@code source} ({@code node.port}). */
    private static boolean reads(Pipeline pipeline, PipelineDocument.Node node, PortType type, String source) {
        NodeType nodeType = pipeline.types().get(node.id());
        return nodeType != null && nodeType.inputs().stream().anyMatch(port -> port.type() == type && source.equals(node.inputs().get(port.name())));
    }

    /**
     * Each model a node produced, as {@code artifacts/<pipeline>/<run>/<node>.pwmodel} with the metrics of a node
     * that evaluates it ({@link NodeType#producesEvaluation()}), and each evaluation (metrics, baselines, confusion matrix, ROC and PR curves) as {@code <node>.evaluation.json}.
     */
    private static Map<String, Path> writeArtifacts(Pipeline pipeline, PipelineRunner.Result result, String runId, Map<String, Map<String, Double>> metrics,
                                                    Setting setting) {
        var written = new LinkedHashMap<String, Path>();
        Path folder = setting.artifacts().resolve(pipeline.name()).resolve(runId);
        for (var entry : result.outputs().entrySet()) {
            for (var output : entry.getValue().entrySet()) {
                if (output.getValue() instanceof Evaluation evaluation) {
                    Path target = folder.resolve(entry.getKey() + ".evaluation.json");
                    try {
                        Files.createDirectories(folder);
                        Files.writeString(target, JSON.writeValueAsString(evaluation) + "\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
                    }
                    written.put(entry.getKey(), target);
                } else if (output.getValue() instanceof TrainedModel model) {
                    String source = entry.getKey() + "." + output.getKey();
                    Map<String, Double> modelMetrics = pipeline.document().nodes().stream()
                            .filter(node -> metrics.containsKey(node.id()) && reads(pipeline, node, PortType.MODEL, source))
                            .map(node -> metrics.get(node.id())).findFirst().orElse(Map.of());
                    Path target = folder.resolve(entry.getKey() + ModelArtifact.EXTENSION);
                    try {
                        Files.createDirectories(folder);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
                    }
                    ModelArtifact.write(model, pipeline.name() + "-" + entry.getKey(), modelMetrics, setting.version(), target);
                    written.put(entry.getKey(), target);
                }
            }
        }
        return written;
    }
}
